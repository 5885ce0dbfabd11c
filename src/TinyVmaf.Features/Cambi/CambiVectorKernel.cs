using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The AVX2 kernel. It reaches libvmaf's counts and floats by other routes:
/// <list type="bullet">
/// <item>Sliding: a pixel that enters and one that leaves the same column with the same value cancel, and
/// what is left is taken in runs of one value: a run of columns [a, b] adds to column j the number of its
/// pixels within ±pad of j, a trapezoid, written a vector at a time — instead of one range of 2·pad + 1 per
/// pixel. Integer counts, so the order of the additions does not matter.</item>
/// <item>C-values: sixteen columns at a time; for each distinct value among their masked pixels (usually one
/// or two in the flat areas the mask keeps), the counts of that value and its neighbours are whole-vector
/// loads, the reciprocals a gather, and the same float operations as the scalar code run on sixteen lanes.
/// A step whose neighbour counts are zero in every lane adds nothing and is skipped.</item>
/// </list>
/// </summary>
internal sealed class CambiVectorKernel(int maxWidth) : ICambiKernel
{
    /// <summary>Marks a column whose pixel does not count (outside the mask, above the band, or cancelled).</summary>
    private const ushort None = ushort.MaxValue;

    private static readonly Vector256<short> Lanes = Vector256.Create((short)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    private readonly ushort[] _entering = new ushort[maxWidth];
    private readonly ushort[] _leaving = new ushort[maxWidth];

    public static bool IsSupported => Avx2.IsSupported;

    public void Slide(
        CambiHistograms histograms,
        ReadOnlySpan<ushort> enteringImage, ReadOnlySpan<ushort> enteringMask,
        ReadOnlySpan<ushort> leavingImage, ReadOnlySpan<ushort> leavingMask)
    {
        int width = histograms.Width;
        var entering = _entering.AsSpan(0, width);
        var leaving = _leaving.AsSpan(0, width);
        ushort bandTop = (ushort)histograms.Contrast.BandTop;
        bool hasEntering = !enteringImage.IsEmpty, hasLeaving = !leavingImage.IsEmpty;
        if (hasEntering && hasLeaving)
        {
            Keys(enteringImage, enteringMask, leavingImage, leavingMask, entering, leaving, bandTop);
        }
        else if (hasEntering)
        {
            Keys(enteringImage, enteringMask, entering, bandTop);
        }
        else if (hasLeaving)
        {
            Keys(leavingImage, leavingMask, leaving, bandTop);
        }

        if (hasEntering)
        {
            ApplyRuns(histograms, entering, subtract: false);
        }

        if (hasLeaving)
        {
            ApplyRuns(histograms, leaving, subtract: true);
        }
    }

    public unsafe int CValuesRow(CambiHistograms histograms, ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, Span<float> nonzero)
    {
        fixed (float* reciprocals = CambiReciprocals.Table)
        {
            return CValuesRow(histograms, image, mask, nonzero, reciprocals);
        }
    }

    private static unsafe int CValuesRow(CambiHistograms histograms, ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, Span<float> nonzero, float* reciprocals)
    {
        int width = histograms.Width;
        ref ushort imageRef = ref MemoryMarshal.GetReference(image);
        ref ushort maskRef = ref MemoryMarshal.GetReference(mask);
        ref float outRef = ref MemoryMarshal.GetReference(nonzero);
        var maxTvi = Vector256.Create((ushort)histograms.Contrast.MaxTvi);
        int count = 0;
        int j = 0;
        for (; j + Vector256<ushort>.Count <= width; j += Vector256<ushort>.Count)
        {
            var values = Vector256.LoadUnsafe(ref imageRef, (nuint)j);
            var masked = ~Vector256.Equals(Vector256.LoadUnsafe(ref maskRef, (nuint)j), Vector256<ushort>.Zero);
            var active = masked & Vector256.LessThanOrEqual(values, maxTvi);
            uint pending = active.ExtractMostSignificantBits();
            if (pending == 0)
            {
                continue;
            }

            var lower = Vector256<float>.Zero;
            var upper = Vector256<float>.Zero;
            while (pending != 0)
            {
                ushort value = Unsafe.Add(ref imageRef, j + BitOperations.TrailingZeroCount(pending));
                var same = active & Vector256.Equals(values, Vector256.Create(value));
                pending &= ~same.ExtractMostSignificantBits();
                var (lowerValues, upperValues) = CValues(histograms, value, j, reciprocals);
                // Sign-extending turns each all-ones 16-bit lane into an all-ones 32-bit one.
                var (sameLower, sameUpper) = Vector256.Widen(same.AsInt16());
                lower = Vector256.ConditionalSelect(sameLower.AsSingle(), lowerValues, lower);
                upper = Vector256.ConditionalSelect(sameUpper.AsSingle(), upperValues, upper);
            }

            // Append the nonzero lanes in column order: store eight, move the nonzero ones to the front, then the
            // next eight. A store reaches at most the columns read so far, so it stays within the row's room.
            lower.StoreUnsafe(ref outRef, (nuint)count);
            uint kept = (~Vector256.Equals(lower, Vector256<float>.Zero)).ExtractMostSignificantBits();
            count += Compact(ref outRef, count, kept);
            upper.StoreUnsafe(ref outRef, (nuint)count);
            kept = (~Vector256.Equals(upper, Vector256<float>.Zero)).ExtractMostSignificantBits();
            count += Compact(ref outRef, count, kept);
        }

        for (; j < width; j++)
        {
            float value = mask[j] != 0 ? histograms.CValue(image[j], j) : 0f;
            if (value != 0f)
            {
                nonzero[count++] = value;
            }
        }

        return count;
    }

    /// <summary>
    /// Moves the lanes flagged in <paramref name="kept"/> of the eight values stored at <paramref name="at"/> to
    /// its front, in order; returns how many there are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Compact(ref float values, int at, uint kept)
    {
        if (kept == 0xFF)
        {
            return Vector256<float>.Count;
        }

        ref float start = ref Unsafe.Add(ref values, at);
        int n = 0;
        while (kept != 0)
        {
            Unsafe.Add(ref start, n++) = Unsafe.Add(ref start, BitOperations.TrailingZeroCount(kept));
            kept &= kept - 1;
        }

        return n;
    }

    /// <summary>
    /// The c-values of sixteen columns from <paramref name="column"/> as if each pixel had
    /// <paramref name="value"/> (which is at most the largest threshold). Lanes whose pixel has another value
    /// may hold anything, NaN included; the caller keeps only the lanes of this value, whose own pixel makes
    /// p0 at least 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<float> Lower, Vector256<float> Upper) CValues(CambiHistograms histograms, int value, int column, float* reciprocals)
    {
        var contrast = histograms.Contrast;
        int stride = histograms.Stride;
        ref ushort counts = ref MemoryMarshal.GetArrayDataReference(histograms.Counts);
        var (p0Lower, p0Upper) = Widen(Vector256.LoadUnsafe(ref counts, (nuint)((value * stride) + column)));
        var bestLower = Vector256<float>.Zero;
        var bestUpper = Vector256<float>.Zero;
        for (int d = 0; d < contrast.NumDiffs; d++)
        {
            if (value > contrast.Tvi[d] || !contrast.AboveVisibility(value, d))
            {
                continue;
            }

            var above = Vector256.LoadUnsafe(ref counts, (nuint)(((value + d + 1) * stride) + column));
            var p = value - d - 1 >= 0
                ? Vector256.Max(above, Vector256.LoadUnsafe(ref counts, (nuint)(((value - d - 1) * stride) + column)))
                : above;
            if (p == Vector256<ushort>.Zero)
            {
                continue;
            }

            var (pLower, pUpper) = Widen(p);
            var weight = Vector256.Create(contrast.Weights[d]);
            bestLower = Vector256.MaxNative(bestLower, Contrast(weight, p0Lower, pLower, reciprocals));
            bestUpper = Vector256.MaxNative(bestUpper, Contrast(weight, p0Upper, pUpper, reciprocals));
        }

        return (bestLower, bestUpper);
    }

    /// <summary>
    /// (float)(w·p0·p) · reciprocal[p0 + p], lane by lane; the int product wraps as libvmaf's does. A lane of
    /// this value has p0 + p within the window, below the table's size; the other lanes are clamped into the
    /// table so that the gather stays inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Contrast(Vector256<int> weight, Vector256<int> p0, Vector256<int> p, float* reciprocals)
    {
        var sum = Vector256.Min(p0 + p, Vector256.Create(CambiReciprocals.TableSize - 1));
        return Vector256.ConvertToSingle(weight * p0 * p) * Avx2.GatherVector256(reciprocals, sum, sizeof(float));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Lower, Vector256<int> Upper) Widen(Vector256<ushort> counts)
    {
        var (lower, upper) = Vector256.Widen(counts);
        return (lower.AsInt32(), upper.AsInt32());
    }

    /// <summary>The key of each column of one row: its value when the pixel counts, else <see cref="None"/>.</summary>
    private static void Keys(ReadOnlySpan<ushort> image, ReadOnlySpan<ushort> mask, Span<ushort> keys, ushort bandTop)
    {
        ref ushort imageRef = ref MemoryMarshal.GetReference(image);
        ref ushort maskRef = ref MemoryMarshal.GetReference(mask);
        ref ushort keysRef = ref MemoryMarshal.GetReference(keys);
        var top = Vector256.Create(bandTop);
        int j = 0;
        for (; j + Vector256<ushort>.Count <= keys.Length; j += Vector256<ushort>.Count)
        {
            Key(Vector256.LoadUnsafe(ref imageRef, (nuint)j), Vector256.LoadUnsafe(ref maskRef, (nuint)j), top)
                .StoreUnsafe(ref keysRef, (nuint)j);
        }

        for (; j < keys.Length; j++)
        {
            keys[j] = mask[j] != 0 && image[j] <= bandTop ? image[j] : None;
        }
    }

    /// <summary>The keys of an entering and a leaving row, with the columns where they cancel set to <see cref="None"/> in both.</summary>
    private static void Keys(
        ReadOnlySpan<ushort> enteringImage, ReadOnlySpan<ushort> enteringMask,
        ReadOnlySpan<ushort> leavingImage, ReadOnlySpan<ushort> leavingMask,
        Span<ushort> entering, Span<ushort> leaving, ushort bandTop)
    {
        ref ushort eImage = ref MemoryMarshal.GetReference(enteringImage);
        ref ushort eMask = ref MemoryMarshal.GetReference(enteringMask);
        ref ushort lImage = ref MemoryMarshal.GetReference(leavingImage);
        ref ushort lMask = ref MemoryMarshal.GetReference(leavingMask);
        ref ushort eKeys = ref MemoryMarshal.GetReference(entering);
        ref ushort lKeys = ref MemoryMarshal.GetReference(leaving);
        var top = Vector256.Create(bandTop);
        var none = Vector256.Create(None);
        int j = 0;
        for (; j + Vector256<ushort>.Count <= entering.Length; j += Vector256<ushort>.Count)
        {
            var e = Key(Vector256.LoadUnsafe(ref eImage, (nuint)j), Vector256.LoadUnsafe(ref eMask, (nuint)j), top);
            var l = Key(Vector256.LoadUnsafe(ref lImage, (nuint)j), Vector256.LoadUnsafe(ref lMask, (nuint)j), top);
            var cancel = Vector256.Equals(e, l);
            (e | (cancel & none)).StoreUnsafe(ref eKeys, (nuint)j);
            (l | (cancel & none)).StoreUnsafe(ref lKeys, (nuint)j);
        }

        for (; j < entering.Length; j++)
        {
            ushort e = enteringMask[j] != 0 && enteringImage[j] <= bandTop ? enteringImage[j] : None;
            ushort l = leavingMask[j] != 0 && leavingImage[j] <= bandTop ? leavingImage[j] : None;
            if (e == l)
            {
                e = l = None;
            }

            entering[j] = e;
            leaving[j] = l;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Key(Vector256<ushort> image, Vector256<ushort> mask, Vector256<ushort> top)
    {
        var counts = ~Vector256.Equals(mask, Vector256<ushort>.Zero) & Vector256.LessThanOrEqual(image, top);
        return image | ~counts;
    }

    /// <summary>Finds the runs of equal keys along a row and adds (or subtracts) each run's trapezoid.</summary>
    private static void ApplyRuns(CambiHistograms histograms, ReadOnlySpan<ushort> keys, bool subtract)
    {
        int width = keys.Length;
        ref ushort keysRef = ref MemoryMarshal.GetReference(keys);
        ushort run = keys[0];
        int start = 0;
        int k = 1;
        while (k < width)
        {
            if (k + Vector256<ushort>.Count <= width)
            {
                uint differs = (~Vector256.Equals(Vector256.LoadUnsafe(ref keysRef, (nuint)k), Vector256.Create(run))).ExtractMostSignificantBits();
                if (differs == 0)
                {
                    k += Vector256<ushort>.Count;
                    continue;
                }

                k += BitOperations.TrailingZeroCount(differs);
            }
            else if (keys[k] == run)
            {
                k++;
                continue;
            }

            if (run != None)
            {
                Trapezoid(histograms, run, start, k - 1, subtract);
            }

            run = keys[k];
            start = k;
            k++;
        }

        if (run != None)
        {
            Trapezoid(histograms, run, start, width - 1, subtract);
        }
    }

    /// <summary>
    /// Adds to the counts of <paramref name="value"/> at every column j the number of columns of [first, last]
    /// within ±pad of j: max(0, min(j + pad, last) − max(j − pad, first) + 1). Whole vectors from a multiple
    /// of sixteen; columns outside the trapezoid get 0, and those past the width fall in the row's padding.
    /// </summary>
    private static void Trapezoid(CambiHistograms histograms, int value, int first, int last, bool subtract)
    {
        int pad = histograms.Pad;
        int from = Math.Max(first - pad, 0) & ~(Vector256<ushort>.Count - 1);
        int to = Math.Min(last + pad, histograms.Width - 1);
        ref ushort row = ref MemoryMarshal.GetArrayDataReference(histograms.Counts);
        row = ref Unsafe.Add(ref row, value * histograms.Stride);
        var padVector = Vector256.Create((short)pad);
        var firstVector = Vector256.Create((short)first);
        var lastVector = Vector256.Create((short)last);
        var one = Vector256<short>.One;
        for (int j = from; j <= to; j += Vector256<ushort>.Count)
        {
            var columns = Vector256.Create((short)j) + Lanes;
            var covered = Vector256.Min(columns + padVector, lastVector) - Vector256.Max(columns - padVector, firstVector) + one;
            var count = Vector256.Max(covered, Vector256<short>.Zero).AsUInt16();
            var current = Vector256.LoadUnsafe(ref row, (nuint)j);
            (subtract ? current - count : current + count).StoreUnsafe(ref row, (nuint)j);
        }
    }
}
