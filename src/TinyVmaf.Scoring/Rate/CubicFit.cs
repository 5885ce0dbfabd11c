namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// The least-squares cubic of VCEG-M33: p(x) = a0 + a1·u + a2·u² + a3·u³ with u = (x − c)/s, c the points' mean
/// and s their largest distance from it. Fitting in u rather than x keeps the normal matrix well conditioned
/// (PSNR or VMAF values near 40 or 90 cubed would cost about nine digits); the polynomial is the same function.
/// Solved by Householder QR, as <c>numpy.polyfit</c> solves its least squares (by an SVD), never through the
/// normal equations, which square the condition number.
/// </summary>
internal sealed class CubicFit : ICurveFunction
{
    private const int Terms = 4;

    private readonly double _center;
    private readonly double _scale;
    private readonly double[] _a;

    private CubicFit(double center, double scale, double[] a) => (_center, _scale, _a) = (center, scale, a);

    public static CubicFit Fit(double[] x, double[] y)
    {
        int n = x.Length;
        if (n < Terms || y.Length != n)
        {
            throw new ArgumentException($"a cubic fit needs at least {Terms} points and one y per x");
        }

        double center = x.Average();
        double scale = x.Max(v => Math.Abs(v - center));

        // The Vandermonde matrix in u, with y as a fifth column so that each reflection reaches it too.
        var m = new double[n, Terms + 1];
        for (int i = 0; i < n; i++)
        {
            double u = (x[i] - center) / scale, power = 1;
            for (int j = 0; j < Terms; j++)
            {
                m[i, j] = power;
                power *= u;
            }

            m[i, Terms] = y[i];
        }

        // Householder QR: column k is reflected onto the axis; rows k.. of the later columns follow.
        var v = new double[n];
        for (int k = 0; k < Terms; k++)
        {
            double norm = 0;
            for (int i = k; i < n; i++)
            {
                norm += m[i, k] * m[i, k];
            }

            norm = Math.Sqrt(norm);
            double alpha = m[k, k] > 0 ? -norm : norm;
            v[k] = m[k, k] - alpha;
            double vv = v[k] * v[k];
            for (int i = k + 1; i < n; i++)
            {
                v[i] = m[i, k];
                vv += v[i] * v[i];
            }

            for (int j = k; j <= Terms; j++)
            {
                double dot = 0;
                for (int i = k; i < n; i++)
                {
                    dot += v[i] * m[i, j];
                }

                double factor = 2 * dot / vv;
                for (int i = k; i < n; i++)
                {
                    m[i, j] -= factor * v[i];
                }
            }
        }

        // Back substitution in R a = Qᵀy; distinct x values (checked by the caller) keep R's diagonal from zero.
        var a = new double[Terms];
        for (int k = Terms - 1; k >= 0; k--)
        {
            double sum = m[k, Terms];
            for (int j = k + 1; j < Terms; j++)
            {
                sum -= m[k, j] * a[j];
            }

            a[k] = sum / m[k, k];
        }

        return new CubicFit(center, scale, a);
    }

    public double Evaluate(double x)
    {
        double u = (x - _center) / _scale;
        return _a[0] + (u * (_a[1] + (u * (_a[2] + (u * _a[3])))));
    }

    public double Integral(double low, double high) => _scale * (Antiderivative((high - _center) / _scale) - Antiderivative((low - _center) / _scale));

    private double Antiderivative(double u) => u * (_a[0] + (u * ((_a[1] / 2) + (u * ((_a[2] / 3) + (u * (_a[3] / 4)))))));
}
