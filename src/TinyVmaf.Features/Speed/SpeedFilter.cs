using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// SpEED's separable float filter (libvmaf's <c>vif_filter1d_s</c>: a pass down the
/// columns, then along the row, each sum from zero in tap order, edges mirrored without repeating the edge
/// sample). The vector path vectorizes the pass down the columns over columns, which keeps every sum's order and
/// so is bit-exact with the scalar one; libvmaf's AVX2 convolution keeps the same order too.
/// </summary>
internal static class SpeedFilter
{
    /// <summary>Scales of decimation: the plane is low-passed and subsampled by 2^4 = 16.</summary>
    public const int Scales = 4;

    public const int Decimation = 1 << Scales;

    /// <summary>Mirrors an index into [0, n): −i below, 2n − i − 2 above.</summary>
    private static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - i - 2 : i;

    /// <summary>
    /// Filters <paramref name="src"/> (w x h, <paramref name="stride"/>) into <paramref name="dst"/> (same stride),
    /// all of it. <paramref name="row"/> is scratch of at least w.
    /// </summary>
    public static void Filter(float[] window, float[] src, float[] dst, float[] row, int w, int h, int stride, bool simd)
    {
        for (int i = 0; i < h; i++)
        {
            Vertical(window, src, row, w, h, stride, i, simd);
            var output = dst.AsSpan(i * stride, w);
            for (int j = 0; j < w; j++)
            {
                output[j] = Horizontal(window, row, w, j);
            }
        }
    }

    /// <summary>
    /// The anti-alias filter followed by libvmaf's <c>vif_dec16_s</c> (every 16th sample of every 16th row),
    /// computing only the samples kept: each is the same sum the whole filtered plane would hold.
    /// </summary>
    public static void FilterDecimate16(float[] window, float[] src, float[] dst, float[] row, int w, int h, int stride, bool simd)
    {
        int outW = w / Decimation, outH = h / Decimation;
        for (int i = 0; i < outH; i++)
        {
            Vertical(window, src, row, w, h, stride, i * Decimation, simd);
            var output = dst.AsSpan(i * stride, outW);
            for (int j = 0; j < outW; j++)
            {
                output[j] = Horizontal(window, row, w, j * Decimation);
            }
        }
    }

    private static float Horizontal(float[] window, float[] row, int w, int j)
    {
        int radius = window.Length / 2;
        float accum = 0;
        for (int k = 0; k < window.Length; k++)
        {
            accum += window[k] * row[Mirror(j - radius + k, w)];
        }

        return accum;
    }

    private static void Vertical(float[] window, float[] src, float[] row, int w, int h, int stride, int i, bool simd)
    {
        if (simd && Vector.IsHardwareAccelerated)
        {
            VerticalVector(window, src, row, w, h, stride, i);
        }
        else
        {
            VerticalScalar(window, src, row, w, h, stride, i, 0);
        }
    }

    /// <summary>The pass down the columns for output row <paramref name="i"/>, columns from <paramref name="from"/> on.</summary>
    internal static void VerticalScalar(float[] window, float[] src, float[] row, int w, int h, int stride, int i, int from)
    {
        int radius = window.Length / 2;
        for (int j = from; j < w; j++)
        {
            float accum = 0;
            for (int k = 0; k < window.Length; k++)
            {
                accum += window[k] * src[Mirror(i - radius + k, h) * stride + j];
            }

            row[j] = accum;
        }
    }

    /// <summary>The same pass, a vector of columns at a time, each lane summing in tap order as the scalar one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void VerticalVector(float[] window, float[] src, float[] row, int w, int h, int stride, int i)
    {
        int radius = window.Length / 2;
        int lanes = Vector<float>.Count;
        Span<int> offsets = stackalloc int[window.Length];
        for (int k = 0; k < window.Length; k++)
        {
            offsets[k] = Mirror(i - radius + k, h) * stride;
        }

        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            var accum = Vector<float>.Zero;
            for (int k = 0; k < window.Length; k++)
            {
                accum += new Vector<float>(window[k]) * new Vector<float>(src, offsets[k] + j);
            }

            accum.CopyTo(row, j);
        }

        VerticalScalar(window, src, row, w, h, stride, i, j);
    }
}
