namespace TinyVmaf.Features.Ciede;

/// <summary>
/// Polynomial approximations fitted at start-up rather than pasted in as constants: interpolation at the
/// Chebyshev nodes, whose error is within a small factor of the best possible (minimax) at that degree and,
/// for the smooth functions fitted here, about the first Chebyshev coefficient left out.
/// </summary>
internal static class ChebyshevFit
{
    /// <summary>
    /// The coefficients, constant term first, of the degree-<paramref name="degree"/> polynomial in
    /// s ∈ [−1, 1] that interpolates f(x) at the Chebyshev nodes, with x = a + (b − a)·(s + 1)/2.
    /// </summary>
    public static float[] Monomials(Func<double, double> f, double a, double b, int degree)
    {
        int n = degree + 1;
        var values = new double[n];
        for (int k = 0; k < n; k++)
        {
            double s = Math.Cos(Math.PI * (k + 0.5) / n);
            values[k] = f(a + ((b - a) * (s + 1) / 2));
        }

        // Chebyshev coefficients by the discrete cosine transform of the node values.
        var chebyshev = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += values[k] * Math.Cos(Math.PI * j * (k + 0.5) / n);
            }

            chebyshev[j] = (j == 0 ? 1.0 : 2.0) * sum / n;
        }

        // Σ c_j·T_j(s) in powers of s, with T_0 = 1, T_1 = s, T_(j+1) = 2s·T_j − T_(j−1).
        var monomials = new double[n];
        var previous = new double[n];
        var current = new double[n];
        previous[0] = 1;
        monomials[0] = chebyshev[0];
        if (n > 1)
        {
            current[1] = 1;
            monomials[1] += chebyshev[1];
        }

        for (int j = 2; j < n; j++)
        {
            var next = new double[n];
            for (int i = 0; i < n; i++)
            {
                next[i] = (i > 0 ? 2 * current[i - 1] : 0) - previous[i];
            }

            for (int i = 0; i < n; i++)
            {
                monomials[i] += chebyshev[j] * next[i];
            }

            previous = current;
            current = next;
        }

        return [.. monomials.Select(c => (float)c)];
    }
}
