using System.Numerics;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// Splits each distorted detail band into what is left of the reference (restored, r) and what was added
/// (additive impairment, a = distorted - r). r is the reference scaled by k = clamp(dis / ref, 0, 1); where the
/// (h, v) orientation of reference and distorted agree within 1 degree, r may follow an enhancement up to
/// adm_enhn_gain_limit times the reference. Divisions go through libvmaf's reciprocal table.
/// </summary>
internal static class AdmDecouple
{
    /// <summary>
    /// 2^30 / i for i in -32768..32768 at [i + 32768] (0 at the centre). Built the way libvmaf's
    /// div_lookup_generator builds it.
    /// </summary>
    public static readonly int[] DivLookup = BuildDivLookup();

    // cos(1 degree)^2 as the float libvmaf holds (its C compiler folds cos at compile time).
    internal static readonly float Cos1DegSq = (float)(Math.Cos(1.0 * Math.PI / 180.0) * Math.Cos(1.0 * Math.PI / 180.0));

    private static int[] BuildDivLookup()
    {
        var table = new int[65537];
        for (int i = 1; i <= 32768; i++)
        {
            int recip = 1073741824 / i;
            table[32768 + i] = recip;
            table[32768 - i] = -recip;
        }

        return table;
    }

    /// <summary>
    /// The 1-degree test in libvmaf's precision: the 64-bit dot product and squared norms are rounded to
    /// float, then compared in double.
    /// </summary>
    private static bool AnglesAgree(long otDp, long oMagSq, long tMagSq)
    {
        double dp = (float)otDp / 4096.0;
        return dp >= 0.0 && dp * dp >= Cos1DegSq * ((float)oMagSq / 4096.0) * ((float)tMagSq / 4096.0);
    }

    /// <summary>Scale 0, 16-bit bands.</summary>
    public static void Scale0(AdmBands<short> reference, AdmBands<short> distorted, AdmBands<short> restored, AdmBands<short> additive, AdmRegion region, double gainLimit) =>
        Rows(reference, distorted, restored, additive, region, gainLimit);

    /// <summary>Scale 0 on the samples [<paramref name="from"/>, <paramref name="to"/>) of the bands.</summary>
    public static void Scale0Span(AdmBands<short> reference, AdmBands<short> distorted, AdmBands<short> restored, AdmBands<short> additive, int from, int to, double gainLimit) =>
        Span(reference, distorted, restored, additive, from, to, gainLimit);

    /// <summary>Scales 1..3, 32-bit bands. The divisor is first rounded to its best 15 bits.</summary>
    public static void Scale123(AdmBands<int> reference, AdmBands<int> distorted, AdmBands<int> restored, AdmBands<int> additive, AdmRegion region, double gainLimit) =>
        Rows(reference, distorted, restored, additive, region, gainLimit);

    /// <summary>Scales 1..3 on the samples [<paramref name="from"/>, <paramref name="to"/>) of the bands.</summary>
    public static void Scale123Span(AdmBands<int> reference, AdmBands<int> distorted, AdmBands<int> restored, AdmBands<int> additive, int from, int to, double gainLimit) =>
        Span(reference, distorted, restored, additive, from, to, gainLimit);

    private static void Rows<T>(AdmBands<T> reference, AdmBands<T> distorted, AdmBands<T> restored, AdmBands<T> additive, AdmRegion region, double gainLimit)
        where T : unmanaged, IBinaryInteger<T>
    {
        int stride = reference.Stride;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            Span(reference, distorted, restored, additive, i * stride + region.Left, i * stride + region.Right, gainLimit);
        }
    }

    /// <summary>
    /// One span of either scale: 16-bit bands (scale 0) restore through the reciprocal table directly and store
    /// r and t - r narrowed to 16 bits, as libvmaf does; 32-bit bands (scales 1..3) through the divisor's best 15 bits.
    /// </summary>
    private static void Span<T>(AdmBands<T> reference, AdmBands<T> distorted, AdmBands<T> restored, AdmBands<T> additive, int from, int to, double gainLimit)
        where T : unmanaged, IBinaryInteger<T>
    {
        var div = DivLookup;
        for (int p = from; p < to; p++)
        {
            int oh = int.CreateTruncating(reference.H[p]), ov = int.CreateTruncating(reference.V[p]), od = int.CreateTruncating(reference.D[p]);
            int th = int.CreateTruncating(distorted.H[p]), tv = int.CreateTruncating(distorted.V[p]), td = int.CreateTruncating(distorted.D[p]);

            long otDp = (long)oh * th + (long)ov * tv;
            long oMagSq = (long)oh * oh + (long)ov * ov;
            long tMagSq = (long)th * th + (long)tv * tv;
            bool angleFlag = AnglesAgree(otDp, oMagSq, tMagSq);

            int rh = Restore<T>(oh, th, angleFlag, gainLimit, div);
            int rv = Restore<T>(ov, tv, angleFlag, gainLimit, div);
            int rd = Restore<T>(od, td, angleFlag, gainLimit, div);

            restored.H[p] = T.CreateTruncating(rh);
            restored.V[p] = T.CreateTruncating(rv);
            restored.D[p] = T.CreateTruncating(rd);
            additive.H[p] = T.CreateTruncating(th - rh);
            additive.V[p] = T.CreateTruncating(tv - rv);
            additive.D[p] = T.CreateTruncating(td - rd);
        }
    }

    private static int Restore<T>(int o, int t, bool angleFlag, double gainLimit, int[] div)
        where T : unmanaged =>
        typeof(T) == typeof(short) ? Restore16(o, t, angleFlag, gainLimit, div) : Restore32(o, t, angleFlag, gainLimit, div);

    /// <summary>The restored value of one 16-bit band sample, already narrowed to 16 bits as libvmaf stores it.</summary>
    private static int Restore16(int o, int t, bool angleFlag, double gainLimit, int[] div)
    {
        // k = t / o in Q15, clamped to [0, 1].
        int k = o == 0 ? 32768 : (int)(((long)div[o + 32768] * t + 16384) >> 15);
        k = k < 0 ? 0 : k > 32768 ? 32768 : k;
        int r = (short)((k * o + 16384) >> 15);
        return Enhance(r, k, o, t, angleFlag, gainLimit);
    }

    /// <summary>
    /// Where the angles agree, r may grow up to gainLimit times toward t. libvmaf tests the sign of r in float
    /// (k/2^15 * o/64) rather than of the rounded r; k > 0 makes that the sign of o.
    /// </summary>
    private static int Enhance(int r, long k, long o, long t, bool angleFlag, double gainLimit)
    {
        if (angleFlag && k > 0 && o != 0)
        {
            // C's MIN/MAX on a double, then conversion back to an integer, which truncates.
            double scaled = r * gainLimit;
            return o > 0 ? (int)Math.Min(scaled, t) : (int)Math.Max(scaled, t);
        }

        return r;
    }

    private static int Restore32(int o, int t, bool angleFlag, double gainLimit, int[] div)
    {
        long k;
        if (o == 0)
        {
            k = 32768;
        }
        else
        {
            uint abs = (uint)AdmFixedPoint.AbsWrap(o);
            int shift = 0;
            uint msb = abs;
            if (abs >= 32768)
            {
                // libvmaf's get_best15_from32: keep the top 15 significant bits, rounded.
                shift = 17 - System.Numerics.BitOperations.LeadingZeroCount(abs);
                msb = (abs + (1u << (shift - 1))) >> shift;
            }

            long sign = o < 0 ? -1 : 1;
            k = (((long)div[msb + 32768] * t * sign) + (1L << (14 + shift))) >> (15 + shift);
        }

        k = k < 0 ? 0 : k > 32768 ? 32768 : k;
        int r = (int)((k * o + 16384) >> 15);
        return Enhance(r, k, o, t, angleFlag, gainLimit);
    }
}
