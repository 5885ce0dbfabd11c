using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Datasets;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Datasets;

/// <summary>
/// The import tables of the three AVT-VQDB-UHD-1 datasets in ../shared/datasets, built by <c>corpus table</c> and
/// imported as docs/datasets.md says; the counts are the ones ../shared/README.md states for each dataset.
/// </summary>
public sealed class AvtDatasetTablesTests
{
    private static string Root(string name) => Path.Combine(SharedData.Require(), "datasets", name);

    [Fact]
    public void Appeal_imports_188_clean_videos_of_7_sources_leaving_out_the_22_flagged_vvc_logs()
    {
        SharedData.RequireOrSkip();
        var table = Import(AvtDataset.Appeal, "avt-vqdb-uhd-1-appeal", out var built);

        Assert.Equal(188, built.Rows.Count);
        var description = table.Describe();
        Assert.Equal([new DatasetCount("appeal", table.RowCount, 188, 7)], description.Datasets);
        Assert.Equal([("libsvtav1", 70), ("libvvenc", 48), ("x265", 70)], description.Codecs.Select(c => (c.Codec, c.Units)));
        var flagged = Corpus.Training.TrainingDataBuilder.ReadUnitList(Path.Combine(Root("avt-vqdb-uhd-1-appeal"), AvtDatasetTables.AppealSuspectList));
        Assert.Equal(22, flagged.Count);
        Assert.DoesNotContain(table.Units, flagged.Contains);
    }

    [Fact]
    public void Appeal_with_include_flagged_keeps_all_210_videos()
    {
        SharedData.RequireOrSkip();
        var built = AvtDatasetTables.Build(AvtDataset.Appeal, Root("avt-vqdb-uhd-1-appeal"), includeFlagged: true);

        Assert.Equal(210, built.Rows.Count);
    }

    [Fact]
    public void Nvc_imports_216_videos_of_6_sources_with_its_neural_codecs_as_unknown()
    {
        SharedData.RequireOrSkip();
        var table = Import(AvtDataset.Nvc, "avt-vqdb-uhd-1-nvc", out _);

        var description = table.Describe();
        Assert.Equal(216, description.Units);
        Assert.Equal(6, description.Sources.Count);
        Assert.Equal([("libsvtav1", 54), ("libvvenc", 54), ("unknown", 108)], description.Codecs.Select(c => (c.Codec, c.Units)));
        Assert.Equal(["av1", "dcvc-fm", "dcvc-rt", "vvc"], table.CodecRaw.Distinct().Order(StringComparer.Ordinal));
        Assert.All(table.Datasets, d => Assert.Equal("nvc", d));
    }

    [Fact]
    public void Hdr_imports_195_videos_of_5_sources_without_the_5_source_rows()
    {
        SharedData.RequireOrSkip();
        var table = Import(AvtDataset.Hdr, "avt-vqdb-uhd-1-hdr", out var built);

        var description = table.Describe();
        Assert.Equal(195, description.Units);
        Assert.Equal(["Center_Panorama", "DevilMayCry5_P2", "Fireworks", "Flowers", "PES2019v2_P2"], description.Sources);
        Assert.Equal(["libsvtav1", "libvvenc", "x265"], description.Codecs.Select(c => c.Codec));
        Assert.Contains(built.Notes, n => n.Contains("left out 5 row(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(table.Units, u => u.Contains("_original_", StringComparison.Ordinal));
    }

    [Fact]
    public void The_three_merge_into_one_opinion_corpus_of_599_videos()
    {
        SharedData.RequireOrSkip();
        var parts = new[] { (AvtDataset.Appeal, "avt-vqdb-uhd-1-appeal"), (AvtDataset.Nvc, "avt-vqdb-uhd-1-nvc"), (AvtDataset.Hdr, "avt-vqdb-uhd-1-hdr") }
            .Select(p => (AvtDatasetTables.NameOf(p.Item1), Import(p.Item1, p.Item2, out _)))
            .ToArray();

        var merged = CorpusMerger.Merge(parts).Table;

        Assert.Equal([("appeal", 188), ("hdr", 195), ("nvc", 216)], merged.Describe().Datasets.Select(d => (d.Dataset, d.Units)));
        Assert.True(merged.HasLabel("mos") && merged.HasLabel("vmaf"));
        Assert.All(new[] { "adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2", "psnr_y", "float_ssim" }, f => Assert.True(merged.HasFeature(f), f));
    }

    // Each dataset is imported once for the whole class (a few seconds each): the tests only read the tables.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<AvtDataset, Lazy<(CorpusTable, DatasetTable)>> Imported = new();

    private static CorpusTable Import(AvtDataset dataset, string folder, out DatasetTable built)
    {
        (var table, built) = Imported.GetOrAdd(dataset, d => new Lazy<(CorpusTable, DatasetTable)>(() =>
        {
            var table = ImportNow(d, folder, out var made);
            return (table, made);
        })).Value;
        return table;
    }

    private static CorpusTable ImportNow(AvtDataset dataset, string folder, out DatasetTable built)
    {
        using var temp = new TempDirectory();
        string root = Root(folder);
        built = AvtDatasetTables.Build(dataset, root);
        string csv = temp.File(built.Name + ".csv");
        built.WriteCsv(csv);
        return CorpusImporter.Import(
            new ImportOptions(csv, AvtDatasetTables.LogsFolder(dataset, root), null) { MosScale = MosScale.Parse("1:5") },
            cancellationToken: TestContext.Current.CancellationToken).Table;
    }
}
