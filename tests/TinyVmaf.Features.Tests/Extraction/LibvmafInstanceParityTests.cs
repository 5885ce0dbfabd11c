using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Extraction;

/// <summary>
/// Extractor instances with the VMAF v1 models' options (CAMBI's high_res_speedup, max_val and
/// vis_lum_threshold; libvmaf 3.2's motion with max_val, five-frame window and moving average), requested as a
/// model requests them, against upstream libvmaf 3.2's <c>v1_features</c> logs (../shared/golden/models and
/// golden_v1/models), key by key with libvmaf's suffixes: CAMBI within 1e-3, motion within 1e-4.
/// </summary>
public sealed class LibvmafInstanceParityTests(ITestOutputHelper output)
{
    private static readonly ExtractorRequest[] Requests =
    [
        new("cambi", Options(("cambi_high_res_speedup", "1080"), ("cambi_vis_lum_threshold", "0.06"), ("cambi_max_val", "17")), "_hrs_1080_cmxv_17_vlt_0.06"),
        new("motion", Options(("motion_max_val", "18")), "_mmxv_18"),
        new("motion", Options(("motion_max_val", "18"), ("motion_five_frame_window", "true"), ("motion_moving_average", "true")), "_mffw_mmxv_18_mma"),
    ];

    [Theory]
    [InlineData("golden", 1)]
    [InlineData("golden", 2)]
    [InlineData("golden_v1", 2)]
    public void V1_option_sets_match_upstreams_v1_features_logs(string set, int threads)
    {
        SharedData.RequireOrSkip();
        if (set == "golden_v1")
        {
            TestClips.RequireFfmpeg();
        }

        string logs = Path.Combine(SharedData.Require(), set, "models", "v1_features");
        int values = 0;
        var worst = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string log in Directory.EnumerateFiles(logs, "*.json").Order(StringComparer.Ordinal))
        {
            string pair = Path.GetFileNameWithoutExtension(log);
            using var reference = Open(set, SharedData.SourceOf(pair));
            using var distorted = Open(set, pair);
            var table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Extractors = Requests, Threads = threads }, TestContext.Current.CancellationToken);
            var golden = LibvmafLog.Read(log).Frames;
            Assert.Equal(golden.FrameCount, table.FrameCount);
            foreach (string key in table.Keys)
            {
                double tolerance = key.StartsWith("cambi", StringComparison.Ordinal) ? 1e-3 : 1e-4;
                for (int f = 0; f < table.FrameCount; f++)
                {
                    double expected = golden[f, key], actual = table[f, key];
                    double delta = Math.Abs(expected - actual);
                    worst[key] = Math.Max(worst.GetValueOrDefault(key), delta);
                    Assert.True(delta <= tolerance, $"{pair} frame {f} {key}: libvmaf {expected:R}, ours {actual:R}");
                    values++;
                }
            }
        }

        GoldenComparisons.Record(values);
        output.WriteLine($"{set}: {values} values compared; max |Δ| " + string.Join(", ", worst.Select(w => $"{w.Key} {w.Value:E2}")));
        Assert.Equal(7, worst.Count);
        Assert.True(values > 0, "nothing compared");
    }

    [Fact]
    public void A_request_with_the_same_id_runs_once_and_keys_a_full_features_extractor_writes_stay_with_it()
    {
        var motion = new ExtractorRequest("motion", Options(), "");
        var descriptors = FeaturePipeline.Descriptors(new ExtractionOptions
        {
            Features = ["motion2"],
            Extractors = [motion, motion, new ExtractorRequest("motion", Options(("motion_max_val", "18")), "_mmxv_18")],
        });

        Assert.Equal(["motion", "motion", "motion_mmxv_18"], descriptors.Select(d => d.Name));
        Assert.Equal(["VMAF_integer_feature_motion_sad_score"], descriptors[1].Keys);
        Assert.Equal(
            ["VMAF_integer_feature_motion_sad_score_mmxv_18", "integer_motion2_mmxv_18", "integer_motion3_mmxv_18"],
            descriptors[2].Keys);
    }

    [Fact]
    public void An_unknown_extractor_or_option_is_refused_by_name()
    {
        var extractor = Assert.Throws<NotSupportedException>(() => LibvmafExtractors.Instantiate(new ExtractorRequest("float_ansnr", Options())));
        Assert.Contains("float_ansnr", extractor.Message, StringComparison.Ordinal);
        var option = Assert.Throws<NotSupportedException>(() => LibvmafExtractors.Instantiate(new ExtractorRequest("vif", Options(("vif_kernelscale", "2")))));
        Assert.Contains("vif_kernelscale", option.Message, StringComparison.Ordinal);
        var value = Assert.Throws<ArgumentException>(() => LibvmafExtractors.Instantiate(new ExtractorRequest("motion", Options(("motion_max_val", "-1")))));
        Assert.Contains("motion_max_val", value.Message, StringComparison.Ordinal);
    }

    private static IFrameSource Open(string set, string clip) =>
        set == "golden_v1"
            ? VideoSource.Open(Path.Combine(SharedData.Require(), "golden_v1", "clips", clip + ".mkv"))
            : Y4mReader.Open(SharedData.GoldenClip(clip));

    private static Dictionary<string, string> Options(params (string Name, string Value)[] options) =>
        options.ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);
}
