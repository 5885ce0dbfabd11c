using System.Text.Json;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// <c>evaluate</c> end to end on a corpus imported from golden logs: each video's pooled prediction must equal the mean
/// of what <c>predict</c> gives on the same log (another path: the log reader and the scoring code, not the corpus),
/// and the baseline the mean of the log's own <c>vmaf</c>.
/// </summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string[] Pairs = ["coffee__x264", "coffee__libsvtav1", "hubble__x265"];

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string ShippedModel(string file) => Path.Combine(SharedData.RepositoryRoot, "models", file);

    private string ImportCorpus()
    {
        string table = _cli.PathOf("lab.csv");
        File.WriteAllLines(table, ["distorted,source,codec,mos", "coffee__x264,coffee,h264,3.5", "coffee__libsvtav1,coffee,av1,2.0", "hubble__x265,hubble,hevc,4.5"]);
        string corpus = _cli.PathOf("lab.parquet");
        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", Path.Combine(SharedData.Golden, "features"), "--mos-scale", "1:5", "-o", corpus);
        Assert.True(exit == 0, stderr);
        return corpus;
    }

    [Fact]
    public void The_default_model_pooled_per_video_equals_predict_on_each_log()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportCorpus();

        var (exit, stdout, stderr) = _cli.Run("evaluate", "--corpus", corpus, "-o", _cli.PathOf("r.json"));

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("r.json")));
        var root = report.RootElement;
        Assert.Equal("fr_mos_v1", root.GetProperty("model_id").GetString());
        Assert.Equal(3, root.GetProperty("videos").GetInt32());
        foreach (string key in new[] { "plcc", "srocc", "krocc", "rmse", "plcc_logistic" })
        {
            Assert.True(root.GetProperty("model").TryGetProperty(key, out _), key);
            Assert.True(root.GetProperty("baseline_vmaf").TryGetProperty(key, out _), key);
        }

        Assert.Equal(3, root.GetProperty("per_dataset").GetProperty("lab").GetProperty("n").GetInt32());
        Assert.Equal(["libsvtav1", "x264", "x265"], root.GetProperty("per_codec").EnumerateObject().Select(p => p.Name));
        var videos = root.GetProperty("predictions").EnumerateArray().ToDictionary(v => v.GetProperty("unit").GetString()!);
        foreach (string pair in Pairs)
        {
            var (predicted, vmaf) = PredictMean(ShippedModel("fr_mos_v1.onnx"), pair, codec: null);
            Assert.Equal(predicted, videos[pair].GetProperty("model").GetDouble(), 5);
            Assert.Equal(vmaf, videos[pair].GetProperty("vmaf").GetDouble(), 9);
        }

        Assert.Equal((4.5 - 1) / 4 * 100, videos["hubble__x265"].GetProperty("mos").GetDouble(), 9);
        Assert.Contains("lab                  3", stdout);
        Assert.Contains("pooled               3", stdout);
    }

    [Fact]
    public void A_codec_aware_model_takes_the_corpus_codec_or_unknown()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportCorpus();
        string model = ShippedModel("fr_regressor_v2_codec_aware.onnx");

        var (exit, _, stderr) = _cli.Run("evaluate", "--corpus", corpus, "--model", model, "-o", _cli.PathOf("corpus.json"));
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = _cli.Run("evaluate", "--corpus", corpus, "--model", model, "--codec-from", "unknown", "-o", _cli.PathOf("unknown.json"));
        Assert.True(exit == 0, stderr);

        foreach (var (file, codecOf) in new[] { ("corpus.json", (Func<string, string?>)(p => p.Split("__")[1])), ("unknown.json", _ => "unknown") })
        {
            using var report = JsonDocument.Parse(File.ReadAllText(_cli.PathOf(file)));
            var videos = report.RootElement.GetProperty("predictions").EnumerateArray().ToDictionary(v => v.GetProperty("unit").GetString()!);
            foreach (string pair in Pairs)
            {
                Assert.Equal(PredictMean(model, pair, codecOf(pair)).Model, videos[pair].GetProperty("model").GetDouble(), 5);
            }
        }
    }

    [Fact]
    public void A_corpus_without_mos_or_without_a_models_feature_is_refused_naming_the_file()
    {
        SharedData.RequireOrSkip();
        string table = _cli.PathOf("teacher.csv");
        File.WriteAllLines(table, ["distorted,source,codec", "coffee__x264,coffee,h264"]);
        string teacher = _cli.PathOf("teacher.parquet");
        Assert.Equal(0, _cli.Run("corpus", "import", "--table", table, "--logs", Path.Combine(SharedData.Golden, "features"), "-o", teacher).Exit);

        var (exit, _, stderr) = _cli.Run("evaluate", "--corpus", teacher, "-o", _cli.PathOf("r.json"));
        Assert.Equal(1, exit);
        Assert.Contains("teacher.parquet", stderr);
        Assert.Contains("no 'mos' column", stderr);

        // A corpus from logs with adm2 and vif only: the default fr_mos_v1 also reads motion2 and psnr_y.
        string logs = Path.Combine(_cli.Dir, "logs");
        Directory.CreateDirectory(logs);
        File.WriteAllText(Path.Combine(logs, "v.json"),
            """{"version":"3.0.0","frames":[{"frameNum":0,"metrics":{"integer_adm2":0.9,"integer_vif_scale0":0.5,"integer_vif_scale1":0.8,"integer_vif_scale2":0.9,"integer_vif_scale3":0.95}}]}""");
        File.WriteAllLines(_cli.PathOf("partial.csv"), ["distorted,source,codec,mos", "v,s,x264,3"]);
        Assert.Equal(0, _cli.Run("corpus", "import", "--table", _cli.PathOf("partial.csv"), "--logs", logs, "-o", _cli.PathOf("partial.parquet")).Exit);

        (exit, _, stderr) = _cli.Run("evaluate", "--corpus", _cli.PathOf("partial.parquet"), "-o", _cli.PathOf("r.json"));
        Assert.Equal(1, exit);
        Assert.Contains("partial.parquet", stderr);
        Assert.Contains("lacks feature(s) motion2, psnr_y that model 'fr_mos_v1' reads", stderr);
        Assert.False(File.Exists(_cli.PathOf("r.json")));
    }

    [Fact]
    public void Libvmaf_1_3_logs_of_the_same_frames_evaluate_to_the_same_numbers()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportCorpus();

        // The same frames in libvmaf 1.3.x's layout and keys (vmafossexec --log-fmt json): bare adm2, vif_scale0..3,
        // motion2, psnr (luma), ssim, ms_ssim, vmaf; the newer keys left out.
        string logs = Path.Combine(_cli.Dir, "logs13");
        Directory.CreateDirectory(logs);
        var keys = new Dictionary<string, string>
        {
            ["integer_adm2"] = "adm2", ["integer_vif_scale0"] = "vif_scale0", ["integer_vif_scale1"] = "vif_scale1",
            ["integer_vif_scale2"] = "vif_scale2", ["integer_vif_scale3"] = "vif_scale3", ["integer_motion2"] = "motion2",
            ["psnr_y"] = "psnr", ["float_ssim"] = "ssim", ["float_ms_ssim"] = "ms_ssim", ["vmaf"] = "vmaf",
        };
        foreach (string pair in Pairs)
        {
            using var golden = JsonDocument.Parse(File.ReadAllText(SharedData.GoldenLog(pair)));
            using var stream = File.Create(Path.Combine(logs, pair + ".json"));
            using var json = new Utf8JsonWriter(stream);
            json.WriteStartObject();
            json.WriteString("version", "1.3.15");
            json.WriteStartArray("frames");
            foreach (var frame in golden.RootElement.GetProperty("frames").EnumerateArray())
            {
                json.WriteStartObject();
                json.WriteNumber("frameNum", frame.GetProperty("frameNum").GetInt32());
                json.WriteStartObject("metrics");
                foreach (var (key, old) in keys)
                {
                    json.WriteNumber(old, frame.GetProperty("metrics").GetProperty(key).GetDouble());
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        string old13 = _cli.PathOf("lab13.parquet");
        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", _cli.PathOf("lab.csv"), "--logs", logs, "--mos-scale", "1:5", "-o", old13);
        Assert.True(exit == 0, stderr);
        Assert.Equal(0, _cli.Run("evaluate", "--corpus", corpus, "-o", _cli.PathOf("new.json")).Exit);
        (exit, _, stderr) = _cli.Run("evaluate", "--corpus", old13, "-o", _cli.PathOf("old.json"));
        Assert.True(exit == 0, stderr);

        using var now = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("new.json")));
        using var then = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("old.json")));
        foreach (string part in new[] { "model", "baseline_vmaf" })
        {
            foreach (string metric in new[] { "plcc", "srocc", "rmse" })
            {
                Assert.Equal(now.RootElement.GetProperty(part).GetProperty(metric).GetDouble(), then.RootElement.GetProperty(part).GetProperty(metric).GetDouble(), 9);
            }
        }
    }

    /// <summary>The mean over frames of <c>predict</c>'s score on a golden log, and of that log's own vmaf.</summary>
    private (double Model, double Vmaf) PredictMean(string model, string pair, string? codec)
    {
        string output = _cli.PathOf($"{pair}.{codec}.predict.json");
        string[] args = ["predict", "-m", model, "--log", SharedData.GoldenLog(pair), "-o", output];
        var (exit, _, stderr) = _cli.Run(codec is null ? args : [.. args, "--codec", codec]);
        Assert.True(exit == 0, stderr);
        using var scores = JsonDocument.Parse(File.ReadAllText(output));
        string id = scores.RootElement.GetProperty("model").GetString()!;
        double predicted = scores.RootElement.GetProperty("frames").EnumerateArray().Average(f => f.GetProperty("metrics").GetProperty(id).GetDouble());
        using var golden = JsonDocument.Parse(File.ReadAllText(SharedData.GoldenLog(pair)));
        double vmaf = golden.RootElement.GetProperty("frames").EnumerateArray().Average(f => f.GetProperty("metrics").GetProperty("vmaf").GetDouble());
        return (predicted, vmaf);
    }
}
