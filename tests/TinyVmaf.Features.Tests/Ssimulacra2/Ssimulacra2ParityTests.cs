using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Ssimulacra2;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

public sealed class Ssimulacra2ParityTests
{
    /// <summary>The parity bar of the feature issue against the fork's logs, on every frame.</summary>
    private const double Tolerance = 1e-2;

    private static readonly string[] Features = ["ssimulacra2"];

    /// <summary>One pair per pixel format and an identity pair, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["coffee", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    [Fact]
    public void Every_golden_pair_matches_the_fork_on_every_frame()
    {
        SharedData.RequireOrSkip();
        AssertParity(SharedData.GoldenPairs().ToArray(), KernelPath.Auto);
    }

    [Fact]
    public void The_scalar_reference_kernel_matches_the_fork_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();
        AssertParity(OnePairPerFormat, KernelPath.Scalar);
    }

    private static void AssertParity(IReadOnlyList<string> pairs, KernelPath kernels)
    {
        Assert.NotEmpty(pairs);
        double worst = 0.0;
        string where = "";
        int frames = 0;
        var failures = new List<string>();
        foreach (string pair in pairs)
        {
            var expected = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var actual = FeaturePipeline.Run(
                reference, distorted, new ExtractionOptions { Features = Features, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(expected.FrameCount, actual.FrameCount);
            for (int frame = 0; frame < actual.FrameCount; frame++, frames++)
            {
                double ours = actual[frame, Ssimulacra2Extractor.Key], fork = expected[frame, Ssimulacra2Extractor.Key];
                double delta = Math.Abs(ours - fork);
                if (!(delta <= worst))
                {
                    (worst, where) = (delta, $"{pair} frame {frame}");
                }

                if (!(delta <= Tolerance))
                {
                    failures.Add($"{pair} frame {frame}: ours {ours:R}, fork {fork:R}");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{kernels} kernels, {pairs.Count} pairs, {frames} frames; max |delta| {worst:G3} ({where})");
        Assert.True(failures.Count == 0, $"{failures.Count} frames off by more than {Tolerance}:\n" + string.Join("\n", failures.Take(20)));
    }
}
