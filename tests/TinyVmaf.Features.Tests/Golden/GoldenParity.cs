using System.Collections.Concurrent;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// Runs the pipeline on every golden pair of ../shared and measures, per libvmaf key, the largest per-frame
/// difference from the golden libvmaf log. A run is shared by every test that asks for the same features
/// and thread count, so that test classes checking different keys of one run read the clips once.
/// </summary>
internal static class GoldenParity
{
    /// <summary>The worst difference of one key over every frame of every pair, and where it was.</summary>
    public sealed record Worst(string Key, double Delta, string Pair, int Frame, int FramesCompared);

    /// <summary>
    /// Motion and PSNR together: on two threads this takes the pipeline's parallel path, where motion runs in
    /// order on the reading thread while PSNR runs on the workers.
    /// </summary>
    public static readonly IReadOnlyList<string> MotionAndPsnr = ["motion", "motion2", "motion3", "psnr_y", "psnr_cb", "psnr_cr"];

    /// <summary>SSIM and MS-SSIM together, so that their parity tests share one read of the clips per kernel path.</summary>
    public static readonly IReadOnlyList<string> SsimFamily = ["float_ssim", "float_ms_ssim"];

    /// <summary>An identity pair and one pair per pixel format, for runs of the slower scalar reference kernels.</summary>
    public static readonly IReadOnlyList<string> OnePairPerFormat =
        ["coffee", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, Worst>>> Runs = new();

    /// <summary>
    /// The worst differences of <paramref name="keys"/> over <paramref name="pairs"/> (every golden pair when
    /// null), computing <paramref name="features"/> on <paramref name="threads"/> with <paramref name="kernels"/>.
    /// </summary>
    public static IReadOnlyList<Worst> Measure(
        IReadOnlyList<string> features, IReadOnlyList<string> keys, int threads, KernelPath kernels = KernelPath.Auto,
        IReadOnlyList<string>? pairs = null)
    {
        string id = $"{string.Join(",", features)}|{threads}|{kernels}|{(pairs is null ? "all" : string.Join(",", pairs))}";
        var worst = Runs.GetOrAdd(id, _ => new Lazy<IReadOnlyDictionary<string, Worst>>(() => Run(features, threads, kernels, pairs))).Value;
        var measured = keys.Select(k => worst[k]).ToArray();

        // A worst difference of 0 over no frame would pass every bar: each key must have been compared.
        Assert.All(measured, w => Assert.True(w.FramesCompared > 0, $"{w.Key}: no frame was compared"));
        return measured;
    }

    /// <summary>
    /// Writes every key's worst difference, headed by <paramref name="run"/>, and asserts each key was compared on
    /// some frame and is within <paramref name="tolerance"/>.
    /// </summary>
    public static void AssertWithin(IReadOnlyList<Worst> worst, double tolerance, ITestOutputHelper output, string run)
    {
        foreach (var w in worst)
        {
            output.WriteLine($"{run}: {Describe(w)}");
        }

        Assert.All(worst, w => Assert.True(w.FramesCompared > 0, $"{w.Key}: no frame was compared"));
        Assert.All(worst, w => Assert.True(w.Delta <= tolerance, Describe(w)));
    }

    public static string Describe(Worst w) =>
        $"{w.Key}: max |Δ| {w.Delta:G3} over {w.FramesCompared} frames" + (w.Frame >= 0 ? $" (worst: {w.Pair} frame {w.Frame})" : "");

    /// <summary>
    /// |Δ| of one frame. libvmaf writes a non-finite score as <c>null</c>, which reads back as NaN; our
    /// infinite score for the same frame (e.g. ciede2000 of identical pictures) matches it.
    /// </summary>
    public static double FrameDelta(double expected, double actual) =>
        double.IsNaN(expected) && double.IsInfinity(actual) ? 0 : Math.Abs(actual - expected);

    private static Dictionary<string, Worst> Run(IReadOnlyList<string> features, int threads, KernelPath kernels, IReadOnlyList<string>? pairs)
    {
        var keys = ExtractorRegistry.Resolve(features).SelectMany(d => d.Keys).ToArray();
        var worst = keys.ToDictionary(k => k, k => new Worst(k, 0, "", -1, 0));
        foreach (string pair in pairs ?? SharedData.GoldenPairs())
        {
            var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var ours = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = features, Threads = threads, Kernels = kernels });

            Assert.Equal(golden.FrameCount, ours.FrameCount);
            foreach (string key in keys)
            {
                var expected = golden.Column(key);
                var actual = ours.Column(key);
                var w = worst[key];
                for (int f = 0; f < expected.Length; f++)
                {
                    double delta = FrameDelta(expected[f], actual[f]);
                    if (double.IsNaN(delta) || delta > w.Delta)
                    {
                        w = w with { Delta = double.IsNaN(delta) ? double.PositiveInfinity : delta, Pair = pair, Frame = f };
                    }
                }

                worst[key] = w with { FramesCompared = w.FramesCompared + expected.Length };
                GoldenComparisons.Record(expected.Length);
            }
        }

        return worst;
    }
}
