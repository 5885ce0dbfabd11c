using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Features.Vif;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Vif;

public sealed class VifParityTests
{
    /// <summary>The parity bar against libvmaf 3.0's logs, on every frame.</summary>
    private const double Tolerance = 1e-6;

    private static readonly string[] Features = ["vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3"];

    /// <summary>One pair per pixel format and an identity pair, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["coffee", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    [Fact]
    public void Every_golden_pair_matches_libvmaf_on_every_frame_and_scale()
    {
        SharedData.RequireOrSkip();
        AssertParity(SharedData.GoldenPairs().ToArray(), KernelPath.Auto);
    }

    [Fact]
    public void The_scalar_reference_kernel_matches_libvmaf_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();
        AssertParity(OnePairPerFormat, KernelPath.Scalar);
    }

    private static void AssertParity(IReadOnlyList<string> pairs, KernelPath kernels)
    {
        Assert.NotEmpty(pairs);
        var worst = VifExtractor.Keys.ToDictionary(k => k, _ => (Delta: 0.0, Where: ""));
        var failures = new List<string>();
        int compared = 0;
        foreach (string pair in pairs)
        {
            var expected = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var actual = FeaturePipeline.Run(
                reference, distorted, new ExtractionOptions { Features = Features, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(expected.FrameCount, actual.FrameCount);
            foreach (string key in VifExtractor.Keys)
            {
                for (int frame = 0; frame < actual.FrameCount; frame++)
                {
                    double delta = Math.Abs(actual[frame, key] - expected[frame, key]);
                    if (double.IsNaN(delta) || delta > worst[key].Delta)
                    {
                        worst[key] = (double.IsNaN(delta) ? double.PositiveInfinity : delta, $"{pair} frame {frame}");
                    }

                    if (!(delta <= Tolerance))
                    {
                        failures.Add($"{pair} frame {frame} {key}: ours {actual[frame, key]:R}, libvmaf {expected[frame, key]:R}");
                    }
                }

                compared += actual.FrameCount;
            }
        }

        GoldenComparisons.Record(compared);
        Assert.True(compared > 0, "no frame was compared");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kernels} kernels, {pairs.Count} pairs; max |delta|: " + string.Join(", ", worst.Select(w => $"{w.Key} {w.Value.Delta:G3} {w.Value.Where}")));
        Assert.True(failures.Count == 0, $"{failures.Count} values off by more than {Tolerance}:\n" + string.Join("\n", failures.Take(20)));
    }
}
