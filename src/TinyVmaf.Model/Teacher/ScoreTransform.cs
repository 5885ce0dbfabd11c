namespace TinyVmaf.Model.Teacher;

/// <summary>
/// A libvmaf model's <c>score_transform</c>, applied after denormalising and before clipping, in libvmaf's
/// order: a polynomial <c>p0 + p1·y + p2·y²</c> (each term only when given), then a piecewise-linear map
/// through <c>knots</c>, then rectification against the untransformed score (<c>out_lte_in</c>: never
/// raise it; <c>out_gte_in</c>: never lower it).
/// </summary>
/// <remarks>
/// libvmaf applies it only when the model says <c>"enabled": true</c> or the caller passes
/// <see cref="VmafModelFlags.EnableTransform"/>. vmaf_v0.6.1 gives p0/p1/p2 and <c>out_gte_in</c> but no
/// <c>enabled</c>, so libvmaf 3.0's default scores are untransformed.
/// </remarks>
internal sealed record ScoreTransform(
    bool Enabled,
    double? P0,
    double? P1,
    double? P2,
    IReadOnlyList<(double X, double Y)>? Knots,
    bool OutLteIn,
    bool OutGteIn)
{
    public static readonly ScoreTransform None = new(false, null, null, null, null, false, false);

    /// <summary>The transformed score; <paramref name="y"/> itself when the transform is disabled.</summary>
    public double Apply(double y)
    {
        if (!Enabled)
        {
            return y;
        }

        double stage = y;
        if (P0 is not null || P1 is not null || P2 is not null)
        {
            // Accumulated term by term from 0, and p2·y·y as (p2·y)·y, as libvmaf writes it, so that the
            // rounding matches.
            stage = 0;
            if (P0 is { } p0)
            {
                stage += p0;
            }

            if (P1 is { } p1)
            {
                stage += p1 * y;
            }

            if (P2 is { } p2)
            {
                stage += p2 * y * y;
            }
        }

        if (Knots is not null)
        {
            stage = PiecewiseLinear(stage, Knots);
        }

        if (OutLteIn && stage > y)
        {
            stage = y;
        }

        if (OutGteIn && stage < y)
        {
            stage = y;
        }

        return stage;
    }

    /// <summary>
    /// libvmaf's piecewise-linear mapping (the Python <c>VmafQualityRunner</c>'s, ported to C there): each
    /// segment sets the result where <c>x</c> lies on it, so at an inner knot the later segment wins; below the
    /// first knot the first segment is extended, above the last knot the last one. Knots are validated at load
    /// (at least two, x strictly increasing, y non-decreasing).
    /// </summary>
    internal static double PiecewiseLinear(double x, IReadOnlyList<(double X, double Y)> knots)
    {
        double y = 0;
        int segments = knots.Count - 1;
        for (int i = 0; i < segments; i++)
        {
            var (x0, y0) = knots[i];
            var (x1, y1) = knots[i + 1];
            bool onSegment = x0 <= x && x <= x1;
            bool belowFirst = i == 0 && x < x0;
            bool aboveLast = i == segments - 1 && x > x1;
            if (!(onSegment || belowFirst || aboveLast))
            {
                continue;
            }

            if (y0 == y1)
            {
                y = y0;
            }
            else
            {
                var (slope, offset) = LineThrough(x0, y0, x1, y1);
                y = slope * x + offset;
            }
        }

        return y;
    }

    /// <summary>
    /// The line through two knots. When the first knot sits on x = 0 libvmaf takes its y as the offset and
    /// the slope as (y1 − offset)/x1 rather than the general two-point form; the two round differently, so
    /// both are kept.
    /// </summary>
    private static (double Slope, double Offset) LineThrough(double x0, double y0, double x1, double y1)
    {
        if (x0 == 0)
        {
            return ((y1 - y0) / x1, y0);
        }

        double slope = (y1 - y0) / (x1 - x0);
        return (slope, y0 - x0 * slope);
    }
}
