namespace TinyVmaf.Features.Motion;

/// <summary>
/// The kernels of libvmaf 3.2's integer motion, which blurs the difference of two frames instead of
/// differencing two blurs: a vertical 5-tap pass over <c>prev − cur</c> (signed, rounded and shifted by the
/// bit depth, arithmetic shift), then a horizontal 5-tap pass (rounded, shifted by 16) whose absolute values
/// are summed per row. These are the scalar reference; <see cref="MotionDiffSimd"/> is the vector kernel that
/// agrees with them bit for bit.
/// </summary>
internal static class MotionDiffKernels
{
    public const int Radius = 2;

    /// <summary>Σ over rows of the 32-bit row SADs of the whole plane pair; <paramref name="y"/> is one row of scratch.</summary>
    public static ulong SadScalar(ReadOnlySpan<ushort> prev, int prevStride, ReadOnlySpan<ushort> cur, int curStride, int width, int height, int shift, Span<int> y)
    {
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            VerticalScalar(prev, prevStride, cur, curStride, width, height, i, shift, y);
            sad += HorizontalSadScalar(y, width);
        }

        return sad;
    }

    /// <summary>
    /// The vertical pass of row <c>i</c>: <c>y[j] = (Σk filter[k]·(prev[r_k][j] − cur[r_k][j]) + 2^(shift−1)) &gt;&gt; shift</c>
    /// with the rows <c>r_k</c> mirrored at the plane's edges. Sums are 64-bit, as libvmaf's for more than 8 bits
    /// (its 8-bit pipeline's 32-bit sums cannot overflow).
    /// </summary>
    public static void VerticalScalar(
        ReadOnlySpan<ushort> prev, int prevStride, ReadOnlySpan<ushort> cur, int curStride, int width, int height, int i, int shift, Span<int> y)
    {
        var filter = MotionKernels.Filter;
        long round = 1L << (shift - 1);
        for (int j = 0; j < width; j++)
        {
            long accum = 0;
            for (int k = 0; k < filter.Length; k++)
            {
                int row = MotionBlur.Mirror(i - Radius + k, height);
                accum += filter[k] * (long)(prev[row * prevStride + j] - cur[row * curStride + j]);
            }

            y[j] = (int)((accum + round) >> shift);
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
}
