using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// libvmaf's <c>spatial_pooling</c>: the mean of the k largest c-values of a scale, k = (int)(topk · n)
/// clipped to [1, n]. libvmaf quick-selects the whole array; the k largest are the same multiset whichever way
/// they are found. Here the zeros (most pixels) never reach the pooling, and when more than k values are
/// nonzero the k-th largest is found by two rounds of counting on the bits of the floats (positive floats order
/// as their bits do): the upper 16 bits of every value, then the lower 16 of those sharing the threshold's upper
/// bits. A few vector passes, so heavy banding (every pixel nonzero) does not pay a quick select's
/// mispredictions.
/// </summary>
/// <remarks>
/// Sums are in double as libvmaf's, in another order (vector lanes). A c-value is at least 0.5, so a multiple of 2^-24, and a double adds such values exactly
/// while the sum stays below 2^29; the order then changes nothing at all, and beyond that only by rounding.
/// </remarks>
internal sealed class CambiPooling
{
    private const int Bins = 1 << 16;

    /// <summary>Two count tables, for even and odd positions, so that runs of equal values do not wait on one counter.</summary>
    private readonly int[] _even = new int[Bins];
    private readonly int[] _odd = new int[Bins];

    public static int TopkCount(double topk, int n) => Math.Clamp((int)(topk * n), 1, n);

    /// <param name="nonzero">The nonzero c-values of one scale; overwritten here.</param>
    /// <param name="pixels">How many pixels the scale has, zeros included.</param>
    /// <param name="topk">The share to average.</param>
    public double TopkMean(Span<float> nonzero, int pixels, double topk)
    {
        int k = TopkCount(topk, pixels);
        if (nonzero.Length <= k)
        {
            return SumAbove(nonzero, 0, 0, out _) / k;
        }

        // Round 1: the upper half of the k-th largest value's bits, and how many of its values are still needed.
        Count(nonzero, 16, 0xFFFF);
        int needed = k;
        uint upper = FindBin(ref needed);

        // Round 2: values above that bin count in full; those in it are moved to the front and their lower halves
        // counted.
        double sum = SumAbove(nonzero, 16, upper, out int within);
        var candidates = nonzero[..within];
        Count(candidates, 0, 0xFFFF);
        uint lower = FindBin(ref needed);

        // The threshold's bin shares the rest: values above the threshold in full, then the ties it takes.
        uint threshold = (upper << 16) | lower;
        sum += SumAbove(candidates, 0, threshold, out _);
        sum += needed * (double)BitConverter.UInt32BitsToSingle(threshold);
        return sum / k;
    }

    private void Count(ReadOnlySpan<float> values, int shift, uint bits)
    {
        var even = _even.AsSpan();
        var odd = _odd.AsSpan();
        even.Clear();
        odd.Clear();
        int i = 0;
        for (; i + 2 <= values.Length; i += 2)
        {
            even[(int)((BitConverter.SingleToUInt32Bits(values[i]) >> shift) & bits)]++;
            odd[(int)((BitConverter.SingleToUInt32Bits(values[i + 1]) >> shift) & bits)]++;
        }

        if (i < values.Length)
        {
            even[(int)((BitConverter.SingleToUInt32Bits(values[i]) >> shift) & bits)]++;
        }
    }

    /// <summary>
    /// The highest bin at which the counts from the top reach <paramref name="needed"/>; on return
    /// <paramref name="needed"/> is how many of that bin's values complete it.
    /// </summary>
    private uint FindBin(ref int needed)
    {
        int bin = Bins - 1;
        while (_even[bin] + _odd[bin] < needed)
        {
            needed -= _even[bin] + _odd[bin];
            bin--;
        }

        return (uint)bin;
    }

    /// <summary>
    /// The sum of the values whose bits shifted right by <paramref name="shift"/> exceed <paramref name="floor"/>;
    /// the values whose shifted bits equal it are moved, in order, to the front of <paramref name="values"/>
    /// (over values already read), and <paramref name="equal"/> says how many.
    /// </summary>
    private static double SumAbove(Span<float> values, int shift, uint floor, out int equal)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        var floorVector = Vector256.Create(floor);
        var lowerSum = Vector256<double>.Zero;
        var upperSum = Vector256<double>.Zero;
        int count = 0;
        int i = 0;
        for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
        {
            var value = Vector256.LoadUnsafe(ref start, (nuint)i);
            var keys = value.AsUInt32() >> shift;
            var (lower, upper) = Vector256.Widen(Vector256.GreaterThan(keys, floorVector).AsSingle() & value);
            lowerSum += lower;
            upperSum += upper;
            uint same = Vector256.Equals(keys, floorVector).ExtractMostSignificantBits();
            while (same != 0)
            {
                Unsafe.Add(ref start, count++) = value.GetElement(BitOperations.TrailingZeroCount(same));
                same &= same - 1;
            }
        }

        double sum = Vector256.Sum(lowerSum + upperSum);
        for (; i < values.Length; i++)
        {
            float value = values[i];
            uint key = BitConverter.SingleToUInt32Bits(value) >> shift;
            if (key > floor)
            {
                sum += value;
            }
            else if (key == floor)
            {
                values[count++] = value;
            }
        }

        equal = count;
        return sum;
    }
}
