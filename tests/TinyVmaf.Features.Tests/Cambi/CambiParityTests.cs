using TinyVmaf.Features.Cambi;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Cambi;

public sealed class CambiParityTests
{
    /// <summary>The parity bar of the feature issue against libvmaf 3.0's logs, on every frame.</summary>
    private const double Tolerance = 1e-3;

    private static readonly string[] Features = ["cambi"];

    /// <summary>One pair per pixel format and an identity pair, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["mandelbrot", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    [Fact]
    public void Every_golden_pair_matches_libvmaf_on_every_frame()
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
        string key = CambiExtractor.Keys[0];
        var worst = (Delta: 0.0, Where: "");
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
            for (int frame = 0; frame < actual.FrameCount; frame++)
            {
                compared++;
                double delta = Math.Abs(actual[frame, key] - expected[frame, key]);
                if (!(delta <= worst.Delta))
                {
                    worst = (delta, $"{pair} frame {frame}");
                }

                if (!(delta <= Tolerance))
                {
                    failures.Add($"{pair} frame {frame}: ours {actual[frame, key]:R}, libvmaf {expected[frame, key]:R}");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{kernels} kernels, {pairs.Count} pairs, {compared} frames; max |delta| {worst.Delta:G3} ({worst.Where})");
        Assert.True(failures.Count == 0, $"{failures.Count} frames off by more than {Tolerance}:\n" + string.Join("\n", failures.Take(20)));
    }
}
