using System.Globalization;
using System.Text.Json;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Cli.Reports;

/// <summary>
/// The page for a <c>compare</c> report: the verdict, v1, v2 and the vmaf baseline pooled, per codec and per
/// held-out source, PLCC bars for both, and predicted against the label per codec when the report has predictions.
/// </summary>
internal static class ComparisonPage
{
    public static string Render(ComparisonReport report, JsonElement root, string fileName, Charts charts)
    {
        var c = CultureInfo.InvariantCulture;
        string target = String(root, "target") ?? "label";
        string points = report.Level == "unit" ? "videos" : "frames";
        var page = new HtmlPage($"compare: {fileName}")
            .Heading("v1 (codec-blind) against v2 (codec-aware)",
                string.Create(c, $"{fileName} · leave-one-source-out over {report.Sources} sources, {report.Points} {points}, {report.Seeds} seeds"));

        string verdictClass = report.Verdict == "ship" ? "ship" : "no-ship";
        page.Raw($"<p><span class=\"verdict {verdictClass}\">{HtmlPage.Encode(report.Verdict)}</span> {HtmlPage.Encode(report.VerdictReason)}</p>");

        var facts = new List<KeyValuePair<string, string>>();
        void Fact(string name, string? value)
        {
            if (value is not null)
            {
                facts.Add(new(name, value));
            }
        }

        Fact("corpus", String(root, "corpus"));
        Fact("target", String(root, "target"));
        Fact("level", report.Level);
        Fact("rows", report.Rows.ToString(c));
        Fact("features", string.Join(", ", report.Features));
        Fact("epochs", root.TryGetProperty("epochs", out var epochs) && epochs.ValueKind == JsonValueKind.Number ? epochs.GetRawText() : null);
        Fact("pretrained on", String(root, "pretrain"));
        Fact("videos left out", root.TryGetProperty("excluded_units", out var excluded) && excluded.ValueKind == JsonValueKind.Number && excluded.GetInt32() > 0 ? excluded.GetRawText() : null);
        Fact("lift (v2 − v1) PLCC", $"{Signed(report.LiftPlcc)} ± {HtmlPage.Number(report.LiftPlccStd)}");
        page.Facts(facts);

        page.Section("Pooled over every held-out point")
            .Table(["model", "PLCC", "± over seeds", "SROCC", "KROCC", "RMSE", "PLCC (logistic)"], Overall(report), "overall");

        var codecs = report.PerCodec.Keys.ToArray();
        // The vmaf columns only where the report has the baseline (compare writes it when the target is MOS).
        bool baseline = report.BaselineVmaf is not null;
        string[] Trio(string v1, string v2, string? vmaf) => baseline ? [v1, v2, vmaf ?? "–"] : [v1, v2];
        int trio = baseline ? 3 : 2;
        page.Section("Per codec")
            .Table(["codec", "n", .. Trio("v1", "v2", "vmaf"), "lift (v2 − v1)", .. Trio("v1", "v2", "vmaf"), .. Trio("v1", "v2", "vmaf")],
                report.PerCodec.Select(p => (IReadOnlyList<string>)
                [
                    p.Key, p.Value.Count.ToString(c),
                    .. Trio(HtmlPage.Number(p.Value.V1.Plcc), HtmlPage.Number(p.Value.V2.Plcc), HtmlPage.Number(p.Value.BaselineVmaf?.Plcc)),
                    $"{Signed(p.Value.LiftPlcc)} ± {HtmlPage.Number(p.Value.LiftPlccStd)}",
                    .. Trio(HtmlPage.Number(p.Value.V1.Srocc), HtmlPage.Number(p.Value.V2.Srocc), HtmlPage.Number(p.Value.BaselineVmaf?.Srocc)),
                    .. Trio(HtmlPage.Number(p.Value.V1.Rmse, "F3"), HtmlPage.Number(p.Value.V2.Rmse, "F3"), HtmlPage.Number(p.Value.BaselineVmaf?.Rmse, "F3")),
                ]), "per-codec", [("", 2), ("PLCC", trio + 1), ("SROCC", trio), ("RMSE", trio)])
            .Image(charts.GroupedBars("PLCC per codec", "PLCC", codecs,
                Series(report, report.PerCodec.Values.Select(v => (v.V1, v.V2, v.BaselineVmaf)).ToArray())));

        page.Section("Per held-out source")
            .Table(["source", "n", .. Trio("v1", "v2", "vmaf"), "lift (v2 − v1)", .. Trio("v1", "v2", "vmaf")],
                report.Folds.Select(f => (IReadOnlyList<string>)
                [
                    f.Source, f.Count.ToString(c),
                    .. Trio(HtmlPage.Number(f.V1.Plcc), HtmlPage.Number(f.V2.Plcc), HtmlPage.Number(f.BaselineVmaf?.Plcc)), Signed(f.LiftPlcc),
                    .. Trio(HtmlPage.Number(f.V1.Rmse, "F3"), HtmlPage.Number(f.V2.Rmse, "F3"), HtmlPage.Number(f.BaselineVmaf?.Rmse, "F3")),
                ]), "per-fold", [("", 2), ("PLCC", trio + 1), ("RMSE", trio)])
            .Image(charts.GroupedBars("PLCC per held-out source", "PLCC", report.Folds.Select(f => f.Source).ToArray(),
                Series(report, report.Folds.Select(f => (f.V1, f.V2, f.BaselineVmaf)).ToArray())));

        page.Section($"Predicted against {target}, per codec");
        if (report.Predictions is { Count: > 0 } predictions)
        {
            page.Paragraph($"Each point is one held-out {(report.Level == "unit" ? "video" : "frame")}, predicted by the fold that did not train on its source (mean over seeds).", "note")
                .Gallery(predictions.GroupBy(p => p.Codec).OrderBy(g => Array.IndexOf(codecs, g.Key)).Select(g => Scatter(charts, g.Key, g.ToArray(), target)));
        }
        else
        {
            page.Paragraph("This report has no per-point predictions (an older compare wrote it); run compare again for the scatter.", "note");
        }

        return page.ToString();
    }

    private static IEnumerable<IReadOnlyList<string>> Overall(ComparisonReport report)
    {
        IReadOnlyList<string> Row(string name, MetricSet m, MetricSet? spread) =>
        [
            name, HtmlPage.Number(m.Plcc), spread is null ? "" : HtmlPage.Number(spread.Plcc), HtmlPage.Number(m.Srocc),
            HtmlPage.Number(m.Krocc), HtmlPage.Number(m.Rmse, "F3"), HtmlPage.Number(m.PlccLogistic),
        ];
        yield return Row("v1 (codec-blind)", report.V1.Loso, report.V1.LosoStd);
        yield return Row("v2 (codec-aware)", report.V2.Loso, report.V2.LosoStd);
        if (report.BaselineVmaf is { } baseline)
        {
            yield return Row("vmaf (zero-shot)", baseline, null);
        }
    }

    private static ChartSeries[] Series(ComparisonReport report, (MetricSet V1, MetricSet V2, MetricSet? Baseline)[] rows)
    {
        var series = new List<ChartSeries>
        {
            new("v1", rows.Select(r => r.V1.Plcc).ToArray(), Charts.V1),
            new("v2", rows.Select(r => r.V2.Plcc).ToArray(), Charts.V2),
        };
        if (report.BaselineVmaf is not null)
        {
            series.Add(new("vmaf", rows.Select(r => r.Baseline?.Plcc ?? double.NaN).ToArray(), Charts.Baseline));
        }

        return series.ToArray();
    }

    private static ChartImage Scatter(Charts charts, string codec, HeldOutPrediction[] points, string target)
    {
        var labels = points.Select(p => p.Label).ToArray();
        var series = new List<ScatterSeries>
        {
            new("v1", labels, points.Select(p => p.V1).ToArray(), Charts.V1),
            new("v2", labels, points.Select(p => p.V2).ToArray(), Charts.V2),
        };
        var withBaseline = points.Where(p => p.BaselineVmaf is not null).ToArray();
        if (withBaseline.Length > 0)
        {
            series.Add(new("vmaf", withBaseline.Select(p => p.Label).ToArray(), withBaseline.Select(p => p.BaselineVmaf!.Value).ToArray(), Charts.Baseline));
        }

        return charts.PredictedVsActual($"{codec} (n={points.Length})", target, series);
    }

    private static string Signed(double value)
        => double.IsFinite(value) ? value.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture) : "–";

    private static string? String(JsonElement root, string key)
        => root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
