using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.FloatAdm;

/// <summary>
/// The per-scale stages of float ADM (libvmaf's <c>adm_tools.c</c>): decoupling the distorted bands into what is
/// restored of the reference and what is added, the CSF, the reference's CSF-weighted p-norm (the denominator), and
/// contrast masking (the numerator). Float throughout, with libvmaf's double intermediates where its C has them.
/// </summary>
internal static class FloatAdmMasking
{
    public const double BorderFactor = 0.1;

    // libvmaf's FLOAT_ONE_BY_30 and FLOAT_ONE_BY_15 are double literals: the products are formed in double.
    private const double OneBy30 = 0.0333333351;
    private const double OneBy15 = 0.0666666701;

    private static readonly float Cos1DegSq = (float)(Math.Cos(1.0 * Math.PI / 180.0) * Math.Cos(1.0 * Math.PI / 180.0));

    /// <summary>The region a stage covers: the scored one (border 10 %), or one sample wider for the 3 x 3 masking window.</summary>
    public readonly record struct Region(int Left, int Top, int Right, int Bottom)
    {
        public static Region Scored(int w, int h)
        {
            int left = (int)(w * BorderFactor - 0.5), top = (int)(h * BorderFactor - 0.5);
            return new(left, top, w - left, h - top);
        }

        public static Region Tapped(int w, int h)
        {
            int left = (int)(w * BorderFactor - 0.5 - 1), top = (int)(h * BorderFactor - 0.5 - 1);
            int right = w - left + 2, bottom = h - top + 2;
            return new(Math.Max(left, 0), Math.Max(top, 0), Math.Min(right, w), Math.Min(bottom, h));
        }
    }

    /// <summary>
    /// libvmaf's <c>DIVS</c>: n times the SSE reciprocal estimate of d refined by one Newton step. The estimate is the
    /// CPU's own (AMD and Intel differ in its last bits); without SSE libvmaf divides, and so do we.
    /// </summary>
    private static float Divide(float n, float d)
    {
        if (Sse.IsSupported)
        {
            float xi = Sse.ReciprocalScalar(Vector128.CreateScalarUnsafe(d)).ToScalar();
            return n * (xi + xi * (1.0f - d * xi));
        }

        return n / d;
    }

    /// <summary>
    /// libvmaf's <c>adm_decouple_s</c>: per detail band, the restored part r = clamp(dis / ref, 0, 1) * ref (and, where
    /// the h/v orientation is within 1 degree of the reference's, the enhancement up to the gain limit), and the
    /// additive part a = dis − r.
    /// </summary>
    public static void Decouple(FloatAdmBands reference, FloatAdmBands distorted, FloatAdmBands restored, FloatAdmBands additive, int w, int h, double gainLimit)
    {
        const float Eps = 1e-30f;
        var region = Region.Tapped(w, h);
        int stride = reference.Stride;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
            {
                float oh = reference.H[p], ov = reference.V[p], od = reference.D[p];
                float th = distorted.H[p], tv = distorted.V[p], td = distorted.D[p];

                float kh = Clamp01(Divide(th, oh + Eps));
                float kv = Clamp01(Divide(tv, ov + Eps));
                float kd = Clamp01(Divide(td, od + Eps));
                float rh = kh * oh, rv = kv * ov, rd = kd * od;

                // The angle test without trigonometry: (o.t) >= 0 and (o.t)^2 >= cos^2(1 deg) |o|^2 |t|^2.
                float dot = oh * th + ov * tv;
                float oMagSq = oh * oh + ov * ov;
                float tMagSq = th * th + tv * tv;
                bool aligned = dot >= 0.0f && dot * dot >= Cos1DegSq * oMagSq * tMagSq;
                if (aligned)
                {
                    rh = Enhance(rh, th, gainLimit);
                    rv = Enhance(rv, tv, gainLimit);
                    rd = Enhance(rd, td, gainLimit);
                }

                restored.H[p] = rh;
                restored.V[p] = rv;
                restored.D[p] = rd;
                additive.H[p] = th - rh;
                additive.V[p] = tv - rv;
                additive.D[p] = td - rd;
            }
        }
    }

    private static float Clamp01(float k) => k < 0.0f ? 0.0f : (k > 1.0f ? 1.0f : k);

    /// <summary>The enhancement: r grown by the gain limit towards t but not past it, in double as libvmaf's MIN/MAX are.</summary>
    private static float Enhance(float r, float t, double gainLimit)
    {
        if (r > 0.0)
        {
            double grown = r * gainLimit;
            return (float)(grown < t ? grown : t);
        }

        if (r < 0.0)
        {
            double grown = r * gainLimit;
            return (float)(grown > t ? grown : t);
        }

        return r;
    }

    /// <summary>libvmaf's <c>adm_csf_s</c>: each detail band times its factor into <paramref name="csf"/>, and |csf| / 30 into <paramref name="over30"/>.</summary>
    public static void Csf(FloatAdmBands src, FloatAdmBands csf, FloatAdmBands over30, int w, int h, float factorHv, float factorD)
    {
        var region = Region.Tapped(w, h);
        int stride = src.Stride;
        for (int theta = 0; theta < 3; theta++)
        {
            float factor = theta == 2 ? factorD : factorHv;
            float[] s = src.Detail(theta), c = csf.Detail(theta), f = over30.Detail(theta);
            for (int i = region.Top; i < region.Bottom; i++)
            {
                for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
                {
                    float value = factor * s[p];
                    c[p] = value;
                    f[p] = (float)(OneBy30 * MathF.Abs(value));
                }
            }
        }
    }

    /// <summary>
    /// libvmaf's <c>adm_csf_den_scale_s</c>: per detail band, the p-norm over the scored region of the reference's
    /// CSF-weighted band, plus the noise floor; summed over h, v, d.
    /// </summary>
    public static float Denominator(FloatAdmBands reference, int w, int h, float factorHv, float factorD, double noiseWeight, double pNorm)
    {
        var region = Region.Scored(w, h);
        int stride = reference.Stride;
        float accumH = 0, accumV = 0, accumD = 0;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            float innerH = 0, innerV = 0, innerD = 0;
            for (int p = i * stride + region.Left, end = i * stride + region.Right; p < end; p++)
            {
                innerH += Power(MathF.Abs(factorHv * reference.H[p]), pNorm);
                innerV += Power(MathF.Abs(factorHv * reference.V[p]), pNorm);
                innerD += Power(MathF.Abs(factorD * reference.D[p]), pNorm);
            }

            accumH += innerH;
            accumV += innerV;
            accumD += innerD;
        }

        return Pool(accumH, accumV, accumD, region, noiseWeight, pNorm);
    }

    /// <summary>
    /// libvmaf's <c>adm_cm_s</c>: per detail band, the p-norm over the scored region of max(|src x factor| − threshold, 0),
    /// the threshold being the 3 x 3 sum over the three orientations of the masker's |csf| / 30 (its centre |csf| / 15),
    /// plus the noise floor; summed over h, v, d. At the picture's edges the window reflects (row and column −1 read 1)
    /// at the top and left and repeats the edge sample at the bottom and right, as libvmaf's edge cases do.
    /// </summary>
    public static float Masking(
        FloatAdmBands src, FloatAdmBands maskerCsf, FloatAdmBands maskerOver30, int w, int h,
        float factorHv, float factorD, double noiseWeight, bool bypass, double pNorm)
    {
        var region = Region.Scored(w, h);
        int stride = src.Stride;
        float accumH = 0, accumV = 0, accumD = 0;
        for (int i = Math.Max(region.Top, 0); i < Math.Min(region.Bottom, h); i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride, mid = i * stride, down = (i == h - 1 ? h - 1 : i + 1) * stride;
            float innerH = 0, innerV = 0, innerD = 0;
            for (int j = Math.Max(region.Left, 0); j < Math.Min(region.Right, w); j++)
            {
                int left = j == 0 ? 1 : j - 1, right = j == w - 1 ? w - 1 : j + 1;
                float thr = bypass ? 0.0f : Threshold(maskerCsf, maskerOver30, up, mid, down, left, j, right);
                int p = mid + j;
                innerH += Power(Masked(src.H[p] * factorHv, thr), pNorm);
                innerV += Power(Masked(src.V[p] * factorHv, thr), pNorm);
                innerD += Power(Masked(src.D[p] * factorD, thr), pNorm);
            }

            accumH += innerH;
            accumV += innerV;
            accumD += innerD;
        }

        return Pool(accumH, accumV, accumD, region, noiseWeight, pNorm);
    }

    private static float Masked(float x, float thr)
    {
        x = MathF.Abs(x) - thr;
        return x < 0.0f ? 0.0f : x;
    }

    private static float Threshold(FloatAdmBands csf, FloatAdmBands over30, int up, int mid, int down, int left, int j, int right)
    {
        float accum = 0;
        for (int theta = 0; theta < 3; theta++)
        {
            float[] f = over30.Detail(theta);
            float sum = 0;
            sum += f[up + left];
            sum += f[up + j];
            sum += f[up + right];
            sum += f[mid + left];
            sum = (float)(sum + OneBy15 * MathF.Abs(csf.Detail(theta)[mid + j]));
            sum += f[mid + right];
            sum += f[down + left];
            sum += f[down + j];
            sum += f[down + right];
            accum += sum;
        }

        return accum;
    }

    /// <summary>x^p, as x * x * x when p is 3 (libvmaf's fast path) and powf otherwise.</summary>
    private static float Power(float x, double pNorm) => pNorm == 3.0 ? x * x * x : MathF.Pow(x, (float)pNorm);

    /// <summary>Each band's p-th root plus libvmaf's <c>get_noise_constant</c>, summed over h, v, d.</summary>
    private static float Pool(float accumH, float accumV, float accumD, Region region, double noiseWeight, double pNorm)
    {
        float root = (float)(1.0f / pNorm);
        float noise = MathF.Pow((float)((region.Right - region.Left) * (region.Bottom - region.Top) * noiseWeight), root);
        float h = MathF.Pow(accumH, root) + noise;
        float v = MathF.Pow(accumV, root) + noise;
        float d = MathF.Pow(accumD, root) + noise;
        return h + v + d;
    }
}
