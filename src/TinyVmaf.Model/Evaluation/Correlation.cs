namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// The agreement measures of video-quality work between predictions and subjective (or teacher) scores.
/// Each returns NaN where it is undefined (fewer than two points, a constant side, a NaN input).
/// </summary>
public static class Correlation
{
    /// <summary>Pearson linear correlation coefficient.</summary>
    public static double Plcc(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x, y);
        int n = x.Length;
        if (n < 2 || HasNaN(x) || HasNaN(y))
            return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx <= 0 || syy <= 0)
            return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>Spearman rank-order correlation: Pearson on ranks, tied values sharing their average rank.</summary>
    public static double Srocc(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x, y);
        if (x.Length < 2 || HasNaN(x) || HasNaN(y))
            return double.NaN;
        return Plcc(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>
    /// Kendall rank correlation, tau-b (corrected for ties on either side):
    /// <c>(concordant − discordant) / √((n₀ − n₁)(n₀ − n₂))</c>, n₀ = n(n−1)/2 and n₁, n₂ the pairs tied in x, in y.
    /// </summary>
    /// <remarks>
    /// Knight's O(n log n) method: sort by (x, y), count the pairs tied in x and in both, then count the
    /// discordant pairs as the swaps a stable merge sort of y makes, and the pairs tied in y from the sorted y.
    /// </remarks>
    public static double Krocc(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x, y);
        int n = x.Length;
        if (n < 2 || HasNaN(x) || HasNaN(y))
            return double.NaN;
        var xs = x.ToArray();
        var ys = y.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = xs[a].CompareTo(xs[b]);
            return c != 0 ? c : ys[a].CompareTo(ys[b]);
        });

        // Runs of equal x, and of equal (x, y), are contiguous in this order.
        long tiedX = TiedPairs(n, i => xs[order[i]] == xs[order[i - 1]]);
        long tiedBoth = TiedPairs(n, i => xs[order[i]] == xs[order[i - 1]] && ys[order[i]] == ys[order[i - 1]]);

        var sortedY = new double[n];
        for (int i = 0; i < n; i++)
            sortedY[i] = ys[order[i]];
        long discordant = MergeSortCountingSwaps(sortedY, new double[n], 0, n);
        long tiedY = TiedPairs(n, i => sortedY[i] == sortedY[i - 1]);

        long pairs = (long)n * (n - 1) / 2;
        double numerator = pairs - tiedX - tiedY + tiedBoth - 2.0 * discordant;
        double denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator > 0 ? Math.Clamp(numerator / denominator, -1.0, 1.0) : double.NaN;
    }

    /// <summary>Root mean squared difference, on the scores' own scale (no fitted mapping).</summary>
    public static double Rmse(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        CheckLengths(predicted, actual);
        if (predicted.Length == 0)
            return double.NaN;
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] - actual[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / predicted.Length);
    }

    /// <summary>Ranks 1..n, ties given the average of the ranks they span.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var copy = values.ToArray();
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => copy[a].CompareTo(copy[b]));
        var ranks = new double[n];
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && copy[order[end]] == copy[order[start]])
                end++;
            // Ranks start+1 … end share their mean.
            double rank = 0.5 * (start + 1 + end);
            for (int i = start; i < end; i++)
                ranks[order[i]] = rank;
            start = end;
        }
        return ranks;
    }

    // Pairs within runs of consecutive equal items, given whether item i equals item i − 1.
    private static long TiedPairs(int n, Func<int, bool> sameAsPrevious)
    {
        long total = 0;
        long run = 1;
        for (int i = 1; i < n; i++)
        {
            if (sameAsPrevious(i))
            {
                run++;
            }
            else
            {
                total += run * (run - 1) / 2;
                run = 1;
            }
        }
        return total + run * (run - 1) / 2;
    }

    // Sorts values[from, to) ascending, stably, and returns how many pairs i < j had values[i] > values[j].
    private static long MergeSortCountingSwaps(double[] values, double[] scratch, int from, int to)
    {
        if (to - from < 2)
            return 0;
        int middle = (from + to) / 2;
        long swaps = MergeSortCountingSwaps(values, scratch, from, middle)
            + MergeSortCountingSwaps(values, scratch, middle, to);
        int left = from, right = middle, k = from;
        while (left < middle && right < to)
        {
            if (values[left] <= values[right])
            {
                scratch[k++] = values[left++];
            }
            else
            {
                swaps += middle - left;
                scratch[k++] = values[right++];
            }
        }
        while (left < middle)
            scratch[k++] = values[left++];
        while (right < to)
            scratch[k++] = values[right++];
        Array.Copy(scratch, from, values, from, to - from);
        return swaps;
    }

    private static void CheckLengths(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"The two score lists differ in length ({x.Length} and {y.Length}).");
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (double.IsNaN(v))
                return true;
        }
        return false;
    }
}
