using System.Globalization;

namespace TinyVmaf.Cli.Reports;

/// <summary>The page for a score log: the headline score, the per-frame plot with its interval, the pooled metrics.</summary>
internal static class ScoreLogPage
{
    public static string Render(ScoreLogData log, string fileName, Charts charts)
    {
        string? pool = log.Fact("pool");
        // A score log states its headline as '<model>_<pool>' among its aggregates; other logs get the mean.
        double? headline = pool is null ? null : log.Aggregate($"{log.Metric}_{pool}");
        string headlineName = headline is null ? "mean" : pool!;
        headline ??= log.Pooled.FirstOrDefault(p => p.Key == log.Metric)?.Mean ?? Features.Logs.Pooling.Mean(log.Scores);
        double? ciLow = log.Aggregate($"{log.Metric}_ci95_low");
        double? ciHigh = log.Aggregate($"{log.Metric}_ci95_high");

        var page = new HtmlPage($"{log.Metric}: {fileName}")
            .Heading($"{log.Metric}: {HtmlPage.Number(headline.Value, "F2")}",
                $"{fileName} · {headlineName} of {log.Scores.Length} frames{(ciLow is { } lo && ciHigh is { } hi ? $" · 95% interval [{HtmlPage.Number(lo, "F2")}, {HtmlPage.Number(hi, "F2")}]" : "")}");

        var facts = new List<KeyValuePair<string, string>> { new("metric", log.Metric), new("frames", log.Scores.Length.ToString(CultureInfo.InvariantCulture)) };
        facts.AddRange(log.Facts);
        page.Facts(facts);

        page.Section("Per frame")
            .Image(charts.OverTime(log.Metric, log.FrameNumbers, log.Scores, log.IntervalLow, log.IntervalHigh, headline, headlineName));
        if (log.IntervalLow is null)
        {
            page.Paragraph("The log has no per-frame interval for this metric (a model with a variance head writes one).", "note");
        }

        if (log.Aggregates.Count > 0)
        {
            page.Section("Aggregate metrics")
                .Table(["metric", "value"], log.Aggregates.Select(a => (IReadOnlyList<string>)[a.Key, HtmlPage.Number(a.Value, "F4")]), "aggregates");
        }

        // The metric first, then the rest in the log's order: a score log also carries every feature the model read.
        var pooled = log.Pooled.Where(p => p.Key == log.Metric).Concat(log.Pooled.Where(p => p.Key != log.Metric));
        page.Section("Pooled metrics")
            .Table(["metric", "min", "max", "mean", "harmonic mean"],
                pooled.Select(p => (IReadOnlyList<string>)[p.Key, HtmlPage.Number(p.Min), HtmlPage.Number(p.Max), HtmlPage.Number(p.Mean), HtmlPage.Number(p.HarmonicMean)]),
                "pooled");
        return page.ToString();
    }
}
