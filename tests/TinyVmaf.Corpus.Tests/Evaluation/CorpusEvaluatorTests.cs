using TinyVmaf.Corpus.Evaluation;

namespace TinyVmaf.Corpus.Tests.Evaluation;

/// <summary>
/// Video-level pooling and the report's numbers on a corpus small enough to check by hand. The expected values are
/// worked out in the comments from the four video means, not computed with the metric code.
/// </summary>
public sealed class CorpusEvaluatorTests
{
    // Two datasets; "v1.mkv" is in both and must stay two videos. Per frame: (dataset, unit, codec, prediction, mos, vmaf, usable).
    private static readonly (string Dataset, string Unit, string Codec, double Prediction, double Mos, double Vmaf, bool Usable)[] Frames =
    [
        ("a", "v1.mkv", "x264", 1, 10, 20, true),
        ("a", "v1.mkv", "x264", 3, 10, 40, true),
        ("a", "v2.mkv", "x265", 4, 30, 50, true),
        ("a", "v2.mkv", "x265", 100, 30, 0, false), // a frame with a non-finite input: out of both means
        ("b", "v1.mkv", "x264", 5, 20, 10, true),
        ("b", "v1.mkv", "x264", 7, 20, 10, true),
        ("b", "v1.mkv", "x264", 9, 20, 10, true),
        ("b", "v3.mkv", "x265", 8, 40, 60, true),
    ];

    private static EvaluationReport Report(bool withVmaf = true)
    {
        var corpus = new CorpusTable(
            Frames.Select(f => "s").ToArray(),
            Frames.Select(f => f.Unit).ToArray(),
            Frames.Select((_, i) => i).ToArray(),
            Frames.Select(f => f.Codec).ToArray(),
            Frames.Select(f => f.Codec).ToArray(),
            Frames.Select(f => f.Mos).ToArray(),
            withVmaf ? Frames.Select(f => f.Vmaf).ToArray() : null,
            null, null, null, null,
            new Dictionary<string, double[]> { ["adm2"] = Frames.Select(f => 0.5).ToArray() },
            null,
            Frames.Select(f => f.Dataset).ToArray());
        return CorpusEvaluator.Pool(corpus, "c.parquet", "m", ["adm2"], Frames.Select(f => f.Prediction).ToArray(), Frames.Select(f => f.Usable).ToArray(), "corpus");
    }

    [Fact]
    public void Videos_are_dataset_and_name_and_pool_the_mean_of_their_usable_frames()
    {
        var report = Report();

        Assert.Equal(4, report.Videos);
        Assert.Equal(7, report.Frames);
        Assert.Equal(
            [("a", "v1.mkv", 2.0, 10.0, 30.0), ("a", "v2.mkv", 4.0, 30.0, 50.0), ("b", "v1.mkv", 7.0, 20.0, 10.0), ("b", "v3.mkv", 8.0, 40.0, 60.0)],
            report.Predictions.Select(p => (p.Dataset, p.Unit, p.Model, p.Mos, p.Vmaf!.Value)));
        Assert.Contains(report.Notes, n => n.StartsWith("1 frame(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Pooled_metrics_match_the_hand_computed_values()
    {
        var report = Report();

        // Model: x = 2, 4, 7, 8 against y = 10, 30, 20, 40. Means 5.25 and 25; deviations (-3.25, -1.25, 1.75, 2.75)
        // and (-15, 5, -5, 15): Sxy = 75, Sxx = 22.75, Syy = 500, PLCC = 75 / sqrt(11375) = 0.703211.
        Assert.Equal(0.703211, report.Model.Plcc, 6);
        // Ranks (1, 2, 3, 4) and (1, 3, 2, 4): sum d^2 = 2, SROCC = 1 - 6 * 2 / (4 * 15) = 0.8.
        Assert.Equal(0.8, report.Model.Srocc, 12);
        // Of the 6 pairs only (x=4, x=7) is discordant: tau = (5 - 1) / 6.
        Assert.Equal(4.0 / 6, report.Model.Krocc, 12);
        // Differences -8, -26, -13, -32: RMSE = sqrt(1933 / 4) = 21.982948.
        Assert.Equal(21.982948, report.Model.Rmse, 6);
        Assert.Equal(4, report.Model.Count);

        // VMAF: 30, 50, 10, 60 (the unusable frame's 0 left out, else a/v2 would be 25). Mean 37.5, deviations
        // (-7.5, 12.5, -27.5, 22.5): Sxy = 650, Sxx = 1475, PLCC = 650 / sqrt(737500) = 0.756889.
        var vmaf = report.BaselineVmaf!;
        Assert.Equal(0.756889, vmaf.Plcc, 6);
        // Ranks (2, 3, 1, 4) against (1, 3, 2, 4): sum d^2 = 2, SROCC 0.8; pair (10 vs 30) discordant only.
        Assert.Equal(0.8, vmaf.Srocc, 12);
        Assert.Equal(4.0 / 6, vmaf.Krocc, 12);
        // Differences 20, 20, -10, 20: RMSE = sqrt(1300 / 4) = 18.027756.
        Assert.Equal(18.027756, vmaf.Rmse, 6);
    }

    [Fact]
    public void Per_dataset_and_per_codec_groups_hold_their_own_videos()
    {
        var report = Report();

        Assert.Equal(["a", "b"], report.PerDataset.Keys);
        Assert.Equal(2, report.PerDataset["a"].Count);
        // a: (2, 10) and (4, 30): two points on a rising line; RMSE sqrt((64 + 676) / 2) = sqrt(370) = 19.235384.
        Assert.Equal(1.0, report.PerDataset["a"].Model.Plcc, 12);
        Assert.Equal(19.235384, report.PerDataset["a"].Model.Rmse, 6);
        // b's VMAF: (10, 20) and (60, 40): differences -10 and 20, RMSE sqrt(250) = 15.811388.
        Assert.Equal(15.811388, report.PerDataset["b"].BaselineVmaf!.Rmse, 6);

        Assert.Equal(["x264", "x265"], report.PerCodec.Keys);
        // x264: a/v1 (2, 10) and b/v1 (7, 20): differences -8 and -13, RMSE sqrt(116.5) = 10.793517.
        Assert.Equal(2, report.PerCodec["x264"].Count);
        Assert.Equal(10.793517, report.PerCodec["x264"].Model.Rmse, 6);
    }

    [Fact]
    public void Without_a_vmaf_column_the_baseline_is_null_and_the_report_says_why()
    {
        var report = Report(withVmaf: false);

        Assert.Null(report.BaselineVmaf);
        Assert.All(report.PerDataset.Values, g => Assert.Null(g.BaselineVmaf));
        Assert.Contains(report.Notes, n => n.Contains("no 'vmaf' column", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corpus_without_mos_is_refused_naming_the_file()
    {
        var corpus = new CorpusTable(["s"], ["u"], [0], ["x264"], [""], null, [50.0], null, null, null, null,
            new Dictionary<string, double[]> { ["adm2"] = [0.9] });

        var error = Assert.Throws<InvalidDataException>(() => CorpusEvaluator.Pool(corpus, "teacher.parquet", "m", ["adm2"], [1.0], [true], "corpus"));

        Assert.Contains("teacher.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mos'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_the_model_reads_and_the_corpus_lacks_is_named_with_the_file_and_vmaf_is_taken_from_its_label()
    {
        var corpus = new CorpusTable(["s"], ["u"], [0], ["x264"], [""], [40.0], [50.0], null, null, null, null,
            new Dictionary<string, double[]> { ["adm2"] = [0.9] });

        var error = Assert.Throws<InvalidDataException>(() => CorpusEvaluator.ModelColumns(corpus, "old.parquet", "m", ["adm2", "motion2", "vmaf"]));
        var columns = CorpusEvaluator.ModelColumns(corpus, "old.parquet", "m", ["adm2", "vmaf"]);

        Assert.Contains("old.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks feature(s) motion2 that model 'm' reads", error.Message, StringComparison.Ordinal);
        Assert.Equal([50.0], columns["vmaf"]);
    }
}
