namespace TinyVmaf.Features.Cambi;

/// <summary>
/// libvmaf's <c>spatial_pooling</c>: the mean of the k largest c-values of a scale, k = (int)(topk · n)
/// clipped to [1, n]. libvmaf quick-selects the whole array; the k largest are the same multiset whichever way
/// they are found, so here the zeros (most pixels) are set aside first and only the nonzero values are
/// selected among, when there are more of them than k. Sums are in double, as libvmaf's; their order differs,
/// which moves the mean by rounding only (about 1e-16 of it).
/// </summary>
internal static class CambiPooling
{
    public static int TopkCount(double topk, int n) => Math.Clamp((int)(topk * n), 1, n);

    /// <param name="values">The c-values of one scale.</param>
    /// <param name="topk">The share to average.</param>
    /// <param name="scratch">At least as long as <paramref name="values"/>.</param>
    public static double TopkMean(ReadOnlySpan<float> values, double topk, Span<float> scratch)
    {
        int k = TopkCount(topk, values.Length);
        int nonzero = 0;
        double sum = 0;
        foreach (float value in values)
        {
            if (value != 0f)
            {
                scratch[nonzero++] = value;
                sum += value;
            }
        }

        if (nonzero <= k)
        {
            return sum / k;
        }

        var candidates = scratch[..nonzero];
        SelectLargest(candidates, k);
        sum = 0;
        foreach (float value in candidates[..k])
        {
            sum += value;
        }

        return sum / k;
    }

    /// <summary>
    /// Reorders <paramref name="values"/> so that its first <paramref name="k"/> elements are its k largest:
    /// Hoare partitioning around a median of three, descending, narrowing to the side that holds position k.
    /// Equal values split evenly, so the many ties among c-values do not make it quadratic.
    /// </summary>
    internal static void SelectLargest(Span<float> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            int middle = left + ((right - left) / 2);
            float pivot = MedianOfThree(values[left], values[middle], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] > pivot)
                {
                    i++;
                }

                while (values[j] < pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now [left, j] ≥ pivot ≥ [i, right], and anything between j and i equals the pivot.
            if (k - 1 <= j)
            {
                right = j;
            }
            else if (k - 1 >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }

    private static float MedianOfThree(float a, float b, float c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));
}
