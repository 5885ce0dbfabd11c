namespace TinyVmaf.Scoring.Rate;

/// <summary>A curve made a function of one variable: evaluated for plots, integrated for the deltas.</summary>
internal interface ICurveFunction
{
    double Evaluate(double x);

    /// <summary>The definite integral from <paramref name="low"/> to <paramref name="high"/>.</summary>
    double Integral(double low, double high);
}

internal static class CurveFunction
{
    /// <summary>
    /// The function of <paramref name="y"/> over <paramref name="x"/> (<paramref name="x"/> strictly increasing) that
    /// <paramref name="interpolation"/> makes.
    /// </summary>
    public static ICurveFunction Fit(BdInterpolation interpolation, double[] x, double[] y) => interpolation switch
    {
        BdInterpolation.Cubic => CubicFit.Fit(x, y),
        BdInterpolation.Pchip => Pchip.Fit(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, null),
    };
}
