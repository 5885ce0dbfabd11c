using System.Security.Cryptography;
using System.Text.Json;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>compare and train with --family anchored: leave-one-dataset-out, its gates, and the shipped MOS model.</summary>
public sealed class AnchoredModelTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string ShippedModels => Path.Combine(SharedData.RepositoryRoot, "models");

    /// <summary>
    /// Three small "subjective tests" whose MOS people would give if they saturated earlier than VMAF and liked
    /// busy content better, each on its own scale; the logged vmaf is the anchor's own, so the baseline is exact.
    /// </summary>
    private string SyntheticOpinionCorpus(bool withVmaf = true, int datasets = 3)
    {
        var anchor = VmafModel.Load(Path.Combine(ShippedModels, "vmaf_v0.6.1.json"));
        var random = new Random(11);
        string[] names = ["lab_a", "lab_b", "lab_c"];
        (double A, double B)[] scales = [(5, 95), (-8, 105), (15, 70)];
        var rows = new List<(string Dataset, string Source, string Unit, int Frame, double[] F, double Vmaf, double Mos)>();
        for (int d = 0; d < datasets; d++)
        {
            for (int s = 0; s < 4; s++)
            {
                double motion = 1 + 3 * s + random.NextDouble();
                for (int v = 0; v < 8; v++)
                {
                    double quality = 0.15 + 0.8 * v / 7.0;
                    var frames = new List<(double[] F, double Vmaf)>();
                    for (int f = 0; f < 5; f++)
                    {
                        double q = Math.Clamp(quality + 0.02 * (random.NextDouble() - 0.5), 0.05, 1.0);
                        // adm2, vif_scale0..3, motion2, psnr_y
                        double[] x = [0.5 + 0.5 * q, 0.1 + 0.85 * q, 0.3 + 0.68 * q, 0.4 + 0.59 * q, 0.45 + 0.54 * q, motion, 25 + 20 * q + 3 * random.NextDouble()];
                        double vmaf = anchor.Predict([x[0], x[5], x[1], x[2], x[3], x[4]]);
                        frames.Add((x, vmaf));
                    }
                    double bent = frames.Average(fr => Math.Pow(fr.Vmaf / 100, 1.6));
                    double truth = bent + 0.012 * (motion - 6) + 0.01 * (random.NextDouble() - 0.5);
                    double mos = scales[d].A + scales[d].B * truth;
                    for (int f = 0; f < frames.Count; f++)
                        rows.Add((names[d], $"{names[d]}_src{s}", $"{names[d]}_src{s}_v{v}.mkv", f, frames[f].F, frames[f].Vmaf, mos));
                }
            }
        }

        string[] featureNames = ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2", "psnr_y"];
        var features = featureNames.Select((n, j) => (n, rows.Select(r => r.F[j]).ToArray())).ToDictionary(t => t.n, t => t.Item2);
        string path = _cli.PathOf($"opinion_{datasets}{(withVmaf ? "" : "_novmaf")}.parquet");
        new Corpus.CorpusTable(rows.Select(r => r.Source).ToArray(), rows.Select(r => r.Unit).ToArray(), rows.Select(r => r.Frame).ToArray(),
            rows.Select(_ => "x265").ToArray(), rows.Select(_ => "hevc").ToArray(), rows.Select(r => r.Mos).ToArray(),
            withVmaf ? rows.Select(r => r.Vmaf).ToArray() : null, null, null, null, null, features,
            datasets: rows.Select(r => r.Dataset).ToArray()).Write(path);
        return path;
    }

    [Fact]
    public void Compare_holds_out_each_dataset_and_reports_zero_shot_vmaf_beside_both_architectures()
    {
        string corpus = SyntheticOpinionCorpus();
        string report = _cli.PathOf("lodo.json");

        var (exit, stdout, stderr) = _cli.Run("compare", "-c", corpus, "--family", "anchored", "--seeds", "2", "-o", report);

        Assert.True(exit == 0, stderr);
        Assert.Contains("leave-one-dataset-out", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var root = json.RootElement;
        Assert.Equal("dataset", root.GetProperty("holdout").GetString());
        var perDataset = root.GetProperty("per_dataset").EnumerateArray().ToArray();
        Assert.Equal(["lab_a", "lab_b", "lab_c"], perDataset.Select(d => d.GetProperty("dataset").GetString()));

        // The baseline is the corpus's own vmaf pooled per video, against the MOS: recomputed here with a plain Pearson.
        var table = Corpus.CorpusTable.Read(corpus);
        foreach (var d in perDataset)
        {
            string name = d.GetProperty("dataset").GetString()!;
            var videos = Enumerable.Range(0, table.RowCount).Where(r => table.Datasets[r] == name).GroupBy(r => table.Units[r])
                .Select(g => (Vmaf: g.Average(r => table.Vmaf![r]), Mos: table.Mos![g.First()])).ToArray();
            Assert.Equal(32, d.GetProperty("videos").GetInt32());
            Assert.Equal(Pearson(videos.Select(v => v.Vmaf).ToArray(), videos.Select(v => v.Mos).ToArray()),
                d.GetProperty("baseline_vmaf").GetProperty("plcc").GetDouble(), 9);
            // The truth bends VMAF and adds a motion term: learned on the other two labs, both must beat raw VMAF here.
            Assert.True(d.GetProperty("v1").GetProperty("full").GetProperty("plcc").GetDouble() > d.GetProperty("baseline_vmaf").GetProperty("plcc").GetDouble(), name);
        }

        Assert.Equal(ShipGate.Ship, root.GetProperty("v1_beats_vmaf").GetProperty("verdict").GetString());
        // One codec only: v2 cannot gain anything on v1, so its lift gate must not ship it.
        Assert.Equal(ShipGate.NoShip, root.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Train_registers_a_v1_that_beats_vmaf_and_the_loaded_model_scores_like_the_fit()
    {
        string corpus = SyntheticOpinionCorpus();
        string models = _cli.PathOf("models");

        var (exit, stdout, stderr) = _cli.Run("train", "-c", corpus, "--family", "anchored", "--arch", "v1", "--seeds", "2", "--set-default", "-o", models);

        Assert.True(exit == 0, stderr);
        Assert.Contains("gate: ship", stdout);
        using var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "registry.json")));
        Assert.Equal("fr_mos_v1", registry.RootElement.GetProperty("default").GetString());
        string onnx = Path.Combine(models, "fr_mos_v1.onnx");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnx))),
            registry.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "fr_mos_v1").GetProperty("sha256").GetString());

        // evaluate runs the registered model on the corpus it was fitted on: it must track the MOS better than VMAF.
        string evaluation = _cli.PathOf("eval.json");
        (exit, _, stderr) = _cli.Run("evaluate", "--corpus", corpus, "--model", onnx, "-o", evaluation);
        Assert.True(exit == 0, stderr);
        using var eval = JsonDocument.Parse(File.ReadAllText(evaluation));
        Assert.True(eval.RootElement.GetProperty("model").GetProperty("plcc").GetDouble() > eval.RootElement.GetProperty("baseline_vmaf").GetProperty("plcc").GetDouble());
    }

    [Fact]
    public void A_v2_without_lift_is_written_but_not_registered()
    {
        string corpus = SyntheticOpinionCorpus();
        string models = _cli.PathOf("models_v2");

        var (exit, stdout, stderr) = _cli.Run("train", "-c", corpus, "--family", "anchored", "--arch", "v2", "--seeds", "2", "-o", models);

        Assert.True(exit == 0, stderr);
        Assert.Contains("gate: no-ship", stdout);
        Assert.True(File.Exists(Path.Combine(models, "fr_mos_v2_codec_aware.onnx")));
        Assert.False(File.Exists(Path.Combine(models, "registry.json")) &&
            File.ReadAllText(Path.Combine(models, "registry.json")).Contains("fr_mos_v2_codec_aware", StringComparison.Ordinal));
    }

    [Fact]
    public void The_anchored_family_refuses_what_it_cannot_judge()
    {
        string one = SyntheticOpinionCorpus(datasets: 1);
        var (exit, _, stderr) = _cli.Run("compare", "-c", one, "--family", "anchored", "-o", _cli.PathOf("x.json"));
        Assert.Equal(1, exit);
        Assert.Contains("at least two datasets", stderr);

        string corpus = SyntheticOpinionCorpus();
        (exit, _, stderr) = _cli.Run("compare", "-c", corpus, "--family", "anchored", "--holdout", "source", "-o", _cli.PathOf("y.json"));
        Assert.Equal(1, exit);
        Assert.Contains("leave-one-dataset-out", stderr);

        (exit, _, stderr) = _cli.Run("compare", "-c", corpus, "--family", "anchored", "--corrections", "motion2,cambi", "-o", _cli.PathOf("z.json"));
        Assert.Equal(1, exit);
        Assert.Contains("cambi", stderr);

        string noVmaf = SyntheticOpinionCorpus(withVmaf: false);
        (exit, var stdout, stderr) = _cli.Run("train", "-c", noVmaf, "--family", "anchored", "--arch", "v1", "--seeds", "2", "-o", _cli.PathOf("m"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("gate: no-ship", stdout);
        Assert.Contains("no vmaf baseline", stdout);
        Assert.False(File.Exists(_cli.PathOf("x.json")) || File.Exists(_cli.PathOf("y.json")) || File.Exists(_cli.PathOf("z.json")));
    }

    [Fact]
    public void The_shipped_mos_model_is_reproduced_from_the_three_opinion_datasets_and_beats_vmaf_on_each_held_out()
    {
        SharedData.RequireOrSkip();
        string datasets = Path.Combine(SharedData.Require(), "datasets");
        (string Name, string Folder, string Logs)[] sets =
        [
            ("appeal", "avt-vqdb-uhd-1-appeal", "vmaf_scores"), ("nvc", "avt-vqdb-uhd-1-nvc", "vmaf_logs"), ("hdr", "avt-vqdb-uhd-1-hdr", "vmaf_logs"),
        ];
        var parts = new List<string>();
        foreach (var (name, folder, logs) in sets)
        {
            string table = _cli.PathOf(name + ".csv"), corpus = _cli.PathOf(name + ".parquet");
            var (e, _, err) = _cli.Run("corpus", "table", name, "--root", Path.Combine(datasets, folder), "-o", table);
            Assert.True(e == 0, err);
            (e, _, err) = _cli.Run("corpus", "import", "--table", table, "--logs", Path.Combine(datasets, folder, logs), "--mos-scale", "1:5", "-o", corpus);
            Assert.True(e == 0, err);
            parts.Add(corpus);
        }
        string opinion = _cli.PathOf("opinion.parquet");
        var (exit, stdout, stderr) = _cli.Run(["corpus", "merge", .. parts, "-o", opinion]);
        Assert.True(exit == 0, stderr);

        string models = _cli.PathOf("models");
        (exit, stdout, stderr) = _cli.Run("train", "-c", opinion, "--family", "anchored", "--arch", "v1", "-o", models);
        Assert.True(exit == 0, stderr);
        Assert.Contains("gate: ship", stdout);

        // The held-out numbers, against the zero-shot VMAF PLCCs ../shared/README.md quotes for the three sets.
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "fr_mos_v1.json")));
        var quoted = new Dictionary<string, double> { ["appeal"] = 0.929, ["nvc"] = 0.886, ["hdr"] = 0.815 };
        foreach (var d in card.RootElement.GetProperty("evaluation").GetProperty("per_dataset").EnumerateArray())
        {
            string name = d.GetProperty("dataset").GetString()!;
            var baseline = d.GetProperty("baseline_vmaf");
            Assert.Equal(quoted[name], baseline.GetProperty("plcc").GetDouble(), 0.001);
            var model = d.GetProperty("v1").GetProperty("full");
            Assert.True(model.GetProperty("plcc").GetDouble() > baseline.GetProperty("plcc").GetDouble(), $"{name}: PLCC");
            Assert.True(model.GetProperty("srocc").GetDouble() > baseline.GetProperty("srocc").GetDouble(), $"{name}: SROCC");
            GoldenComparisons.Record(d.GetProperty("videos").GetInt32());
        }

        // Training is deterministic: the same data gives the very bytes the registry pins.
        using var shipped = JsonDocument.Parse(File.ReadAllText(Path.Combine(ShippedModels, "registry.json")));
        string pinned = shipped.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "fr_mos_v1").GetProperty("sha256").GetString()!;
        Assert.Equal(pinned, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(models, "fr_mos_v1.onnx")))));
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
