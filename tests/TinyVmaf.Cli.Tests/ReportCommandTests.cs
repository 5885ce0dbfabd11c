using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SkiaSharp;
using TinyVmaf.Cli.Reports;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// report on a score log and on a compare report, both written here the way score and compare write them:
/// self-contained pages, the numbers of the input in their tables, and pictures that decode.
/// </summary>
public sealed partial class ReportCommandTests : IDisposable
{
    private const string Model = "fr_regressor_v1";
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_score_log_becomes_a_self_contained_page_with_the_per_frame_plot_and_its_interval()
    {
        string log = WriteScoreLog("score.json", frames: 30, withInterval: true);

        var (exit, stdout, stderr) = _cli.Run("report", log, "-o", _cli.PathOf("score.html"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("score.html", stdout);
        string html = File.ReadAllText(_cli.PathOf("score.html"));
        AssertSelfContained(html);
        var images = Images(html);
        Assert.Single(images);
        Assert.Equal((Charts.Width * Charts.Density, Charts.Height * Charts.Density), PngSize(images[0]));
        Assert.True(BandShare(images[0]) > 0.02, $"the 95% band covers {BandShare(images[0]):P2} of the plot");

        // The headline is the log's own pooled score, and the pooled table carries the log's numbers.
        var scores = Scores(30);
        double mean = scores.Average();
        Assert.Contains($"{Model}: {mean.ToString("F2", CultureInfo.InvariantCulture)}", html);
        Assert.Equal(
            [Model, F4(scores.Min()), F4(scores.Max()), F4(mean), F4(Pooling.HarmonicMean(scores))],
            Row(html, "pooled", Model));
        Assert.Equal(["x265"], Row(html, null, "codec").Skip(1));
        Assert.Equal([$"{Model}_ci95_low", F4(mean - 4)], Row(html, "aggregates", $"{Model}_ci95_low"));
        Assert.DoesNotContain(_cli.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_interval_the_plot_has_no_band_and_the_page_says_so()
    {
        string log = WriteScoreLog("plain.json", frames: 30, withInterval: false);

        var (exit, _, stderr) = _cli.Run("report", log);

        Assert.True(exit == 0, stderr);
        string html = File.ReadAllText(_cli.PathOf("plain.html"));
        // Only the anti-aliased edges of the blue line come near the band's colour.
        Assert.True(BandShare(Images(html).Single()) < 0.001);
        Assert.Contains("no per-frame interval", html);
    }

    [Fact]
    public void A_libvmaf_log_plots_vmaf_unless_another_metric_is_asked_for()
    {
        string log = _cli.PathOf("libvmaf.json");
        File.WriteAllText(log, """
            {
              "version": "3.0.0",
              "fps": 25.00,
              "frames": [
                { "frameNum": 0, "metrics": { "psnr_y": 38.5, "vmaf": 91.25 } },
                { "frameNum": 1, "metrics": { "psnr_y": 36.0, "vmaf": 88.75 } },
                { "frameNum": 2, "metrics": { "psnr_y": 37.0, "vmaf": 90.0 } }
              ],
              "pooled_metrics": {
                "psnr_y": { "min": 36.0, "max": 38.5, "mean": 37.1666, "harmonic_mean": 37.15 },
                "vmaf": { "min": 88.75, "max": 91.25, "mean": 90.0, "harmonic_mean": 89.99 }
              }
            }
            """);

        var (exit, _, stderr) = _cli.Run("report", log);
        Assert.True(exit == 0, stderr);
        string html = File.ReadAllText(_cli.PathOf("libvmaf.html"));
        Assert.Contains("<h1>vmaf: 90.00</h1>", html);
        Assert.Equal(["vmaf", "88.7500", "91.2500", "90.0000", "89.9900"], Row(html, "pooled", "vmaf"));

        (exit, _, stderr) = _cli.Run("report", log, "--metric", "psnr_y", "-o", _cli.PathOf("psnr.html"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("<h1>psnr_y: 37.17</h1>", File.ReadAllText(_cli.PathOf("psnr.html")));

        (exit, _, stderr) = _cli.Run("report", log, "--metric", "ssim", "-o", _cli.PathOf("ssim.html"));
        Assert.Equal(1, exit);
        Assert.Contains(log, stderr);
        Assert.Contains("no metric 'ssim'", stderr);
        Assert.Contains("psnr_y, vmaf", stderr);
    }

    [Fact]
    public void A_compare_report_gets_its_tables_bars_and_one_scatter_per_codec()
    {
        var report = CompareReport(withPredictions: true);
        string input = WriteCompareReport("compare.json", report);

        var (exit, stdout, stderr) = _cli.Run("report", input);

        Assert.True(exit == 0, stderr);
        Assert.Contains("compare report", stdout);
        Assert.Equal("", stderr);
        string html = File.ReadAllText(_cli.PathOf("compare.html"));
        AssertSelfContained(html);

        var x264 = report.PerCodec["x264"];
        Assert.Equal(
            ["x264", "6", F4(x264.V1.Plcc), F4(x264.V2.Plcc), F4(x264.BaselineVmaf!.Plcc), "+0.0500 ± 0.0100",
             F4(x264.V1.Srocc), F4(x264.V2.Srocc), F4(x264.BaselineVmaf.Srocc), "8.000", "5.000", "10.000"],
            Row(html, "per-codec", "x264"));
        // An undefined metric (JSON null) is a dash, not 0 or NaN.
        Assert.Equal("–", Row(html, "per-codec", "x265")[3]);
        Assert.Equal(["src_b", "6", "0.8100", "0.9100", "0.7000", "+0.1000", "8.000", "5.000", "10.000"], Row(html, "per-fold", "src_b"));
        Assert.Equal(["v2 (codec-aware)", "0.9300", "0.0080", "0.9200", "0.7800", "2.800", "0.9320"], Row(html, "overall", "v2 (codec-aware)"));
        Assert.Contains("<span class=\"verdict ship\">ship</span>", html);

        // Bars per codec and per source, then one scatter per codec.
        var images = Images(html);
        Assert.Equal(2 + report.PerCodec.Count, images.Count);
        Assert.All(images, png => Assert.True(PngSize(png).Width > 0));
        Assert.Contains("alt=\"x264 (n=6)\"", html);
    }

    [Fact]
    public void A_compare_report_from_before_predictions_renders_without_the_scatter_and_says_why()
    {
        string input = WriteCompareReport("old.json", CompareReport(withPredictions: false));

        var (exit, _, stderr) = _cli.Run("report", input, "-o", _cli.PathOf("old.html"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("no 'predictions'", stderr);
        string html = File.ReadAllText(_cli.PathOf("old.html"));
        Assert.Equal(2, Images(html).Count);
        Assert.Contains("no per-point predictions", html);
    }

    [Fact]
    public void Without_a_vmaf_baseline_its_columns_and_row_are_left_out()
    {
        var report = CompareReport(withPredictions: true, withBaseline: false);
        string input = WriteCompareReport("teacher.json", report);

        var (exit, _, stderr) = _cli.Run("report", input);

        Assert.True(exit == 0, stderr);
        string html = File.ReadAllText(_cli.PathOf("teacher.html"));
        var x264 = report.PerCodec["x264"];
        Assert.Equal(
            ["x264", "6", F4(x264.V1.Plcc), F4(x264.V2.Plcc), "+0.0500 ± 0.0100", F4(x264.V1.Srocc), F4(x264.V2.Srocc), "8.000", "5.000"],
            Row(html, "per-codec", "x264"));
        Assert.Equal(["src_a", "6", "0.8000", "0.9000", "+0.1000", "8.000", "5.000"], Row(html, "per-fold", "src_a"));
        Assert.DoesNotContain("vmaf (zero-shot)", html);
        Assert.DoesNotContain("<th>vmaf</th>", html);
        Assert.Equal(2 + report.PerCodec.Count, Images(html).Count);
    }

    [Theory]
    [InlineData("""{ "model": "x", "codec": "x264" }""", "top-level keys are: model, codec")]
    [InlineData("""[1, 2, 3]""", "neither a score log")]
    [InlineData("frame,vmaf\n0,90\n", "not JSON")]
    [InlineData("""<VMAF version="3.0.0"><frames/></VMAF>""", "looks like XML")]
    public void An_input_of_neither_kind_is_refused_naming_the_file(string content, string message)
    {
        string input = _cli.PathOf("input.json");
        File.WriteAllText(input, content);

        var (exit, _, stderr) = _cli.Run("report", input, "-o", _cli.PathOf("out.html"));

        Assert.Equal(1, exit);
        Assert.Contains(input, stderr);
        Assert.Contains(message, stderr);
        Assert.False(File.Exists(_cli.PathOf("out.html")));
    }

    [Fact]
    public async Task The_page_loads_in_a_headless_browser_with_every_picture_decoded()
    {
        string? chromium = new[] { "chromium", "chromium-browser", "google-chrome" }
            .Select(FindOnPath).FirstOrDefault(p => p is not null);
        Assert.SkipWhen(chromium is null, "needs a headless Chromium on PATH (Debian: apt-get install chromium)");

        var report = CompareReport(withPredictions: true);
        string input = WriteCompareReport("compare.json", report);
        var (exit, _, stderr) = _cli.Run("report", input);
        Assert.True(exit == 0, stderr);
        int pictures = 2 + report.PerCodec.Count;

        // A copy of the page that, once loaded, writes how many pictures decoded into the DOM Chromium dumps.
        string probe = _cli.PathOf("probe.html");
        File.WriteAllText(probe, File.ReadAllText(_cli.PathOf("compare.html")).Replace("</body>",
            "<script>addEventListener('load', () => { const i = [...document.images]; document.body.dataset.decoded = " +
            "i.filter(x => x.complete && x.naturalWidth === 2 * x.getAttribute('width')).length + '/' + i.length; });</script></body>"));
        var start = new ProcessStartInfo(chromium!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + _cli.PathOf("chromium"), "--virtual-time-budget=5000", "--dump-dom", new Uri(probe).AbsoluteUri },
        };
        using var browser = Process.Start(start)!;
        var dom = browser.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = browser.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await browser.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            browser.Kill(entireProcessTree: true);
            throw;
        }

        Assert.Contains($"data-decoded=\"{pictures}/{pictures}\"", await dom);
    }

    private static double[] Scores(int frames) => Enumerable.Range(0, frames).Select(i => 70 + 10 * Math.Sin(i / 4.0)).ToArray();

    /// <summary>A log as score writes it: per-frame model scores (and interval), the codec and pool, the aggregates.</summary>
    private string WriteScoreLog(string name, int frames, bool withInterval)
    {
        var scores = Scores(frames);
        var table = new FeatureTable([]);
        table.SetColumn("adm2", Enumerable.Repeat(0.93, frames).ToArray());
        table.SetColumn(Model, scores);
        double mean = scores.Average();
        var aggregates = new List<KeyValuePair<string, double>> { new($"{Model}_mean", mean) };
        if (withInterval)
        {
            table.SetColumn(Model + "_ci95_low", scores.Select(s => s - 4).ToArray());
            table.SetColumn(Model + "_ci95_high", scores.Select(s => s + 4).ToArray());
            aggregates.Add(new($"{Model}_ci95_low", mean - 4));
            aggregates.Add(new($"{Model}_ci95_high", mean + 4));
        }

        string path = _cli.PathOf(name);
        LibvmafLogWriter.WriteFile(path, table, LogFormat.Json, new LogMetadata
        {
            Fps = 25,
            Extra = [new("model", Model), new("codec", "x265"), new("codec_source", "--codec"), new("pool", "mean")],
            Aggregates = aggregates,
        });
        return path;
    }

    private static MetricSet Metrics(double? plcc, double rmse, int n)
        => new(plcc ?? double.NaN, (plcc ?? 0.5) - 0.01, (plcc ?? 0.5) - 0.15, rmse, (plcc ?? 0.5) + 0.002, n);

    /// <summary>A compare report of 2 sources × 2 codecs × 3 videos, with or without per-video predictions.</summary>
    private static ComparisonReport CompareReport(bool withPredictions, bool withBaseline = true)
    {
        MetricSet? Baseline(double plcc) => withBaseline ? Metrics(plcc, 10, 6) : null;
        string[] codecs = ["x264", "x265"];
        var perCodec = codecs.ToDictionary(c => c, c => new CodecComparison(6,
            Metrics(c == "x264" ? 0.84 : 0.86, 8, 6), Metrics(c == "x264" ? 0.89 : null, 5, 6), 0.05, 0.01, Baseline(0.7)));
        var folds = new[] { "src_a", "src_b" }.Select((s, i) => new FoldComparison(s, 6,
            Metrics(0.8 + 0.01 * i, 8, 6), Metrics(0.9 + 0.01 * i, 5, 6), 0.1, Baseline(0.7))).ToArray();
        var predictions = withPredictions
            ? (from source in new[] { "src_a", "src_b" }
               from codec in codecs
               from u in Enumerable.Range(0, 3)
               let label = 30 + 20 * u + (codec == "x265" ? 5 : 0)
               select new HeldOutPrediction($"{source}_{codec}_{u}", source, codec, label, label + 6, label - 2, withBaseline ? label + 9 : null)).ToArray()
            : null;
        return new ComparisonReport("unit", 3, ["adm2", "vif_scale0"], 240, 12, 2,
            new ArchSummary(Metrics(0.88, 4.8, 12), Metrics(0.01, 0.1, 12), Metrics(0.85, 5, 2), Metrics(0.05, 1, 2), []),
            new ArchSummary(Metrics(0.93, 2.8, 12), Metrics(0.008, 0.1, 12), Metrics(0.9, 3, 2), Metrics(0.04, 1, 2), []),
            0.05, 0.01, [0.05, 0.04, 0.06], perCodec, folds, withBaseline ? Metrics(0.82, 7.2, 12) : null, "ship", "lift 0.0500 > 0.005 and > 2 × 0.0100",
            predictions);
    }

    /// <summary>Writes the report as compare does: the record, and the command's own keys in front.</summary>
    private string WriteCompareReport(string name, ComparisonReport report)
    {
        var json = JsonSerializer.SerializeToNode(report)!.AsObject();
        json.Insert(0, "corpus", "corpus.parquet");
        json.Insert(1, "target", "mos");
        json.Insert(2, "excluded_units", 0);
        json.Insert(3, "epochs", 40);
        json.Insert(4, "pretrain", null);
        string path = _cli.PathOf(name);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static void AssertSelfContained(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }

    private static List<byte[]> Images(string html)
        => ImageSource().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();

    /// <summary>The cells of the first row whose first cell is <paramref name="first"/>, in the table with that id (or any).</summary>
    private static string[] Row(string html, string? tableId, string first)
    {
        string scope = html;
        if (tableId is not null)
        {
            int start = html.IndexOf($"<table id=\"{tableId}\">", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no table '{tableId}'");
            scope = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        }

        foreach (Match row in TableRow().Matches(scope))
        {
            var cells = TableCell().Matches(row.Value).Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray();
            if (cells.Length > 0 && cells[0] == first)
            {
                return cells;
            }
        }

        throw new Xunit.Sdk.XunitException($"no row '{first}' in table '{tableId}'");
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The share of pixels of the interval band's colour: the series blue at a quarter opacity over white.</summary>
    private static double BandShare(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var blue = Charts.V1;
        byte Over(byte c) => (byte)Math.Round(255 - 0.25 * (255 - c));
        var band = (R: Over(blue.R), G: Over(blue.G), B: Over(blue.B));
        int count = bitmap.Pixels.Count(p => Math.Abs(p.Red - band.R) <= 3 && Math.Abs(p.Green - band.G) <= 3 && Math.Abs(p.Blue - band.B) <= 3);
        return count / (double)(bitmap.Width * bitmap.Height);
    }

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)">""")]
    private static partial Regex ImageSource();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<t[dh][^>]*>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex TableCell();

    [Fact]
    public void A_log_with_an_undecodable_key_is_refused_naming_the_file_and_nothing_is_written()
    {
        string log = _cli.PathOf("bad.json");
        // Neither a log nor a compare report: the refusal lists the top-level keys, and this one cannot be decoded.
        File.WriteAllBytes(log, [.. "{\"mo"u8, 0xFF, .. "del\":\"x\"}"u8]);
        string output = _cli.PathOf("bad.html");
        var (exit, _, stderr) = _cli.Run("report", log, "-o", output);

        Assert.Equal(1, exit);
        Assert.StartsWith($"tinyvmaf: error: {log}: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(output));
    }
}
