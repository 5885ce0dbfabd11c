namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// Piecewise cubic Hermite interpolation with shape-preserving slopes: Fritsch and Carlson's monotone scheme with
/// Brodlie's weighted harmonic mean of the neighbouring secants at interior points, and the one-sided
/// three-point slope at the ends, clipped so that it keeps the sign of the end secant and stays within three
/// times it where the data turn (Moler, <i>Numerical Computing with MATLAB</i>, §3.4; MATLAB's and SciPy's
/// <c>pchip</c>). Through every point; between two points the curve stays within their values.
/// </summary>
internal sealed class Pchip : ICurveFunction
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _slope;

    private Pchip(double[] x, double[] y, double[] slope) => (_x, _y, _slope) = (x, y, slope);

    /// <param name="x">Strictly increasing, at least two values.</param>
    public static Pchip Fit(double[] x, double[] y)
    {
        int n = x.Length;
        if (n < 2 || y.Length != n)
        {
            throw new ArgumentException("pchip needs at least 2 points and one y per x");
        }

        var h = new double[n - 1];
        var secant = new double[n - 1];
        for (int k = 0; k < n - 1; k++)
        {
            h[k] = x[k + 1] - x[k];
            secant[k] = (y[k + 1] - y[k]) / h[k];
        }

        var slope = new double[n];
        if (n == 2)
        {
            // One interval: the straight line.
            slope[0] = slope[1] = secant[0];
            return new Pchip((double[])x.Clone(), (double[])y.Clone(), slope);
        }

        for (int k = 1; k < n - 1; k++)
        {
            double before = secant[k - 1], after = secant[k];

            // A local extremum or a flat neighbour: a flat tangent keeps the curve from overshooting.
            if (Math.Sign(before) != Math.Sign(after) || before == 0 || after == 0)
            {
                slope[k] = 0;
                continue;
            }

            double w1 = (2 * h[k]) + h[k - 1];
            double w2 = h[k] + (2 * h[k - 1]);
            slope[k] = (w1 + w2) / ((w1 / before) + (w2 / after));
        }

        slope[0] = EndSlope(h[0], h[1], secant[0], secant[1]);
        slope[n - 1] = EndSlope(h[n - 2], h[n - 3], secant[n - 2], secant[n - 3]);
        return new Pchip((double[])x.Clone(), (double[])y.Clone(), slope);
    }

    public double Evaluate(double x)
    {
        int k = Interval(x);
        var (a0, a1, a2, a3) = Coefficients(k);
        double s = x - _x[k];
        return a0 + (s * (a1 + (s * (a2 + (s * a3)))));
    }

    /// <summary>Exact: each interval's cubic integrated over the part of [low, high] it covers.</summary>
    public double Integral(double low, double high)
    {
        if (high < low)
        {
            return -Integral(high, low);
        }

        double sum = 0;
        for (int k = Interval(low); k < _x.Length - 1 && _x[k] < high; k++)
        {
            double from = Math.Max(low, _x[k]) - _x[k];
            double to = Math.Min(high, _x[k + 1]) - _x[k];
            var (a0, a1, a2, a3) = Coefficients(k);
            sum += Antiderivative(to, a0, a1, a2, a3) - Antiderivative(from, a0, a1, a2, a3);
        }

        return sum;
    }

    /// <summary>The three-point end slope, kept to the end secant's sign, and within 3× it where the secants change sign.</summary>
    private static double EndSlope(double h0, double h1, double m0, double m1)
    {
        double d = (((2 * h0) + h1) * m0 - (h0 * m1)) / (h0 + h1);
        if (Math.Sign(d) != Math.Sign(m0))
        {
            return 0;
        }

        if (Math.Sign(m0) != Math.Sign(m1) && Math.Abs(d) > 3 * Math.Abs(m0))
        {
            return 3 * m0;
        }

        return d;
    }

    /// <summary>The interval [x_k, x_{k+1}] holding <paramref name="x"/>; the end intervals extend beyond the data.</summary>
    private int Interval(double x)
    {
        int k = Array.BinarySearch(_x, x);
        k = k >= 0 ? k : ~k - 1;
        return Math.Clamp(k, 0, _x.Length - 2);
    }

    /// <summary>The Hermite cubic of interval k in powers of s = x − x_k.</summary>
    private (double A0, double A1, double A2, double A3) Coefficients(int k)
    {
        double h = _x[k + 1] - _x[k];
        double secant = (_y[k + 1] - _y[k]) / h;
        double d0 = _slope[k], d1 = _slope[k + 1];
        return (_y[k], d0, ((3 * secant) - (2 * d0) - d1) / h, (d0 + d1 - (2 * secant)) / (h * h));
    }

    private static double Antiderivative(double s, double a0, double a1, double a2, double a3) =>
        s * (a0 + (s * ((a1 / 2) + (s * ((a2 / 3) + (s * (a3 / 4)))))));
}
