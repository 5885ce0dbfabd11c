using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// Runs the pipeline on every golden pair and measures, per libvmaf key, the largest per-frame difference from
/// the golden libvmaf log.
/// </summary>
internal static class GoldenParity
{
    /// <summary>The worst difference of one key over every frame of every pair, and where it was.</summary>
    public sealed record Worst(string Key, double Delta, string Pair, int Frame, int FramesCompared);

    public static IReadOnlyList<Worst> Measure(IReadOnlyList<string> features, IReadOnlyList<string> keys, int threads)
    {
        var worst = keys.ToDictionary(k => k, k => new Worst(k, 0, "", -1, 0));
        foreach (string pair in SharedData.GoldenPairs())
        {
            var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var ours = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = features, Threads = threads });

            Assert.Equal(golden.FrameCount, ours.FrameCount);
            foreach (string key in keys)
            {
                var expected = golden.Column(key);
                var actual = ours.Column(key);
                var w = worst[key];
                for (int f = 0; f < expected.Length; f++)
                {
                    double delta = Math.Abs(actual[f] - expected[f]);
                    if (double.IsNaN(delta) || delta > w.Delta)
                    {
                        w = w with { Delta = double.IsNaN(delta) ? double.PositiveInfinity : delta, Pair = pair, Frame = f };
                    }
                }

                worst[key] = w with { FramesCompared = w.FramesCompared + expected.Length };
            }
        }

        return keys.Select(k => worst[k]).ToArray();
    }

    public static string Describe(Worst w) =>
        $"{w.Key}: max |Δ| {w.Delta:G3} over {w.FramesCompared} frames" + (w.Frame >= 0 ? $" (worst: {w.Pair} frame {w.Frame})" : "");
}
