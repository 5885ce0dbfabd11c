namespace TinyVmaf.Features.Logs;

/// <summary>libvmaf's pooling methods over per-frame scores (NaN frames are skipped).</summary>
public static class Pooling
{
    public static double Min(ReadOnlySpan<double> values) => Fold(values, double.PositiveInfinity, Math.Min);

    public static double Max(ReadOnlySpan<double> values) => Fold(values, double.NegativeInfinity, Math.Max);

    public static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>libvmaf's harmonic mean, shifted by one so that zero scores stay finite: 1 / mean(1 / (x + 1)) − 1.</summary>
    public static double HarmonicMean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += 1.0 / (v + 1.0);
                n++;
            }
        }

        return n == 0 ? double.NaN : n / sum - 1.0;
    }

    private static double Fold(ReadOnlySpan<double> values, double seed, Func<double, double, double> f)
    {
        double acc = seed;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                acc = f(acc, v);
                n++;
            }
        }

        return n == 0 ? double.NaN : acc;
    }
}
