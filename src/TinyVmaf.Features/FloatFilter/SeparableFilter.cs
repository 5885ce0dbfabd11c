using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.FloatFilter;

/// <summary>
/// libvmaf's separable float filter (<c>vif_filter1d_s</c>, <c>convolution_f32_c_s</c>): a pass down the columns, then
/// along the row, each sum from zero in tap order, edges mirrored without repeating the edge sample (−i below,
/// 2n − i − 2 above). The vector paths take a vector of columns at a time and keep every sum's order, so they are
/// bit-exact with the scalar ones; libvmaf's AVX2 convolution keeps the same order too.
/// </summary>
internal static class SeparableFilter
{
    /// <summary>Scratch floats a filter of <paramref name="radius"/> needs for rows of <paramref name="width"/>.</summary>
    public static int ScratchLength(int width, int radius) => width + 2 * radius + Vector<float>.Count;

    public static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - i - 2 : i;

    /// <summary>
    /// Filters all of <paramref name="src"/> (w x h, <paramref name="stride"/>) into <paramref name="dst"/> (same stride).
    /// <paramref name="scratch"/> holds at least <see cref="ScratchLength"/> floats.
    /// </summary>
    public static void Filter(float[] window, float[] src, float[] dst, float[] scratch, int w, int h, int stride, bool simd)
    {
        int radius = window.Length / 2;
        simd &= Vector.IsHardwareAccelerated;
        for (int i = 0; i < h; i++)
        {
            Vertical(window, src, scratch, radius, w, h, stride, i, simd);
            MirrorEnds(scratch, radius, w);
            if (simd)
            {
                AlongVector(window, scratch, dst, i * stride, w);
            }
            else
            {
                AlongScalar(window, scratch, dst, i * stride, w, 0);
            }
        }
    }

    /// <summary>The pass down the columns for output row <paramref name="i"/>, written from <paramref name="offset"/> of <paramref name="row"/>.</summary>
    public static void Vertical(float[] window, float[] src, float[] row, int offset, int w, int h, int stride, int i, bool simd)
    {
        int from = simd && Vector.IsHardwareAccelerated ? VerticalVector(window, src, row, offset, w, h, stride, i) : 0;
        VerticalScalar(window, src, row, offset, w, h, stride, i, from);
    }

    /// <summary>Column j of the pass along a row whose column c is at <c>row[radius + c]</c>, mirrored ends included.</summary>
    public static float Along(float[] window, float[] row, int j)
    {
        float accum = 0;
        for (int k = 0; k < window.Length; k++)
        {
            accum += window[k] * row[j + k];
        }

        return accum;
    }

    /// <summary>Fills the <paramref name="radius"/> mirrored columns before and after a row held from <c>row[radius]</c>.</summary>
    public static void MirrorEnds(float[] row, int radius, int w)
    {
        for (int t = 1; t <= radius; t++)
        {
            row[radius - t] = row[radius + Mirror(-t, w)];
            row[radius + w - 1 + t] = row[radius + Mirror(w - 1 + t, w)];
        }
    }

    internal static void VerticalScalar(float[] window, float[] src, float[] row, int offset, int w, int h, int stride, int i, int from)
    {
        int radius = window.Length / 2;
        for (int j = from; j < w; j++)
        {
            float accum = 0;
            for (int k = 0; k < window.Length; k++)
            {
                accum += window[k] * src[Mirror(i - radius + k, h) * stride + j];
            }

            row[offset + j] = accum;
        }
    }

    /// <summary>The same pass, a vector of columns at a time; returns the first column it left to the scalar one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int VerticalVector(float[] window, float[] src, float[] row, int offset, int w, int h, int stride, int i)
    {
        int radius = window.Length / 2;
        int lanes = Vector<float>.Count;
        Span<int> rows = stackalloc int[window.Length];
        for (int k = 0; k < window.Length; k++)
        {
            rows[k] = Mirror(i - radius + k, h) * stride;
        }

        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            var accum = Vector<float>.Zero;
            for (int k = 0; k < window.Length; k++)
            {
                accum += new Vector<float>(window[k]) * new Vector<float>(src, rows[k] + j);
            }

            accum.CopyTo(row, offset + j);
        }

        return j;
    }

    internal static void AlongScalar(float[] window, float[] row, float[] dst, int dstOffset, int w, int from)
    {
        for (int j = from; j < w; j++)
        {
            dst[dstOffset + j] = Along(window, row, j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AlongVector(float[] window, float[] row, float[] dst, int dstOffset, int w)
    {
        int lanes = Vector<float>.Count;
        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            var accum = Vector<float>.Zero;
            for (int k = 0; k < window.Length; k++)
            {
                accum += new Vector<float>(window[k]) * new Vector<float>(row, j + k);
            }

            accum.CopyTo(dst, dstOffset + j);
        }

        AlongScalar(window, row, dst, dstOffset, w, j);
    }
}
