using System.Globalization;
using System.Text;
using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Adm;

public sealed class AdmParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    private static readonly string[] AdmFeatures = ["adm2", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3", "aim"];

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Every_adm_key_matches_libvmaf_on_every_frame_of_every_golden_pair(KernelPath kernels)
    {
        SharedData.RequireOrSkip();
        var worst = AdmExtractor.Keys.ToDictionary(k => k, _ => (Delta: 0.0, Where: "none"));
        int pairs = 0, frames = 0;
        foreach (string pair in SharedData.GoldenPairs())
        {
            var log = LibvmafLog.Read(SharedData.GoldenLog(pair));
            using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
            using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
            var table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = AdmFeatures, Threads = 1, Kernels = kernels }, TestContext.Current.CancellationToken);

            Assert.Equal(log.Frames.FrameCount, table.FrameCount);
            foreach (string key in AdmExtractor.Keys)
            {
                var expected = log.Frames.Column(key);
                var actual = table.Column(key);
                for (int frame = 0; frame < expected.Length; frame++)
                {
                    // NaN (on either side) counts as an infinite difference, so that no later frame can overwrite it.
                    double delta = Math.Abs(actual[frame] - expected[frame]);
                    if (double.IsNaN(delta) || delta > worst[key].Delta)
                    {
                        worst[key] = (double.IsNaN(delta) ? double.PositiveInfinity : delta, $"{pair} frame {frame}: {actual[frame]:R} vs libvmaf {expected[frame]:R}");
                    }
                }

                GoldenComparisons.Record(expected.Length);
            }

            pairs++;
            frames += table.FrameCount;
        }

        var report = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{pairs} pairs, {frames} frames, kernels {kernels}");
        foreach (var (key, (delta, where)) in worst)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{key,-20} max |d| {delta:E2}  ({where})");
        }

        output.WriteLine(report.ToString());
        Assert.True(pairs > 0, "no golden pairs found");
        Assert.True(frames > 0, "no frame was compared");
        Assert.True(worst.Values.All(w => w.Delta <= Tolerance), report.ToString());
    }
}
