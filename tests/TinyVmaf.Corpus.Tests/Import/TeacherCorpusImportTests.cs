using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Features;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary>
/// Imports ../shared/corpus (364 libvmaf 3.0.0 logs and their manifest) and checks the corpus against the logs,
/// read here independently with System.Text.Json.
/// </summary>
public sealed class TeacherCorpusImportTests
{
    private static string CorpusFolder => TeacherCorpus.Folder;

    [Fact]
    public void Importing_the_teacher_corpus_writes_one_row_per_logged_frame_with_the_logs_values()
    {
        SharedData.RequireOrSkip();
        using var temp = new TempDirectory();
        string output = temp.File("teacher.parquet");
        var clock = Stopwatch.StartNew();
        var result = CorpusImporter.Import(new ImportOptions(
            Path.Combine(CorpusFolder, "manifest.csv"), Path.Combine(CorpusFolder, "vmaf_logs"), output), cancellationToken: TestContext.Current.CancellationToken);
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"imported {result.Rows} rows in {result.Elapsed.TotalMilliseconds:F0} ms ({result.RowsPerSecond:F0} rows/s)");

        var manifest = ReadManifest();
        Assert.Equal(364, manifest.Count);
        var logs = manifest.Select(m => ReadLogIndependently(Path.Combine(CorpusFolder, "vmaf_logs", m.Distorted + ".json"))).ToArray();
        Assert.Equal(logs.Sum(l => l.Count), result.Rows);
        Assert.Empty(result.Warnings);

        // Feature columns present = the FULL_FEATURES names whose 3.x key every log carries (names and keys from the
        // contract's list, not the code's): the corpus logs hold every extractor, so all 22.
        var expectedFeatures = GoldenKeys.FullFeatures
            .Where(f => logs.All(l => l.All(frame => frame.ContainsKey(f.Key))))
            .ToArray();
        Assert.Equal(22, expectedFeatures.Length);
        var table = CorpusTable.Read(output);
        Assert.Equal(expectedFeatures.Select(f => f.Feature), table.FeatureNames);
        Assert.Equal(result.Rows, table.RowCount);
        Assert.NotNull(table.Vmaf);
        Assert.Null(table.Mos);

        int row = 0;
        for (int v = 0; v < manifest.Count; v++)
        {
            var entry = manifest[v];
            for (int f = 0; f < logs[v].Count; f++, row++)
            {
                Assert.Equal(entry.Source, table.Sources[row]);
                Assert.Equal(entry.Distorted, table.Units[row]);
                Assert.Equal(f, table.FrameIndices[row]);
                Assert.Equal(entry.Codec, table.Codecs[row]);
                Assert.Equal(entry.Codec, table.CodecRaw[row]);
                Assert.Equal(entry.Encoder, table.Encoders![row]);
                Assert.Equal(entry.Preset, table.Presets![row]);
                Assert.Equal(entry.Crf, table.Crf![row]);
                Assert.Equal(entry.BitrateKbps, table.BitrateKbps![row]);
                Assert.Equal(logs[v][f]["vmaf"], table.Vmaf![row]);
                foreach (var (name, key) in expectedFeatures)
                {
                    Assert.Equal(logs[v][f][key], table.Feature(name)[row]);
                }
            }
        }

        Assert.True(row > 0, "no frame was compared");
        GoldenComparisons.Record((long)row * (expectedFeatures.Length + 1));
    }

    [Fact]
    public void The_frame_counts_of_the_teacher_corpus_match_its_manifest()
    {
        SharedData.RequireOrSkip();
        var result = TeacherCorpus.InMemory;
        var framesPerUnit = result.Table.Units.GroupBy(u => u).ToDictionary(g => g.Key, g => g.Count());
        foreach (var entry in ReadManifest())
        {
            Assert.Equal(entry.Frames, framesPerUnit[entry.Distorted]);
        }
    }

    private sealed record ManifestRow(
        string Source, string Distorted, string Codec, string Encoder, string Preset, double Crf, double BitrateKbps, int Frames);

    /// <summary>The manifest has no quoted fields, so a split is an independent reading of it.</summary>
    private static List<ManifestRow> ReadManifest()
    {
        var lines = File.ReadAllLines(Path.Combine(CorpusFolder, "manifest.csv"));
        var header = lines[0].Split(',');
        int C(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new ManifestRow(
            f[C("source")], f[C("distorted")], f[C("codec")], f[C("encoder")], f[C("preset")],
            double.Parse(f[C("crf")], CultureInfo.InvariantCulture), double.Parse(f[C("bitrate_kbps")], CultureInfo.InvariantCulture),
            int.Parse(f[C("frames")], CultureInfo.InvariantCulture))).ToList();
    }

    private static List<Dictionary<string, double>> ReadLogIndependently(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("frames").EnumerateArray()
            .Select(frame => frame.GetProperty("metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.ValueKind == JsonValueKind.Null ? double.NaN : m.Value.GetDouble()))
            .ToList();
    }
}
