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

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void Every_golden_pair_matches_libvmaf_on_every_frame_and_scale(KernelPath kernels)
    {
        SharedData.RequireOrSkip();
        var worst = VifExtractor.Keys.ToDictionary(k => k, _ => (Delta: 0.0, Where: ""));
        var failures = new List<string>();
        int pairs = 0;
        foreach (string pair in SharedData.GoldenPairs())
        {
            pairs++;
            var expected = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var actual = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = Features, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(expected.FrameCount, actual.FrameCount);
            foreach (string key in VifExtractor.Keys)
            {
                for (int frame = 0; frame < actual.FrameCount; frame++)
                {
                    double delta = Math.Abs(actual[frame, key] - expected[frame, key]);
                    if (!(delta <= worst[key].Delta))
                    {
                        worst[key] = (delta, $"{pair} frame {frame}");
                    }

                    if (!(delta <= Tolerance))
                    {
                        failures.Add($"{pair} frame {frame} {key}: ours {actual[frame, key]:R}, libvmaf {expected[frame, key]:R}");
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kernels}: {pairs} pairs; max |delta| " + string.Join(", ", worst.Select(w => $"{w.Key} {w.Value.Delta:G3} ({w.Value.Where})")));
        Assert.True(pairs > 0, "no golden pairs found");
        Assert.True(failures.Count == 0, $"{failures.Count} values off by more than {Tolerance}:\n" + string.Join("\n", failures.Take(20)));
    }
}
