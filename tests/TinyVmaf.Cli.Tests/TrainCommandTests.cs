using System.Security.Cryptography;
using System.Text.Json;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>compare and train on the teacher corpus of ../shared, kept small (every 4th frame, 2 seeds, few epochs).</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string ImportTeacherCorpus()
    {
        string corpus = _cli.PathOf("teacher.parquet");
        string shared = SharedData.Require();
        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", Path.Combine(shared, "corpus", "manifest.csv"),
            "--logs", Path.Combine(shared, "corpus", "vmaf_logs"), "--output", corpus);
        Assert.True(exit == 0, stderr);
        return corpus;
    }

    [Fact]
    public void Compare_writes_the_report_keys_the_gate_reads()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportTeacherCorpus();
        string report = _cli.PathOf("report.json");

        var (exit, stdout, stderr) = _cli.Run("compare", "-c", corpus, "--features", "canonical", "--target", "vmaf",
            "--seeds", "2", "--epochs", "3", "--frame-step", "6", "-o", report);

        Assert.True(exit == 0, stderr);
        Assert.Contains("verdict:", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        foreach (string arch in new[] { "v1", "v2" })
        {
            foreach (string metric in new[] { "plcc", "srocc", "krocc", "rmse" })
            {
                Assert.InRange(root.GetProperty(arch).GetProperty("loso").GetProperty(metric).GetDouble(), -1, 100);
            }
        }

        double lift = root.GetProperty("lift_plcc").GetDouble();
        double spread = root.GetProperty("lift_plcc_std").GetDouble();
        string verdict = root.GetProperty("verdict").GetString()!;
        Assert.Equal(lift > 0.005 && lift > 2 * spread ? "ship" : "no-ship", verdict);
        Assert.Equal(14, root.GetProperty("folds").GetArrayLength());
        Assert.True(root.GetProperty("per_codec").TryGetProperty("libvpx-vp9", out _));
    }

    [Fact]
    public void Train_exports_a_model_that_predict_loads_and_registers_it_only_when_it_ships()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportTeacherCorpus();
        string models = _cli.PathOf("models");

        var (exit, stdout, stderr) = _cli.Run("train", "-c", corpus, "--arch", "v1", "--features", "canonical", "--target", "vmaf",
            "--seeds", "2", "--epochs", "4", "--frame-step", "6", "--set-default", "-o", models);
        Assert.True(exit == 0, stderr);

        string onnx = Path.Combine(models, "fr_regressor_v1.onnx");
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "fr_regressor_v1.json")));
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnx)));
        Assert.Equal(sha, sidecar.RootElement.GetProperty("sha256").GetString());
        double plcc = sidecar.RootElement.GetProperty("evaluation").GetProperty("summary").GetProperty("loso").GetProperty("plcc").GetDouble();
        bool ships = plcc >= 0.95;
        Assert.Equal(ships ? "ship" : "no-ship", sidecar.RootElement.GetProperty("verdict").GetString());

        string registry = Path.Combine(models, "registry.json");
        if (ships)
        {
            using var entries = JsonDocument.Parse(File.ReadAllText(registry));
            var entry = entries.RootElement.GetProperty("models").EnumerateArray().Single();
            Assert.Equal(sha, entry.GetProperty("sha256").GetString());
            Assert.Equal("fr_regressor_v1", entries.RootElement.GetProperty("default").GetString());
        }
        else
        {
            Assert.Contains("not registered", stdout);
        }

        (exit, _, stderr) = _cli.Run("predict", "-m", onnx, "--log", SharedData.GoldenLog("coffee__x265"), "-o", _cli.PathOf("p.json"));
        Assert.True(exit == 0, stderr);
    }

    [Fact]
    public void A_mos_model_on_a_corpus_without_vmaf_is_not_shipped_because_the_gate_cannot_decide()
    {
        // Opinion scores that the features predict well, and no vmaf column: the model may be good, but nothing shows
        // it beats VMAF, so it must not ship.
        var random = new Random(7);
        int rows = 3 * 4 * 6;
        var sources = new string[rows];
        var units = new string[rows];
        var frames = new int[rows];
        var mos = new double[rows];
        var features = new[] { "adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2" }
            .ToDictionary(f => f, _ => new double[rows]);
        for (int r = 0; r < rows; r++)
        {
            int unit = r / 6;
            sources[r] = $"s{unit / 4}";
            units[r] = $"s{unit / 4}_v{unit % 4}";
            frames[r] = r % 6;
            double quality = (unit % 4) / 3.0;
            mos[r] = 20 + 60 * quality;
            foreach (var column in features.Values)
            {
                column[r] = quality + 0.01 * random.NextDouble();
            }
        }

        string corpus = _cli.PathOf("opinion_no_vmaf.parquet");
        new Corpus.CorpusTable(sources, units, frames, rows.Times("x264"), rows.Times("x264"), mos, null, null, null, null, null, features).Write(corpus);
        string models = _cli.PathOf("models");

        var (exit, stdout, stderr) = _cli.Run("train", "-c", corpus, "--arch", "v1", "--features", "canonical", "--target", "mos",
            "--seeds", "2", "--epochs", "2", "-o", models);

        Assert.True(exit == 0, stderr);
        Assert.Contains("gate: no-ship", stdout);
        Assert.Contains("no zero-shot vmaf", stdout);
        Assert.Contains("not registered", stdout);
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "fr_regressor_v1.json")));
        Assert.Equal("no-ship", sidecar.RootElement.GetProperty("verdict").GetString());
        Assert.False(File.Exists(Path.Combine(models, "registry.json")) && File.ReadAllText(Path.Combine(models, "registry.json")).Contains("fr_regressor_v1"));
    }

    [Fact]
    public void A_model_whose_bytes_no_longer_match_its_pin_is_refused()
    {
        SharedData.RequireOrSkip();
        string corpus = ImportTeacherCorpus();
        string models = _cli.PathOf("models");
        var (exit, _, stderr) = _cli.Run("train", "-c", corpus, "--arch", "v2", "--features", "canonical", "--target", "vmaf",
            "--seeds", "2", "--epochs", "2", "--frame-step", "12", "-o", models);
        Assert.True(exit == 0, stderr);

        string onnx = Path.Combine(models, "fr_regressor_v2_codec_aware.onnx");
        byte[] bytes = File.ReadAllBytes(onnx);
        bytes[^1] ^= 1;
        File.WriteAllBytes(onnx, bytes);

        (exit, _, stderr) = _cli.Run("predict", "-m", onnx, "--log", SharedData.GoldenLog("coffee__x265"), "--codec", "hevc");
        Assert.Equal(1, exit);
        Assert.Contains("sha256", stderr);
    }
}

internal static class ArrayOf
{
    public static string[] Times(this int count, string value) => Enumerable.Repeat(value, count).ToArray();
}
