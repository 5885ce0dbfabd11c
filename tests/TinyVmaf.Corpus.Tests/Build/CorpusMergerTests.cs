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
    public void Parts_with_different_features_labels_or_teachers_do_not_merge()
    {
        var plain = Table([("s", "s__a", 1, 0)]);
        var otherFeatures = Table([("s", "s__b", 1, 0)], features: ["adm2", "psnr_y"]);
        var withMos = Table([("s", "s__c", 1, 0)], mos: true);
        var otherTeacher = Table([("s", "s__d", 1, 0)], metadata: new() { [CorpusBuilder.TeacherKey] = "other.json" });

        var error = Assert.Throws<CorpusBuildException>(() =>
            CorpusMerger.Merge([("p", plain), ("f", otherFeatures), ("m", withMos), ("t", otherTeacher)]));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("f:", StringComparison.Ordinal) && p.Contains("psnr_y", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("m:", StringComparison.Ordinal) && p.Contains("'mos'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("t:", StringComparison.Ordinal) && p.Contains("other.json", StringComparison.Ordinal));
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
        Dictionary<string, string>? metadata = null)
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
            null,
            null,
            null,
            null,
            null,
            columns,
            metadata);
    }
}
