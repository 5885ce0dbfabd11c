namespace TinyVmaf.Features.Adm;

/// <summary>
/// The contrast sensitivity function of ADM: Watson et al.'s noise-floor model for the 7-9 biorthogonal
/// wavelet ("Visibility of Wavelet Quantization Noise", IEEE TIP 6(8), 1997), turned into the per-band
/// reciprocal factors libvmaf multiplies the decoupled bands with, in float and in fixed point.
/// </summary>
internal static class AdmCsf
{
    // Luma row of Table IV (formula 7): a, k, f0 and g per orientation (theta 0 ll, 1 lh, 2 hh, 3 hl).
    // Written as double literals narrowed to float, as the C initialisers are, so that every value is the
    // same float libvmaf holds (a float literal could round differently from double-then-float).
    internal const float A = (float)0.495;
    internal const float K = (float)0.466;
    internal const float F0 = (float)0.401;
    private static readonly float[] GByTheta = [(float)1.501, (float)1.0, (float)0.534, (float)1.0];

    /// <summary>g of orientation theta (0 ll, 1 lh, 2 hh, 3 hl).</summary>
    internal static float G(int theta) => GByTheta[theta];

    /// <summary>The basis function amplitude A(lambda, theta) of Table V.</summary>
    internal static float BasisAmplitude(int lambda, int theta) => BasisAmplitudes[lambda, theta];

    // Table V, transposed: basis function amplitude A(lambda, theta) for lambda 0..5.
    private static readonly float[,] BasisAmplitudes =
    {
        { (float)0.62171, (float)0.67234, (float)0.72709, (float)0.67234 },
        { (float)0.34537, (float)0.41317, (float)0.49428, (float)0.41317 },
        { (float)0.18004, (float)0.22727, (float)0.28688, (float)0.22727 },
        { (float)0.091401, (float)0.11792, (float)0.15214, (float)0.11792 },
        { (float)0.045943, (float)0.059758, (float)0.077727, (float)0.059758 },
        { (float)0.023013, (float)0.030018, (float)0.039156, (float)0.030018 },
    };

    /// <summary>
    /// Watson's quantisation step Q(lambda, theta) (formula 9), with libvmaf's float/double mix: the display
    /// resolution, the log term and the result are floats, the powers are doubles.
    /// </summary>
    public static float QuantStep(int lambda, int theta, double normViewDist, int refDisplayHeight)
    {
        // Display visual resolution in pixels per degree (formula 1): 56.55 at 3H on 1080 lines.
        float r = (float)(normViewDist * refDisplayHeight * Math.PI / 180.0);
        float temp = (float)Math.Log10(Math.Pow(2.0, lambda + 1) * F0 * GByTheta[theta] / r);

        // Upstream Netflix multiplies k * temp * temp in float; the lusoris fork, whose 3.0.0 build made the
        // golden logs, widens it to double. The two differ in the last bits of the factors, and the golden
        // logs match only the double form (scales 0 and 1 bit for bit).
        double exponent = K * (double)temp * temp;
        return (float)(2.0 * A * Math.Pow(10.0, exponent) / BasisAmplitudes[lambda, theta]);
    }

    /// <summary>
    /// The float CSF factors of one scale for the h, v and d bands (h and v share theta 1, d is theta 2): Watson's
    /// reciprocal quantisation steps in mode 0, the tabulated Barten/Watson blend in modes 2 and 3.
    /// </summary>
    public static (float Hv, float D) Factors(int scale, AdmOptions options)
    {
        if (options.CsfMode is AdmOptions.CsfBartenWatsonBlend or AdmOptions.CsfBartenWatsonBlendMae)
        {
            return AdmBlendedCsf.Factors(scale, options.CsfMode, options.NormViewDist, options.RefDisplayHeight);
        }

        float hv = 1.0f / QuantStep(scale, 1, options.NormViewDist, options.RefDisplayHeight);
        float d = 1.0f / QuantStep(scale, 2, options.NormViewDist, options.RefDisplayHeight);
        return (hv, d);
    }

    /// <summary>
    /// Scale 0's fixed-point factors: Q21 for h and v, Q23 for d. libvmaf pins the default viewing condition
    /// to hand-chosen constants that differ from what its own formula gives (36451, 49414), so they are kept.
    /// </summary>
    public static (ushort Hv, ushort D) Scale0FixedFactors(AdmOptions options)
    {
        if (Math.Abs(options.NormViewDist * options.RefDisplayHeight - 3.0 * 1080) < 1.0e-8 && options.CsfMode == 0)
        {
            return (36453, 49417);
        }

        var (hv, d) = Factors(0, options);
        return ((ushort)(uint)(hv * Math.Pow(2, 21)), (ushort)(uint)(d * Math.Pow(2, 23)));
    }

    /// <summary>Scales 1..3's fixed-point factors, Q32.</summary>
    public static (uint Hv, uint D) FixedFactors(int scale, AdmOptions options)
    {
        var (hv, d) = Factors(scale, options);
        return ((uint)(hv * Math.Pow(2, 32)), (uint)(d * Math.Pow(2, 32)));
    }

    private const float OneThird = 1.0f / 3.0f;

    /// <summary>
    /// Scale 0's CSF: each detail band (16-bit, in the tapped region) times its Q21/Q23 factor, back to 16 bits
    /// in <paramref name="dst"/>, and |dst| / 30 in <paramref name="flt"/> (the masking filter's off-centre weight).
    /// </summary>
    public static void Apply0(AdmBands<short> src, AdmBands<short> dst, AdmBands<short> flt, AdmRegion region, ushort factorHv, ushort factorD)
    {
        const int OneBy30 = 4369; // 2^17 / 30
        int stride = src.Stride;
        for (int theta = 0; theta < 3; theta++)
        {
            int factor = theta == 2 ? factorD : factorHv;

            // Q21 (h, v) and Q23 (d) factors on a Q6 band: shifting by 15 (17) leaves the result in Q12.
            // libvmaf rounds the d band with 65535, not 65536.
            int shift = theta == 2 ? 17 : 15;
            int round = theta == 2 ? 65535 : 16384;
            var s = src.Detail(theta);
            var d = dst.Detail(theta);
            var f = flt.Detail(theta);
            for (int i = region.Top; i < region.Bottom; i++)
            {
                for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
                {
                    short value = (short)((factor * s[p] + round) >> shift);
                    d[p] = value;
                    f[p] = (short)((OneBy30 * Math.Abs((int)value) + 2048) >> 12);
                }
            }
        }
    }

    /// <summary>Scales 1..3's CSF on 32-bit bands: Q32 factors, results shifted by 28; |dst| / 30 in Q32.</summary>
    public static void Apply123(AdmBands<int> src, AdmBands<int> dst, AdmBands<int> flt, AdmRegion region, uint factorHv, uint factorD)
    {
        const long OneBy30 = 143165577; // 2^32 / 30

        // libvmaf stores 1u << 31 in an int32, which makes the "rounding" add -2^31: kept for parity.
        const long FltRound = int.MinValue;
        int stride = src.Stride;
        for (int theta = 0; theta < 3; theta++)
        {
            long factor = theta == 2 ? factorD : factorHv;
            var s = src.Detail(theta);
            var d = dst.Detail(theta);
            var f = flt.Detail(theta);
            for (int i = region.Top; i < region.Bottom; i++)
            {
                for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
                {
                    int value = (int)((factor * s[p] + (1 << 27)) >> 28);
                    d[p] = value;
                    f[p] = (int)((OneBy30 * AdmFixedPoint.AbsWrap(value) + FltRound) >> 32);
                }
            }
        }
    }

    /// <summary>
    /// Scale 0's denominator: the CSF-weighted 3-norm of the reference's detail bands over the scored region,
    /// plus the noise floor, summed over h, v, d. The factor is applied after cubing, in double.
    /// </summary>
    public static float Denominator0(AdmBands<short> reference, int w, int h, float factorHv, float factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        int area = region.Width * region.Height;

        // Cubes of 16-bit values summed over a row could overflow 64 bits on a huge frame: each row's sum is
        // shifted down by what the area needs above 2^20, with rounding.
        int shiftAccum = Math.Max((int)Math.Ceiling(Math.Log2(area) - 20), 0);
        ulong roundAccum = shiftAccum > 0 ? 1ul << (shiftAccum - 1) : 0;
        int stride = reference.Stride;
        Span<ulong> accum = stackalloc ulong[3];
        for (int theta = 0; theta < 3; theta++)
        {
            var band = reference.Detail(theta);
            ulong total = 0;
            for (int i = region.Top; i < region.Bottom; i++)
            {
                ulong inner = 0;
                for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
                {
                    ulong x = (ushort)Math.Abs((int)band[p]);
                    inner += x * x * x;
                }

                total += (inner + roundAccum) >> shiftAccum;
            }

            accum[theta] = total;
        }

        // The band is Q6, so the cubes are Q18.
        double shiftCsf = Math.Pow(2, 18 - shiftAccum);
        return NormPlusNoise(accum, shiftCsf, factorHv, factorD, area, noiseWeight);
    }

    /// <summary>Scales 1..3's denominator, with libvmaf's per-scale squaring shifts and rounding.</summary>
    public static float Denominator123(AdmBands<int> reference, int scale, int w, int h, float factorHv, float factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        int area = region.Width * region.Height;
        int shiftSq = scale == 2 ? 30 : 31;

        // libvmaf adds 1 << shift (not half of it) before the squaring shift.
        ulong roundSq = 1ul << shiftSq;
        uint convertFloat = scale switch
        {
            1 => 32u,
            2 => 27u,
            _ => 23u,
        };
        uint shiftCub = (uint)Math.Ceiling(Math.Log2(region.Width));
        ulong roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftAccum = (uint)Math.Ceiling(Math.Log2(region.Height));
        ulong roundAccum = (uint)Math.Pow(2, shiftAccum - 1);
        int stride = reference.Stride;
        Span<ulong> accum = stackalloc ulong[3];
        for (int theta = 0; theta < 3; theta++)
        {
            var band = reference.Detail(theta);
            ulong total = 0;
            for (int i = region.Top; i < region.Bottom; i++)
            {
                ulong inner = 0;
                for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
                {
                    ulong x = (uint)AdmFixedPoint.AbsWrap(band[p]);
                    inner += ((((x * x) + roundSq) >> shiftSq) * x + roundCub) >> (int)shiftCub;
                }

                total += (inner + roundAccum) >> (int)shiftAccum;
            }

            accum[theta] = total;
        }

        // The exponent is unsigned in libvmaf; a negative one would wrap to a huge power (never at real sizes).
        double shiftCsf = Math.Pow(2, unchecked(convertFloat - shiftAccum - shiftCub));
        return NormPlusNoise(accum, shiftCsf, factorHv, factorD, area, noiseWeight);
    }

    internal static float NormPlusNoise(ReadOnlySpan<ulong> accum, double shiftCsf, float factorHv, float factorD, int area, double noiseWeight)
    {
        float noise = MathF.Pow((float)(area * noiseWeight), OneThird);
        float sum = 0;
        for (int theta = 0; theta < 3; theta++)
        {
            float factor = theta == 2 ? factorD : factorHv;
            double csf = accum[theta] / shiftCsf * Math.Pow(factor, 3);
            float term = MathF.Pow((float)csf, OneThird) + noise;
            sum = theta == 0 ? term : sum + term;
        }

        return sum;
    }
}
