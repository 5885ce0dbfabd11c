namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// The VQEG 4-parameter logistic mapping from objective to subjective scores,
/// <c>f(x) = (β1 − β2)/(1 + exp(−(x − β3)/|β4|)) + β2</c>, fitted by least squares. β1 and β2 are the upper and
/// lower asymptotes (swapped for a decreasing curve), β3 the midpoint and |β4| the width.
/// </summary>
public sealed record LogisticFit(double Beta1, double Beta2, double Beta3, double Beta4)
{
    // With four parameters, fewer points than this leave nothing to measure.
    private const int MinimumPoints = 5;

    public double Evaluate(double x) => (Beta1 - Beta2) / (1.0 + Math.Exp(-(x - Beta3) / Math.Abs(Beta4))) + Beta2;

    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            result[i] = Evaluate(x[i]);
        return result;
    }

    /// <summary>
    /// PLCC between the subjective scores and the objective ones after the fitted logistic mapping; NaN when
    /// there are fewer than five points or the fit fails.
    /// </summary>
    public static double Plcc(ReadOnlySpan<double> objective, ReadOnlySpan<double> subjective)
    {
        var fit = Fit(objective, subjective);
        return fit is null ? double.NaN : Correlation.Plcc(fit.Evaluate(objective), subjective);
    }

    /// <summary>
    /// Least-squares fit of <paramref name="subjective"/> ≈ f(<paramref name="objective"/>) by Levenberg–Marquardt,
    /// or null when it is undefined (fewer than five points, a constant side, non-finite input) or does not end
    /// on a finite, non-constant curve.
    /// </summary>
    /// <remarks>
    /// Both sides are first standardised (mean 0, std 1), which makes one set of starting values fit every
    /// scale: asymptotes at the extremes of y (swapped when the linear correlation is negative), midpoint at
    /// the mean of x, and widths 0.25, 1 and 4 std in turn; the fit with the least squared error wins. The
    /// parameters are mapped back to the original scales at the end.
    /// </remarks>
    public static LogisticFit? Fit(ReadOnlySpan<double> objective, ReadOnlySpan<double> subjective)
    {
        if (objective.Length != subjective.Length)
            throw new ArgumentException("Objective and subjective scores differ in length.");
        int n = objective.Length;
        if (n < MinimumPoints)
            return null;
        var (mx, sx) = MeanStd(objective);
        var (my, sy) = MeanStd(subjective);
        if (!(sx > 0) || !(sy > 0) || !double.IsFinite(mx + sx + my + sy))
            return null;
        var u = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = (objective[i] - mx) / sx;
            v[i] = (subjective[i] - my) / sy;
        }

        double high = v.Max();
        double low = v.Min();
        if (Correlation.Plcc(u, v) < 0)
            (high, low) = (low, high);
        double[]? best = null;
        double bestError = double.PositiveInfinity;
        foreach (double width in new[] { 0.25, 1.0, 4.0 })
        {
            double[] p = [high, low, 0.0, width];
            double error = LevenbergMarquardt(u, v, p);
            if (error < bestError && p.All(double.IsFinite))
            {
                bestError = error;
                best = p;
            }
        }
        if (best is null)
            return null;

        var fit = new LogisticFit(my + sy * best[0], my + sy * best[1], mx + sx * best[2], sx * Math.Abs(best[3]));
        var mapped = fit.Evaluate(objective);
        var (_, spread) = MeanStd(mapped);
        return spread > 0 && double.IsFinite(spread) ? fit : null;
    }

    // Minimises Σ (v − g(u))² over p in place and returns the final squared error.
    private static double LevenbergMarquardt(double[] u, double[] v, double[] p)
    {
        const int MaxIterations = 500;
        int n = u.Length;
        var jacobian = new double[n * 4];
        double lambda = 1e-3;
        double error = SquaredError(u, v, p);
        var normal = new double[16];
        var gradient = new double[4];
        var step = new double[4];
        var trial = new double[4];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(normal);
            Array.Clear(gradient);
            for (int i = 0; i < n; i++)
            {
                var row = jacobian.AsSpan(i * 4, 4);
                double residual = v[i] - Model(u[i], p, row);
                for (int a = 0; a < 4; a++)
                {
                    gradient[a] += row[a] * residual;
                    for (int b = 0; b < 4; b++)
                        normal[a * 4 + b] += row[a] * row[b];
                }
            }

            bool improved = false;
            while (lambda < 1e12)
            {
                var damped = (double[])normal.Clone();
                for (int a = 0; a < 4; a++)
                    damped[a * 4 + a] += lambda * Math.Max(normal[a * 4 + a], 1e-12);
                if (Solve4(damped, gradient, step))
                {
                    for (int a = 0; a < 4; a++)
                        trial[a] = p[a] + step[a];
                    double trialError = SquaredError(u, v, trial);
                    if (trialError < error)
                    {
                        double previous = error;
                        Array.Copy(trial, p, 4);
                        error = trialError;
                        lambda = Math.Max(lambda / 10, 1e-12);
                        improved = true;
                        if (previous - error <= 1e-14 * Math.Max(previous, 1e-300))
                            return error;
                        break;
                    }
                }
                lambda *= 10;
            }
            if (!improved)
                break;
        }
        return error;
    }

    // g(u) with its partial derivatives in p's order written to d.
    private static double Model(double u, double[] p, Span<double> d)
    {
        double width = Math.Abs(p[3]);
        double z = (u - p[2]) / width;
        double s = 1.0 / (1.0 + Math.Exp(-z));
        double amplitude = p[0] - p[1];
        double slope = amplitude * s * (1 - s);
        d[0] = s;
        d[1] = 1 - s;
        d[2] = -slope / width;
        d[3] = -slope * z / width * Math.Sign(p[3]);
        return amplitude * s + p[1];
    }

    private static double SquaredError(double[] u, double[] v, double[] p)
    {
        double width = Math.Abs(p[3]);
        if (!(width > 0))
            return double.PositiveInfinity;
        double sum = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double s = 1.0 / (1.0 + Math.Exp(-(u[i] - p[2]) / width));
            double r = v[i] - ((p[0] - p[1]) * s + p[1]);
            sum += r * r;
        }
        return double.IsFinite(sum) ? sum : double.PositiveInfinity;
    }

    // Gaussian elimination with partial pivoting on a 4×4 system; false when singular.
    private static bool Solve4(double[] a, double[] b, double[] x)
    {
        var m = (double[])a.Clone();
        var r = (double[])b.Clone();
        for (int col = 0; col < 4; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < 4; row++)
            {
                if (Math.Abs(m[row * 4 + col]) > Math.Abs(m[pivot * 4 + col]))
                    pivot = row;
            }
            if (!(Math.Abs(m[pivot * 4 + col]) > 1e-300))
                return false;
            if (pivot != col)
            {
                for (int k = 0; k < 4; k++)
                    (m[col * 4 + k], m[pivot * 4 + k]) = (m[pivot * 4 + k], m[col * 4 + k]);
                (r[col], r[pivot]) = (r[pivot], r[col]);
            }
            for (int row = col + 1; row < 4; row++)
            {
                double factor = m[row * 4 + col] / m[col * 4 + col];
                for (int k = col; k < 4; k++)
                    m[row * 4 + k] -= factor * m[col * 4 + k];
                r[row] -= factor * r[col];
            }
        }
        for (int row = 3; row >= 0; row--)
        {
            double sum = r[row];
            for (int k = row + 1; k < 4; k++)
                sum -= m[row * 4 + k] * x[k];
            x[row] = sum / m[row * 4 + row];
        }
        return x.All(double.IsFinite);
    }

    private static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values)
            mean += v;
        mean /= values.Length;
        double sum = 0;
        foreach (double v in values)
            sum += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(sum / values.Length));
    }
}
