using System.Globalization;

namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// Bjøntegaard's delta rate and delta score between two rate–quality curves (G. Bjøntegaard, "Calculation of
/// average PSNR differences between RD-curves", ITU-T VCEG-M33, 2001).
/// </summary>
/// <remarks>
/// BD-rate: each curve's log-rate is made a function of its score (<see cref="BdInterpolation"/>), both are
/// integrated over the score range the two curves share, and the mean difference d of the logarithms becomes
/// the rate ratio e^d − 1. BD-score: the score made a function of log-rate, integrated over the shared
/// log-rate range, the mean difference as it is. Logarithms are natural; the base cancels in both.
/// </remarks>
public static class Bjontegaard
{
    /// <summary>Points the interpolation needs: VCEG-M33's cubic is exact through four, a Hermite piece spans two.</summary>
    public static int MinimumPoints(BdInterpolation interpolation) => interpolation == BdInterpolation.Cubic ? 4 : 2;

    /// <summary>
    /// The deltas of <paramref name="test"/> against <paramref name="anchor"/>. Throws
    /// <see cref="RateCurveException"/> for a curve with too few points, a non-positive or repeated bitrate, or a
    /// score that does not rise with bitrate, and for curves that share no score or no bitrate range.
    /// </summary>
    public static BdResult Compute(RateCurve anchor, RateCurve test, BdInterpolation interpolation = BdInterpolation.Cubic)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(test);
        var a = Prepare(anchor, interpolation);
        var t = Prepare(test, interpolation);

        // BD-rate: log-rate over score, on the shared score range.
        double scoreLow = Math.Max(a.Score[0], t.Score[0]);
        double scoreHigh = Math.Min(a.Score[^1], t.Score[^1]);
        if (!(scoreHigh > scoreLow))
        {
            throw new RateCurveException(
                $"{anchor.Source} and {test.Source}: the scores do not overlap ({Range(a.Score)} against {Range(t.Score)}); BD-rate compares rates at equal scores");
        }

        double rateDelta = Mean(interpolation, t.Score, t.LogRate, scoreLow, scoreHigh) - Mean(interpolation, a.Score, a.LogRate, scoreLow, scoreHigh);

        // BD-score: score over log-rate, on the shared rate range.
        double rateLow = Math.Max(a.Rate[0], t.Rate[0]);
        double rateHigh = Math.Min(a.Rate[^1], t.Rate[^1]);
        double logRateLow = Math.Log(rateLow), logRateHigh = Math.Log(rateHigh);
        if (!(rateHigh > rateLow))
        {
            throw new RateCurveException(
                $"{anchor.Source} and {test.Source}: the bitrates do not overlap ({Range(a.Rate)} kbps against {Range(t.Rate)} kbps); BD-score compares scores at equal rates");
        }

        double scoreDelta = Mean(interpolation, t.LogRate, t.Score, logRateLow, logRateHigh) - Mean(interpolation, a.LogRate, a.Score, logRateLow, logRateHigh);

        return new BdResult(anchor, test, interpolation, (Math.Exp(rateDelta) - 1) * 100, scoreDelta,
            scoreLow, scoreHigh, rateLow, rateHigh);
    }

    /// <summary>
    /// For drawing: each curve's score over bitrate (kbps), the functions BD-score integrates. BD-rate fits the
    /// other direction (log-rate over score) through the same points, which is not exactly this function's
    /// inverse; one direction is enough to show the curves.
    /// </summary>
    internal static (Func<double, double> Anchor, Func<double, double> Test) ScoreOverRate(BdResult result)
    {
        var a = Prepare(result.Anchor, result.Interpolation);
        var t = Prepare(result.Test, result.Interpolation);
        var fa = CurveFunction.Fit(result.Interpolation, a.LogRate, a.Score);
        var ft = CurveFunction.Fit(result.Interpolation, t.LogRate, t.Score);
        return (kbps => fa.Evaluate(Math.Log(kbps)), kbps => ft.Evaluate(Math.Log(kbps)));
    }

    private static double Mean(BdInterpolation interpolation, double[] x, double[] y, double low, double high) =>
        CurveFunction.Fit(interpolation, x, y).Integral(low, high) / (high - low);

    /// <summary>The curve in rate order, checked: enough points, positive distinct rates, a score that rises with rate.</summary>
    private static (double[] Rate, double[] LogRate, double[] Score) Prepare(RateCurve curve, BdInterpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(curve.Points);
        int minimum = MinimumPoints(interpolation);
        if (curve.Points.Count < minimum)
        {
            string other = interpolation == BdInterpolation.Cubic ? "; --interp pchip needs 2" : "";
            throw new RateCurveException(
                $"{curve.Source}: {curve.Points.Count} point{(curve.Points.Count == 1 ? "" : "s")}; the {Name(interpolation)} fit needs at least {minimum}{other}");
        }

        foreach (var p in curve.Points)
        {
            if (!double.IsFinite(p.BitrateKbps) || p.BitrateKbps <= 0)
            {
                throw new RateCurveException($"{curve.Source}: bitrate {Format(p.BitrateKbps)} kbps is not a positive number");
            }

            if (!double.IsFinite(p.Score))
            {
                throw new RateCurveException($"{curve.Source}: the score at {Format(p.BitrateKbps)} kbps is {Format(p.Score)}, not a number");
            }
        }

        var sorted = curve.Points.OrderBy(p => p.BitrateKbps).ToArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].BitrateKbps == sorted[i - 1].BitrateKbps)
            {
                throw new RateCurveException(
                    $"{curve.Source}: bitrate {Format(sorted[i].BitrateKbps)} kbps appears twice; a curve has one score per rate");
            }

            if (!(sorted[i].Score > sorted[i - 1].Score))
            {
                throw new RateCurveException(
                    $"{curve.Source}: the score does not rise with the bitrate ({Format(sorted[i - 1].BitrateKbps)} kbps → {Format(sorted[i - 1].Score)}, "
                    + $"{Format(sorted[i].BitrateKbps)} kbps → {Format(sorted[i].Score)}); BD-rate needs a curve on which more bits score higher");
            }
        }

        return (sorted.Select(p => p.BitrateKbps).ToArray(), sorted.Select(p => Math.Log(p.BitrateKbps)).ToArray(), sorted.Select(p => p.Score).ToArray());
    }

    private static string Name(BdInterpolation interpolation) => interpolation == BdInterpolation.Cubic ? "cubic (VCEG-M33)" : "pchip";

    private static string Range(double[] sorted) => $"{Format(sorted[0])}..{Format(sorted[^1])}";

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
