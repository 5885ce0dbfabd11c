using System.Globalization;
using TinyVmaf.Scoring.Rate;

namespace TinyVmaf.Cli.Reports;

/// <summary>
/// The page for a BD-rate comparison: the two deltas, both rate–quality curves with the functions the deltas
/// integrate, and each curve's points.
/// </summary>
internal static class BdRatePage
{
    /// <summary>Samples per drawn curve: smooth at the plot's width.</summary>
    private const int CurveSamples = 200;

    public static string Render(BdResult result, string metric, Charts charts)
    {
        var c = CultureInfo.InvariantCulture;
        string method = result.Interpolation == BdInterpolation.Cubic ? "cubic fit (VCEG-M33)" : "pchip (piecewise cubic Hermite)";
        var page = new HtmlPage($"BD-rate: {result.Test.Label} against {result.Anchor.Label}")
            .Heading(string.Create(c, $"BD-rate {result.BdRatePercent:+0.00;-0.00;0.00} %, BD-{metric} {result.BdScore:+0.000;-0.000;0.000}"),
                $"{result.Test.Label} against {result.Anchor.Label} · {metric} · {method}");

        page.Facts(
        [
            new("anchor", $"{result.Anchor.Label} ({result.Anchor.Source})"),
            new("test", $"{result.Test.Label} ({result.Test.Source})"),
            new("metric", metric),
            new("interpolation", method),
            new("BD-rate", string.Create(c, $"{result.BdRatePercent:+0.0000;-0.0000;0} % (the test's bitrate at equal {metric}, over {metric} {result.ScoreLow:0.###}..{result.ScoreHigh:0.###})")),
            new($"BD-{metric}", string.Create(c, $"{result.BdScore:+0.0000;-0.0000;0} (the test's {metric} at equal bitrate, over {result.BitrateLowKbps:0.###}..{result.BitrateHighKbps:0.###} kbps)")),
        ]);

        var (anchorCurve, testCurve) = Bjontegaard.ScoreOverRate(result);
        page.Section("Rate–quality curves")
            .Image(charts.RateQuality(metric,
                [Series(result.Anchor, anchorCurve, Charts.V1), Series(result.Test, testCurve, Charts.V2)],
                result.BitrateLowKbps, result.BitrateHighKbps))
            .Paragraph($"BD-rate averages the horizontal gap between the curves (log bitrate at equal {metric}) over the {metric} range both "
                       + $"cover; BD-{metric} averages the vertical gap over the bitrate range both cover (dotted).", "note");

        foreach (var (role, curve) in new[] { ("Anchor", result.Anchor), ("Test", result.Test) })
        {
            page.Section($"{role}: {curve.Label}")
                .Table(["bitrate (kbps)", metric],
                    curve.Points.OrderBy(p => p.BitrateKbps).Select(p => (IReadOnlyList<string>)[HtmlPage.Number(p.BitrateKbps, "0.###"), HtmlPage.Number(p.Score, "F4")]),
                    role.ToLowerInvariant());
        }

        return page.ToString();
    }

    private static RateSeries Series(RateCurve curve, Func<double, double> scoreAt, ScottPlot.Color color)
    {
        var sorted = curve.Points.OrderBy(p => p.BitrateKbps).ToArray();
        double low = Math.Log(sorted[0].BitrateKbps), high = Math.Log(sorted[^1].BitrateKbps);
        var rates = Enumerable.Range(0, CurveSamples).Select(i => Math.Exp(low + ((high - low) * i / (CurveSamples - 1)))).ToArray();
        return new RateSeries(curve.Label, color,
            sorted.Select(p => p.BitrateKbps).ToArray(), sorted.Select(p => p.Score).ToArray(), rates, rates.Select(scoreAt).ToArray());
    }
}
