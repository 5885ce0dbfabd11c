using System.Globalization;
using System.Text;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// One feature family against the golden libvmaf logs on every golden pair, on one kernel path: the worst
/// per-frame difference of each key and where it was.
/// </summary>
internal static class GoldenFeatureParity
{
    public sealed record Report(int Pairs, int Frames, IReadOnlyDictionary<string, (double Delta, string Where)> Worst)
    {
        public double MaxDelta => Worst.Values.Max(w => w.Delta);

        public override string ToString()
        {
            var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{Pairs} pairs, {Frames} frames");
            foreach (var (key, (delta, where)) in Worst)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{key,-16} max |d| {delta:E2}  ({where})");
            }

            return text.ToString();
        }
    }

    public static Report Measure(IReadOnlyList<string> features, KernelPath kernels, IEnumerable<string>? pairs = null)
    {
        var keys = features.Select(FeatureNames.LibvmafKey).ToArray();
        var worst = keys.ToDictionary(k => k, _ => (Delta: 0.0, Where: "none"));
        int pairCount = 0, frames = 0;
        foreach (string pair in pairs ?? SharedData.GoldenPairs())
        {
            var log = LibvmafLog.Read(SharedData.GoldenLog(pair));
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var table = FeaturePipeline.Run(
                reference, distorted, new ExtractionOptions { Features = features, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(log.Frames.FrameCount, table.FrameCount);
            foreach (string key in keys)
            {
                var expected = log.Frames.Column(key);
                var actual = table.Column(key);
                for (int frame = 0; frame < expected.Length; frame++)
                {
                    double delta = Math.Abs(actual[frame] - expected[frame]);
                    if (!(delta <= worst[key].Delta))
                    {
                        worst[key] = (double.IsNaN(delta) ? double.PositiveInfinity : delta,
                            $"{pair} frame {frame}: {actual[frame]:R} vs libvmaf {expected[frame]:R}");
                    }
                }
            }

            pairCount++;
            frames += table.FrameCount;
        }

        return new Report(pairCount, frames, worst);
    }
}
