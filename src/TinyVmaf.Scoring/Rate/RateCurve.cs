namespace TinyVmaf.Scoring.Rate;

/// <summary>One encode of a rate–quality curve: its bitrate and its quality score (VMAF, MOS, PSNR, …).</summary>
public readonly record struct RatePoint(double BitrateKbps, double Score);

/// <summary>
/// A rate–quality curve: one source encoded at several rates by one codec (or one configuration).
/// <see cref="Source"/> names where it came from (a file) and starts every error message about it;
/// <see cref="Label"/> is what plots and tables call it.
/// </summary>
public sealed record RateCurve(string Source, string Label, IReadOnlyList<RatePoint> Points)
{
    /// <summary>A curve whose label is its source.</summary>
    public RateCurve(string source, IReadOnlyList<RatePoint> points)
        : this(source, source, points)
    {
    }
}

/// <summary>How a curve is turned into a function before it is integrated.</summary>
public enum BdInterpolation
{
    /// <summary>
    /// VCEG-M33 (Bjøntegaard, 2001): a least-squares cubic polynomial through the points (exact through four);
    /// needs at least 4 points.
    /// </summary>
    Cubic,

    /// <summary>
    /// Piecewise cubic Hermite interpolation with shape-preserving slopes (Fritsch–Carlson, MATLAB's and SciPy's
    /// <c>pchip</c>), the practice of the newer JVET and AOM common test conditions: it passes through every
    /// point and never overshoots between them; needs at least 2 points.
    /// </summary>
    Pchip,
}

/// <summary>A curve or a pair of curves BD-rate cannot be computed on; the message starts with the file it is about.</summary>
public sealed class RateCurveException(string message) : Exception(message);
