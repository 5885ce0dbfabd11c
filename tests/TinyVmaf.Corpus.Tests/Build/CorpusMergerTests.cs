using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class CorpusMergerTests
{
    [Fact]
    public void Merged_rows_are_in_source_then_unit_order_with_each_units_frames_together()
    {
        var a = Table([("s2", "s2__b", 2, 20), ("s1", "s1__b", 1, 10)]);
        var b = Table([("s1", "s1__a", 3, 30)]);

        var merged = CorpusMerger.Merge([("a", a), ("b", b)]).Table;

        Assert.Equal(["s1__a", "s1__a", "s1__a", "s1__b", "s2__b", "s2__b"], merged.Units);
        Assert.Equal([0, 1, 2, 0, 0, 1], merged.FrameIndices);

        // Each row keeps its own values: adm2 is the unit's base plus a tenth of the frame index.
        Assert.Equal([30, 30.1, 30.2, 10, 20, 20.1], merged.Feature("adm2").ToArray().Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void A_unit_in_two_parts_is_refused_naming_both()
    {
        var error = Assert.Throws<CorpusBuildException>(() =>
            CorpusMerger.Merge([("a.parquet", Table([("s", "s__x", 1, 0)])), ("b.parquet", Table([("s", "s__x", 1, 0)]))]));

        Assert.Contains("s__x", error.Message);
        Assert.Contains("a.parquet and b.parquet", error.Message);
    }

    [Fact]
    public void Parts_with_different_codec_vocabularies_or_teachers_do_not_merge()
    {
        var plain = Table([("s", "s__a", 1, 0)], vmaf: true);
        var otherVocabulary = Table([("s", "s__b", 1, 0)], vmaf: true, metadata: new() { [CorpusImporter.CodecVocabularyKey] = "2" });
        var otherTeacher = Table([("s", "s__d", 1, 0)], vmaf: true, metadata: new() { [CorpusBuilder.TeacherKey] = "other.json" });

        var error = Assert.Throws<CorpusBuildException>(() =>
            CorpusMerger.Merge([("p", plain), ("v", otherVocabulary), ("t", otherTeacher)]));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("v:", StringComparison.Ordinal) && p.Contains("codec_vocab_version is 2", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("t:", StringComparison.Ordinal) && p.Contains("other.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_datasets_merge_on_the_features_both_have_and_keep_each_rows_dataset()
    {
        var appeal = Table([("s1", "v1", 2, 10), ("s1", "same.mkv", 1, 20)], features: ["adm2", "psnr_y"], mos: true, vmaf: true, dataset: "appeal",
            metadata: new() { [CorpusImporter.MosScaleKey] = "1:5", [CorpusColumns.DatasetKey] = "appeal" });
        var nvc = Table([("s0", "same.mkv", 1, 30)], features: ["adm2", "psnr_cb", "psnr_y"], mos: true, vmaf: true, dataset: "nvc",
            metadata: new() { [CorpusImporter.MosScaleKey] = "0:10", [CorpusColumns.DatasetKey] = "nvc" });

        var result = CorpusMerger.Merge([("appeal.parquet", appeal), ("nvc.parquet", nvc)]);
        var merged = result.Table;

        // Dataset first, then source, then unit: appeal's rows, then nvc's, each video's frames together.
        Assert.Equal(["appeal", "appeal", "appeal", "nvc"], merged.Datasets);
        Assert.Equal(["same.mkv", "v1", "v1", "same.mkv"], merged.Units);
        Assert.Equal([20, 10, 10.1, 30], merged.Feature("adm2").ToArray().Select(v => Math.Round(v, 6)));
        Assert.Equal(["adm2", "psnr_y"], merged.FeatureNames);
        Assert.NotNull(merged.Mos);
        Assert.NotNull(merged.Vmaf);
        Assert.Equal(3, merged.Describe().Units);
        Assert.Equal(["appeal", "nvc"], merged.Describe().Datasets.Select(d => d.Dataset));
        var dropped = Assert.Single(result.Warnings);
        Assert.Contains("'psnr_cb'", dropped, StringComparison.Ordinal);
        Assert.Contains("appeal.parquet lacks it", dropped, StringComparison.Ordinal);

        // Both were rescaled to 0..100, from different scales; the per-dataset notes are the column's business.
        Assert.Equal("1:5,0:10", merged.Metadata[CorpusImporter.MosScaleKey]);
        Assert.False(merged.Metadata.ContainsKey(CorpusColumns.DatasetKey));
    }

    [Fact]
    public void A_label_one_part_lacks_is_dropped_with_a_warning()
    {
        var rated = Table([("s", "a", 1, 0)], mos: true, dataset: "rated");
        var teacher = Table([("s", "b", 1, 0)], dataset: "teacher");

        var result = CorpusMerger.Merge([("rated.parquet", rated), ("teacher.parquet", teacher)]);

        Assert.Null(result.Table.Mos);
        Assert.Contains(result.Warnings, w => w.Contains("label 'mos'", StringComparison.Ordinal) && w.Contains("teacher.parquet lacks it", StringComparison.Ordinal));
    }

    [Fact]
    public void Rescaled_and_raw_opinion_scores_do_not_merge()
    {
        var rescaled = Table([("s", "a", 1, 0)], mos: true, dataset: "x", metadata: new() { [CorpusImporter.MosScaleKey] = "1:5" });
        var raw = Table([("s", "b", 1, 0)], mos: true, dataset: "y");

        var error = Assert.Throws<CorpusBuildException>(() => CorpusMerger.Merge([("x.parquet", rescaled), ("y.parquet", raw)]));

        Assert.Contains("raw in y.parquet", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void One_video_of_one_dataset_in_two_inputs_is_refused_naming_both()
    {
        var first = Table([("s", "v.mkv", 1, 0)], dataset: "appeal");
        var second = Table([("s", "v.mkv", 2, 0), ("s", "w.mkv", 1, 0)], dataset: "appeal");

        var error = Assert.Throws<CorpusBuildException>(() => CorpusMerger.Merge([("a.parquet", first), ("b.parquet", second)]));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("'v.mkv' of dataset 'appeal' is in a.parquet and b.parquet", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_that_share_no_feature_do_not_merge()
    {
        var error = Assert.Throws<CorpusBuildException>(() => CorpusMerger.Merge(
            [("a", Table([("s", "a", 1, 0)], features: ["adm2"], dataset: "a")), ("b", Table([("s", "b", 1, 0)], features: ["psnr_y"], dataset: "b"))]));

        Assert.Contains("share no feature", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shard_note_is_dropped_and_notes_the_parts_share_are_kept()
    {
        var a = Table([("s", "s__a", 1, 0)], metadata: new() { [CorpusBuilder.ShardKey] = "0/2", ["k"] = "v", ["x"] = "1" });
        var b = Table([("s", "s__b", 1, 0)], metadata: new() { [CorpusBuilder.ShardKey] = "1/2", ["k"] = "v", ["x"] = "2" });

        var result = CorpusMerger.Merge([("a", a), ("b", b)]);

        Assert.False(result.Table.Metadata.ContainsKey(CorpusBuilder.ShardKey));
        Assert.Equal("v", result.Table.Metadata["k"]);
        Assert.False(result.Table.Metadata.ContainsKey("x"));
        Assert.Contains(result.Warnings, w => w.Contains("'x'", StringComparison.Ordinal));
    }

    private static CorpusTable Table(
        (string Source, string Unit, int Frames, double Base)[] units,
        string[]? features = null,
        bool mos = false,
        Dictionary<string, string>? metadata = null,
        bool vmaf = false,
        string dataset = "")
    {
        features ??= ["adm2"];
        var rows = units.SelectMany(u => Enumerable.Range(0, u.Frames).Select(f => (u.Source, u.Unit, Frame: f, Value: u.Base + f / 10.0))).ToArray();
        var columns = features.ToDictionary(f => f, _ => rows.Select(r => r.Value).ToArray());
        metadata ??= [];
        metadata.TryAdd(CorpusImporter.CodecVocabularyKey, "1");
        return new CorpusTable(
            rows.Select(r => r.Source).ToArray(),
            rows.Select(r => r.Unit).ToArray(),
            rows.Select(r => r.Frame).ToArray(),
            rows.Select(_ => "x264").ToArray(),
            rows.Select(_ => "libx264").ToArray(),
            mos ? rows.Select(_ => 50.0).ToArray() : null,
            vmaf ? rows.Select(_ => 60.0).ToArray() : null,
            null,
            null,
            null,
            null,
            columns,
            metadata,
            rows.Select(_ => dataset).ToArray());
    }
}
