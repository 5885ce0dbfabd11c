using TinyVmaf.Features.FloatFilter;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// SpEED's filtering: libvmaf's separable float filter (<see cref="SeparableFilter"/>), and its anti-alias filter
/// fused with the decimation by 16 that follows it.
/// </summary>
internal static class SpeedFilter
{
    /// <summary>Scales of decimation: the plane is low-passed and subsampled by 2^4 = 16.</summary>
    public const int Scales = 4;

    public const int Decimation = 1 << Scales;

    /// <summary>
    /// Filters <paramref name="src"/> (w x h, <paramref name="stride"/>) into <paramref name="dst"/> (same stride),
    /// all of it. <paramref name="row"/> is scratch of at least <see cref="SeparableFilter.ScratchLength"/>.
    /// </summary>
    public static void Filter(float[] window, float[] src, float[] dst, float[] row, int w, int h, int stride, bool simd) =>
        SeparableFilter.Filter(window, src, dst, row, w, h, stride, simd);

    /// <summary>
    /// The anti-alias filter followed by libvmaf's <c>vif_dec16_s</c> (every 16th sample of every 16th row),
    /// computing only the samples kept: each is the same sum the whole filtered plane would hold.
    /// </summary>
    public static void FilterDecimate16(float[] window, float[] src, float[] dst, float[] row, int w, int h, int stride, bool simd)
    {
        int radius = window.Length / 2;
        int outW = w / Decimation, outH = h / Decimation;
        for (int i = 0; i < outH; i++)
        {
            SeparableFilter.Vertical(window, src, row, radius, w, h, stride, i * Decimation, simd);
            SeparableFilter.MirrorEnds(row, radius, w);
            var output = dst.AsSpan(i * stride, outW);
            for (int j = 0; j < outW; j++)
            {
                output[j] = SeparableFilter.Along(window, row, j * Decimation);
            }
        }
    }
}
