using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// The kernels of libvmaf 3.2's integer motion, which blurs the difference of two frames instead of
/// differencing two blurs: a vertical 5-tap pass over <c>prev − cur</c> (signed, rounded and shifted by the
/// bit depth, arithmetic shift), then a horizontal 5-tap pass (rounded, shifted by 16) whose absolute values
/// are summed per row. Each has a scalar reference and a <see cref="Vector256"/> twin that agrees with it bit
/// for bit (integer arithmetic, or doubles that hold every partial sum exactly).
/// </summary>
internal static class MotionDiffKernels
{
    public const int Radius = 2;

    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// The vertical pass of row <c>i</c>: <c>y[j] = (Σk filter[k]·(prev[r_k][j] − cur[r_k][j]) + 2^(shift−1)) &gt;&gt; shift</c>
    /// with the rows <c>r_k</c> mirrored at the plane's edges. Sums are 64-bit, as libvmaf's for more than 8 bits
    /// (its 8-bit pipeline's 32-bit sums cannot overflow).
    /// </summary>
    public static void VerticalScalar(ReadOnlySpan<ushort> prev, ReadOnlySpan<ushort> cur, int stride, int width, int height, int i, int shift, Span<int> y)
    {
        var filter = MotionKernels.Filter;
        long round = 1L << (shift - 1);
        for (int j = 0; j < width; j++)
        {
            long accum = 0;
            for (int k = 0; k < filter.Length; k++)
            {
                int row = MotionBlur.Mirror(i - Radius + k, height);
                accum += filter[k] * (long)(prev[row * stride + j] - cur[row * stride + j]);
            }

            y[j] = (int)((accum + round) >> shift);
        }
    }

    /// <inheritdoc cref="VerticalScalar"/>
    /// <remarks>32-bit lanes: exact while |Σ| &lt; 2^31, i.e. up to 14 bits per sample; deeper input takes the scalar pass.</remarks>
    public static void VerticalVector(ReadOnlySpan<ushort> prev, ReadOnlySpan<ushort> cur, int stride, int width, int height, int i, int shift, Span<int> y)
    {
        int lanes = Vector256<int>.Count;
        if (!Vector256.IsHardwareAccelerated || shift > 14 || width < lanes)
        {
            VerticalScalar(prev, cur, stride, width, height, i, shift, y);
            return;
        }

        var filter = MotionKernels.Filter;
        Span<int> rows = stackalloc int[5];
        for (int k = 0; k < 5; k++)
        {
            rows[k] = MotionBlur.Mirror(i - Radius + k, height) * stride;
        }

        ref ushort p = ref MemoryMarshal.GetReference(prev);
        ref ushort c = ref MemoryMarshal.GetReference(cur);
        ref int dst = ref MemoryMarshal.GetReference(y);
        var round = Vector256.Create(1 << (shift - 1));
        int last = width - lanes;
        for (int j = 0; ; j += lanes)
        {
            j = Math.Min(j, last);
            var accum = Vector256<int>.Zero;
            for (int k = 0; k < 5; k++)
            {
                nuint at = (nuint)(rows[k] + j);
                var diff = Widen(ref p, at) - Widen(ref c, at);
                accum += diff * Vector256.Create((int)filter[k]);
            }

            Vector256.ShiftRightArithmetic(accum + round, shift).StoreUnsafe(ref dst, (nuint)j);
            if (j == last)
            {
                break;
            }
        }
    }

    /// <summary>
    /// The horizontal pass over one vertically filtered row, mirrored at its ends, and the row's sum of
    /// <c>|(Σk filter[k]·y[j−2+k] + 2^15) &gt;&gt; 16|</c> in libvmaf's 32-bit row sum.
    /// </summary>
    public static uint HorizontalSadScalar(ReadOnlySpan<int> y, int width)
    {
        var filter = MotionKernels.Filter;
        uint sad = 0;
        for (int j = 0; j < width; j++)
        {
            long accum = 0;
            for (int k = 0; k < filter.Length; k++)
            {
                accum += filter[k] * (long)y[MotionBlur.Mirror(j - Radius + k, width)];
            }

            sad += (uint)Math.Abs((int)((accum + (1 << 15)) >> 16));
        }

        return sad;
    }

    /// <inheritdoc cref="HorizontalSadScalar"/>
    /// <remarks>
    /// The interior runs in double lanes: every product (&lt; 2^31) and their sum (&lt; 2^36) is exact in a
    /// double, and adding 2^15, scaling by 2^-16 and flooring are exact too, so it equals the 64-bit integer sum.
    /// </remarks>
    public static uint HorizontalSadVector(ReadOnlySpan<int> y, int width)
    {
        int lanes = Vector256<double>.Count;
        if (!Vector256.IsHardwareAccelerated || width < 2 * Radius + lanes + 1)
        {
            return HorizontalSadScalar(y, width);
        }

        var filter = MotionKernels.Filter;
        uint sad = 0;
        for (int j = 0; j < Radius; j++)
        {
            sad += Edge(y, width, j);
        }

        ref int row = ref MemoryMarshal.GetReference(y);
        var t0 = Vector256.Create((double)filter[0]);
        var t1 = Vector256.Create((double)filter[1]);
        var t2 = Vector256.Create((double)filter[2]);
        var half = Vector256.Create(32768.0);
        var scale = Vector256.Create(1.0 / 65536);
        var total = Vector256<long>.Zero;
        int end = width - Radius;
        int j0 = Radius;
        for (; j0 + lanes <= end; j0 += lanes)
        {
            var accum = (t0 * (Load(ref row, j0 - 2) + Load(ref row, j0 + 2)))
                + (t1 * (Load(ref row, j0 - 1) + Load(ref row, j0 + 1)))
                + (t2 * Load(ref row, j0));
            var value = Vector256.ConvertToInt64(Vector256.Floor((accum + half) * scale));
            total += Vector256.Abs(value);
        }

        // Each value is below 2^20 in magnitude, so the 64-bit lane sums wrap to libvmaf's 32-bit sum exactly.
        sad += (uint)Vector256.Sum(total);
        for (int j = j0; j < width; j++)
        {
            sad += Edge(y, width, j);
        }

        return sad;
    }

    private static uint Edge(ReadOnlySpan<int> y, int width, int j)
    {
        var filter = MotionKernels.Filter;
        long accum = 0;
        for (int k = 0; k < filter.Length; k++)
        {
            accum += filter[k] * (long)y[MotionBlur.Mirror(j - Radius + k, width)];
        }

        return (uint)Math.Abs((int)((accum + (1 << 15)) >> 16));
    }

    private static Vector256<double> Load(ref int row, int at) =>
        Vector256.ConvertToDouble(Vector256.WidenLower(Vector128.LoadUnsafe(ref row, (nuint)at).ToVector256Unsafe()));

    private static Vector256<int> Widen(ref ushort row, nuint at) =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref row, at).ToVector256Unsafe()).AsInt32();
}
