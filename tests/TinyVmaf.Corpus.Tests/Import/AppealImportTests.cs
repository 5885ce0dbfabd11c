using System.Globalization;
using System.Text;
using System.Text.Json;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary>
/// Imports AVT-VQDB-UHD-1-Appeal (libvmaf 2.3 logs with the old bare keys, MOS on 1..5) through a table built
/// from its score file, naming the VVC rows' logs in the <c>log</c> column as the dataset's README describes.
/// </summary>
public sealed class AppealImportTests
{
    private static string Dataset => Path.Combine(SharedData.Require(), "datasets", "avt-vqdb-uhd-1-appeal");

    [Fact]
    public void Importing_the_appeal_dataset_rescales_its_mos_and_maps_its_codec_labels()
    {
        SharedData.RequireOrSkip();
        using var temp = new TempDirectory();
        var scores = AppealTable.Write(Dataset, temp.File("appeal.csv"));
        var result = CorpusImporter.Import(
            new ImportOptions(temp.File("appeal.csv"), Path.Combine(Dataset, "vmaf_scores"), temp.File("appeal.parquet"))
            {
                MosScale = MosScale.Parse("1:5"),
            },
            cancellationToken: TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"imported {result.Rows} rows in {result.Elapsed.TotalMilliseconds:F0} ms ({result.RowsPerSecond:F0} rows/s)");
        var table = CorpusTable.Read(temp.File("appeal.parquet"));

        Assert.Equal(210, scores.Count);

        // The 2.3 logs hold integer ADM/VIF/motion and the bare psnr and ssim keys of the old PSNR/SSIM options.
        Assert.Equal(
            ["adm2", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3",
             "motion", "motion2", "psnr_y", "float_ssim"],
            table.FeatureNames);
        Assert.NotNull(table.Vmaf);

        var byUnit = scores.ToDictionary(s => s.VideoName);
        var expectedCodec = new Dictionary<string, string> { ["av1"] = "libsvtav1", ["hevc"] = "x265", ["vvc"] = "libvvenc" };
        // Rows of a unit are contiguous: check every row, comparing each unit's values once.
        var seen = new HashSet<string>();
        for (int start = 0, end; start < table.RowCount; start = end)
        {
            string unit = table.Units[start];
            for (end = start; end < table.RowCount && table.Units[end] == unit; end++)
            {
            }

            Assert.True(seen.Add(unit), $"the rows of '{unit}' are not contiguous");
            var score = byUnit[unit];
            Assert.Equal(CountFrames(Path.Combine(Dataset, "vmaf_scores", score.LogName)), end - start);
            Assert.Equal((score.Mos - 1) / 4 * 100, table.Mos![start], 1e-9);
            Assert.InRange(table.Mos![start], 0, 100);
            Assert.Equal(score.Codec, table.CodecRaw[start]);
            Assert.Equal(expectedCodec[score.Codec], table.Codecs[start]);
            Assert.Equal(score.Source, table.Sources[start]);
            for (int r = start; r < end; r++)
            {
                Assert.Equal(r - start, table.FrameIndices[r]);
                Assert.True(table.Mos![r] == table.Mos![start] && table.Codecs[r] == table.Codecs[start]
                    && table.CodecRaw[r] == table.CodecRaw[start] && table.Sources[r] == table.Sources[start]);
            }
        }

        Assert.Equal(210, seen.Count);
        Assert.Equal("1:5", table.Metadata[CorpusImporter.MosScaleKey]);
        var description = table.Describe();
        Assert.Equal(210, description.Units);
        Assert.Equal(7, description.Sources.Count);
        Assert.Equal(["libsvtav1", "libvvenc", "x265"], description.Codecs.Select(c => c.Codec));
        Assert.All(description.Codecs, c => Assert.Equal(70, c.Units));
    }

    [Fact]
    public void The_old_psnr_and_ssim_keys_land_in_psnr_y_and_float_ssim_unchanged()
    {
        SharedData.RequireOrSkip();
        using var temp = new TempDirectory();
        var scores = AppealTable.Write(Dataset, temp.File("appeal.csv"));
        var first = scores.First(s => s.Codec == "vvc");
        File.WriteAllText(temp.File("one.csv"), $"distorted,source,codec,log\n\"{first.VideoName}\",{first.Source},{first.Codec},{first.LogName}\n");
        var result = CorpusImporter.Import(
            new ImportOptions(temp.File("one.csv"), Path.Combine(Dataset, "vmaf_scores"), OutputPath: null),
            cancellationToken: TestContext.Current.CancellationToken);

        using var log = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Dataset, "vmaf_scores", first.LogName)));
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(frames.Length, result.Rows);
        for (int f = 0; f < frames.Length; f++)
        {
            var metrics = frames[f].GetProperty("metrics");
            Assert.Equal(metrics.GetProperty("psnr").GetDouble(), result.Table.Feature("psnr_y")[f]);
            Assert.Equal(metrics.GetProperty("ssim").GetDouble(), result.Table.Feature("float_ssim")[f]);
            Assert.Equal(metrics.GetProperty("integer_adm2").GetDouble(), result.Table.Feature("adm2")[f]);
            Assert.Equal(metrics.GetProperty("vmaf").GetDouble(), result.Table.Vmaf![f]);
        }
    }

    private static int CountFrames(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("frames").GetArrayLength();
    }
}

/// <summary>Builds an import table from the Appeal dataset's score file, in the test's temp folder.</summary>
internal static class AppealTable
{
    internal sealed record Score(string VideoName, double Mos, string Source, string Codec, int Resolution, double Bitrate, string LogName);

    public static IReadOnlyList<Score> Read(string dataset)
    {
        var lines = File.ReadAllLines(Path.Combine(dataset, "subjective_scores", "video_quality_mos_ci.csv"));
        var header = lines[0].Split(',');
        int C(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f =>
        {
            string video = f[C("video_name")];
            string codec = f[C("codec")];
            return new Score(
                video,
                double.Parse(f[C("mos")], CultureInfo.InvariantCulture),
                f[C("src")],
                codec,
                int.Parse(f[C("resolution")], CultureInfo.InvariantCulture),
                double.Parse(f[C("bitrate")], CultureInfo.InvariantCulture),
                LogName(video, codec));
        }).ToArray();
    }

    /// <summary>
    /// The dataset's README: video <c>X.mkv_1080p_1000k_vvc.mkv</c> has log <c>X_1080p_1000k.266.json</c>; the other
    /// videos' logs are their stem with <c>.json</c>.
    /// </summary>
    public static string LogName(string video, string codec)
    {
        if (codec != "vvc")
        {
            return Path.GetFileNameWithoutExtension(video) + ".json";
        }

        int split = video.IndexOf(".mkv_", StringComparison.Ordinal);
        string source = video[..split];
        string rung = video[(split + ".mkv_".Length)..^"_vvc.mkv".Length];
        return $"{source}_{rung}.266.json";
    }

    /// <summary>
    /// Writes the table: <c>distorted</c> is the video's name, the <c>log</c> column is filled only for the VVC rows
    /// (the others resolve by stem), and resolution rides along for the audit.
    /// </summary>
    public static IReadOnlyList<Score> Write(string dataset, string path)
    {
        var scores = Read(dataset);
        var csv = new StringBuilder("distorted,source,codec,mos,bitrate_kbps,resolution,log\n");
        foreach (var s in scores)
        {
            string log = s.Codec == "vvc" ? s.LogName : "";
            csv.Append(CultureInfo.InvariantCulture, $"\"{s.VideoName}\",{s.Source},{s.Codec},{s.Mos:R},{s.Bitrate:R},{s.Resolution},{log}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return scores;
    }
}
