namespace TinyVmaf.Features.Adm;

/// <summary>
/// ADM's contrast masking, the numerator of one scale: the CSF-weighted band <c>src</c> is masked by a
/// threshold from the CSF output of the other decoupled band (its 3x3 neighbourhood at 1/30 and its centre at
/// 1/15, summed over the three orientations), and what exceeds the threshold enters a 3-norm over the scored
/// region, plus the noise floor. For DLM <c>src</c> is the restored band masked by the additive one; for AIM the
/// roles are swapped.
/// </summary>
/// <remarks>
/// The 3x3 neighbourhood is mirrored at the band edges like libvmaf's edge-case macros: row (column) -1 reads
/// row 1, row h reads row h-1. Per-row sums are shifted down before they are added up, so the order of rows
/// matters only through those shifts, which are the same here.
/// </remarks>
internal static class AdmContrastMasking
{
    private const float OneThird = 1.0f / 3.0f;

    /// <summary>Scale 0, 16-bit bands; <paramref name="factorHv"/> and <paramref name="factorD"/> are the Q21/Q23 CSF factors.</summary>
    public static float Scale0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, ushort factorHv, ushort factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        return Finish0(Sums0(src, csf, flt, w, h, factorHv, factorD, region.Top, region.Bottom), w, h, noiseWeight);
    }

    /// <summary>
    /// Scale 0's per-row shifted sums over the scored rows [<paramref name="fromRow"/>, <paramref name="toRow"/>),
    /// which need the CSF bands only on those rows and their neighbours: a band can be masked in strips.
    /// </summary>
    public static AdmMaskingSums Sums0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, ushort factorHv, ushort factorD, int fromRow, int toRow)
    {
        const int OneBy15 = 8738; // 2^17 / 15
        var region = AdmRegion.Scored(w, h);
        int stride = src.Stride;

        // Squares shifted by 29 (h, v) and 30 (d); cubes by what the width allows, rows by what the height allows.
        var (shiftHvCub, shiftDCub, shiftInner) = Shifts0(w, h);
        long roundHvCub = (uint)Math.Pow(2, shiftHvCub - 1);
        long roundDCub = (uint)Math.Pow(2, shiftDCub - 1);
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        long accumH = 0, accumV = 0, accumD = 0;
        for (int i = fromRow; i < toRow; i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride;
            int row = i * stride;
            int down = (i == h - 1 ? h - 1 : i + 1) * stride;
            long innerH = 0, innerV = 0, innerD = 0;
            for (int j = region.Left; j < region.Right; j++)
            {
                int left = j == 0 ? 1 : j - 1;
                int right = j == w - 1 ? w - 1 : j + 1;
                int thr = 0;
                for (int theta = 0; theta < 3; theta++)
                {
                    var f = flt.Detail(theta);
                    var c = csf.Detail(theta);

                    // The centre weighs 1/15; libvmaf narrows it to 16 bits, which can wrap.
                    thr += f[up + left] + f[up + j] + f[up + right]
                         + f[row + left] + (short)((OneBy15 * Math.Abs((int)c[row + j]) + 2048) >> 12) + f[row + right]
                         + f[down + left] + f[down + j] + f[down + right];
                }

                int p = row + j;
                innerH += Masked0(src.H[p] * factorHv, thr << 10, 29, 1 << 28, shiftHvCub, roundHvCub);
                innerV += Masked0(src.V[p] * factorHv, thr << 10, 29, 1 << 28, shiftHvCub, roundHvCub);
                innerD += Masked0(src.D[p] * factorD, thr << 12, 30, 1 << 29, shiftDCub, roundDCub);
            }

            accumH += (innerH + roundInner) >> (int)shiftInner;
            accumV += (innerV + roundInner) >> (int)shiftInner;
            accumD += (innerD + roundInner) >> (int)shiftInner;
        }

        return new AdmMaskingSums(accumH, accumV, accumD);
    }

    /// <summary>The cube shifts of the h/v and d bands and the per-row shift of scale 0.</summary>
    internal static (uint HvCub, uint DCub, uint Inner) Shifts0(int w, int h) =>
        ((uint)Math.Ceiling(Math.Log2(w) - 4), (uint)Math.Ceiling(Math.Log2(w) - 3), (uint)Math.Ceiling(Math.Log2(h)));

    /// <summary>Scale 0's numerator from the sums of all scored rows.</summary>
    public static float Finish0(AdmMaskingSums sums, int w, int h, double noiseWeight)
    {
        // Q6 bands times Q21 (Q23) factors, cubed, less the shifts taken: 52 (57) bits remain.
        var (shiftHvCub, shiftDCub, shiftInner) = Shifts0(w, h);
        float fH = (float)(sums.H / Math.Pow(2, unchecked(52u - shiftHvCub - shiftInner)));
        float fV = (float)(sums.V / Math.Pow(2, unchecked(52u - shiftHvCub - shiftInner)));
        float fD = (float)(sums.D / Math.Pow(2, unchecked(57u - shiftDCub - shiftInner)));
        return NormPlusNoise(fH, fV, fD, AdmRegion.Scored(w, h), noiseWeight);
    }

    /// <summary>
    /// max(|x| - thr, 0) cubed in libvmaf's fixed point: the square is narrowed to 32 bits (and may wrap there, as
    /// it does in C) before it is multiplied by x again.
    /// </summary>
    private static long Masked0(int x, int thr, int shiftSq, long roundSq, uint shiftCub, long roundCub)
    {
        x = AdmFixedPoint.AbsWrap(x) - thr;
        x = x < 0 ? 0 : x;
        int sq = (int)(((long)x * x + roundSq) >> shiftSq);
        return ((long)sq * x + roundCub) >> (int)shiftCub;
    }

    /// <summary>Scales 1..3, 32-bit bands; <paramref name="factorHv"/> and <paramref name="factorD"/> are the Q32 CSF factors.</summary>
    public static float Scale123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int scale, int w, int h, uint factorHv, uint factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        return Finish123(Sums123(src, csf, flt, w, h, factorHv, factorD, region.Top, region.Bottom), scale, w, h, noiseWeight);
    }

    /// <summary>Scales 1..3's per-row shifted sums over the scored rows [<paramref name="fromRow"/>, <paramref name="toRow"/>).</summary>
    public static AdmMaskingSums Sums123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int w, int h, uint factorHv, uint factorD, int fromRow, int toRow)
    {
        const long OneBy15 = 286331153; // 2^32 / 15

        // As in the CSF, libvmaf's int32 "half" of 2^32 is -2^31.
        const long FltRound = int.MinValue;
        var region = AdmRegion.Scored(w, h);
        int stride = src.Stride;

        uint shiftCub = (uint)Math.Ceiling(Math.Log2(w));
        long roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        long accumH = 0, accumV = 0, accumD = 0;
        for (int i = fromRow; i < toRow; i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride;
            int row = i * stride;
            int down = (i == h - 1 ? h - 1 : i + 1) * stride;
            long innerH = 0, innerV = 0, innerD = 0;
            for (int j = region.Left; j < region.Right; j++)
            {
                int left = j == 0 ? 1 : j - 1;
                int right = j == w - 1 ? w - 1 : j + 1;
                int thr = 0;
                for (int theta = 0; theta < 3; theta++)
                {
                    var f = flt.Detail(theta);
                    var c = csf.Detail(theta);
                    thr += f[up + left] + f[up + j] + f[up + right]
                         + f[row + left] + (int)((OneBy15 * AdmFixedPoint.AbsWrap(c[row + j]) + FltRound) >> 32) + f[row + right]
                         + f[down + left] + f[down + j] + f[down + right];
                }

                int p = row + j;
                innerH += Masked123(Weighted(src.H[p], factorHv), thr, shiftCub, roundCub);
                innerV += Masked123(Weighted(src.V[p], factorHv), thr, shiftCub, roundCub);
                innerD += Masked123(Weighted(src.D[p], factorD), thr, shiftCub, roundCub);
            }

            accumH += (innerH + roundInner) >> (int)shiftInner;
            accumV += (innerV + roundInner) >> (int)shiftInner;
            accumD += (innerD + roundInner) >> (int)shiftInner;
        }

        return new AdmMaskingSums(accumH, accumV, accumD);
    }

    /// <summary>Scales 1..3's numerator from the sums of all scored rows.</summary>
    public static float Finish123(AdmMaskingSums sums, int scale, int w, int h, double noiseWeight)
    {
        uint shiftCub = (uint)Math.Ceiling(Math.Log2(w));
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        uint pending = scale switch
        {
            1 => 45u,
            2 => 39u,
            _ => 36u,
        };
        float finalShift = (float)Math.Pow(2, unchecked(pending - shiftCub - shiftInner));

        // int64 over float is a float division in C: the sum is rounded to float first.
        float fH = sums.H / finalShift;
        float fV = sums.V / finalShift;
        float fD = sums.D / finalShift;
        return NormPlusNoise(fH, fV, fD, AdmRegion.Scored(w, h), noiseWeight);
    }

    private static int Weighted(int band, uint factor) => (int)(((long)band * factor + (1 << 27)) >> 28);

    private static long Masked123(int x, int thr, uint shiftCub, long roundCub)
    {
        x = AdmFixedPoint.AbsWrap(x) - thr;
        x = x < 0 ? 0 : x;
        int sq = (int)(((long)x * x + (1 << 29)) >> 30);
        return ((long)sq * x + roundCub) >> (int)shiftCub;
    }

    internal static float NormPlusNoise(float h, float v, float d, AdmRegion region, double noiseWeight)
    {
        float noise = MathF.Pow((float)(region.Width * region.Height * noiseWeight), OneThird);
        float numH = MathF.Pow(h, OneThird) + noise;
        float numV = MathF.Pow(v, OneThird) + noise;
        float numD = MathF.Pow(d, OneThird) + noise;
        return numH + numV + numD;
    }
}

/// <summary>The masking sums of one scale's h, v and d bands, per-row shifted; rows add up in any order.</summary>
internal readonly record struct AdmMaskingSums(long H, long V, long D)
{
    public static AdmMaskingSums operator +(AdmMaskingSums a, AdmMaskingSums b) => new(a.H + b.H, a.V + b.V, a.D + b.D);
}
