using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.PsnrHvs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.PsnrHvs;

public sealed class PsnrHvsParityTests
{
    /// <summary>The parity bar of the issue against libvmaf 3.0's logs, in dB, on every frame.</summary>
    private const double ToleranceDb = 1e-3;

    /// <summary>
    /// The scalar kernel is libvmaf's arithmetic step for step; its scores may differ only by the last bits of
    /// the final log10 where a platform's math library rounds differently.
    /// </summary>
    private const double ScalarToleranceDb = 1e-9;

    private static readonly string[] Features = ["psnr_hvs"];

    /// <summary>An identity pair and one pair per pixel format, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["coffee", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    [Fact]
    public void Every_golden_pair_matches_libvmaf_on_every_frame_and_plane()
    {
        SharedData.RequireOrSkip();
        AssertParity(SharedData.GoldenPairs().ToArray(), KernelPath.Auto, ToleranceDb);
    }

    [Fact]
    public void The_scalar_reference_kernel_is_libvmafs_arithmetic_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();
        AssertParity(OnePairPerFormat, KernelPath.Scalar, ScalarToleranceDb);
    }

    private static void AssertParity(string[] pairs, KernelPath kernels, double toleranceDb)
    {
        Assert.NotEmpty(pairs);

        var worst = PsnrHvsExtractor.Keys.ToDictionary(k => k, _ => (Delta: 0.0, Where: ""));
        var failures = new List<string>();
        int frames = 0, infinite = 0;
        foreach (string pair in pairs)
        {
            var expected = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var actual = FeaturePipeline.Run(
                reference, distorted, new ExtractionOptions { Features = Features, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(expected.FrameCount, actual.FrameCount);
            frames += actual.FrameCount;
            GoldenComparisons.Record((long)actual.FrameCount * PsnrHvsExtractor.Keys.Count);
            foreach (string key in PsnrHvsExtractor.Keys)
            {
                for (int frame = 0; frame < actual.FrameCount; frame++)
                {
                    double ours = actual[frame, key], theirs = expected[frame, key];

                    // libvmaf logs a non-finite score as null, which reads back as NaN: there, ours must be +∞
                    // (no error at all), never a finite number and never unwritten.
                    if (double.IsNaN(theirs))
                    {
                        infinite++;
                        if (!double.IsPositiveInfinity(ours))
                        {
                            failures.Add($"{pair} frame {frame} {key}: ours {ours:R}, libvmaf null (+∞)");
                        }

                        continue;
                    }

                    double delta = Math.Abs(ours - theirs);
                    if (double.IsNaN(delta) || delta > worst[key].Delta)
                    {
                        worst[key] = (double.IsNaN(delta) ? double.PositiveInfinity : delta, $"{pair} frame {frame}");
                    }

                    if (!(delta <= toleranceDb))
                    {
                        failures.Add($"{pair} frame {frame} {key}: ours {ours:R}, libvmaf {theirs:R}");
                    }
                }
            }
        }

        Assert.True(frames > 0, "no frame was compared");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kernels} kernels, {pairs.Length} pairs, {frames} frames ({infinite} infinite values); max |Δ| dB: "
            + string.Join(", ", worst.Select(w => $"{w.Key} {w.Value.Delta:G3} ({w.Value.Where})")));
        Assert.True(failures.Count == 0, $"{failures.Count} values off by more than {toleranceDb} dB:\n" + string.Join("\n", failures.Take(20)));
    }
}
