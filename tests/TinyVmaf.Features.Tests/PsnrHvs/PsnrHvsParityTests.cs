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

    private static readonly string[] Features = ["psnr_hvs"];

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Every_golden_pair_matches_libvmaf_on_every_frame_and_plane(KernelPath kernels)
    {
        SharedData.RequireOrSkip();
        var pairs = SharedData.GoldenPairs().ToArray();
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
                    if (!(delta <= worst[key].Delta))
                    {
                        worst[key] = (delta, $"{pair} frame {frame}");
                    }

                    if (!(delta <= ToleranceDb))
                    {
                        failures.Add($"{pair} frame {frame} {key}: ours {ours:R}, libvmaf {theirs:R}");
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kernels} kernels, {pairs.Length} pairs, {frames} frames ({infinite} infinite values); max |Δ| dB: "
            + string.Join(", ", worst.Select(w => $"{w.Key} {w.Value.Delta:G3} ({w.Value.Where})")));
        Assert.True(failures.Count == 0, $"{failures.Count} values off by more than {ToleranceDb} dB:\n" + string.Join("\n", failures.Take(20)));
    }
}
