using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.FloatAdm;

/// <summary>
/// libvmaf's <c>float_adm</c> extractor (the ADM of <c>vmaf_float_v0.6.1</c>): the Detail Loss Metric (adm2), the
/// Additive Impairment Measure (aim) and their blend adm3 over four levels of a float Daubechies-2 DWT of the luma.
/// Numerically libvmaf 3.2's <c>adm.c</c> and <c>adm_tools.c</c>.
/// </summary>
internal sealed class FloatAdmExtractor : IFeatureExtractor
{
    public const int Scales = 4;

    /// <summary>The keys in the order libvmaf writes them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["adm2", "aim", "adm3", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3"];

    public static readonly ExtractorDescriptor Descriptor = Describe(FloatAdmOptions.Default);

    /// <summary>A <c>float_adm</c> instance with <paramref name="options"/>, its keys with <paramref name="keySuffix"/> appended.</summary>
    public static ExtractorDescriptor Describe(FloatAdmOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySuffix);
        options.Validate();
        return new("float_adm", Keys.Select(k => k + keySuffix).ToArray(), IsTemporal: false,
            context => new FloatAdmExtractor(context, options, keySuffix));
    }

    private readonly FloatAdmOptions _options;
    private readonly string[] _keys;
    private readonly int _width, _height, _bitDepth;
    private readonly float[] _ref, _dis;
    private readonly FloatAdmDwt _dwt;
    private readonly FloatAdmBands _refBands, _disBands, _restored, _additive, _csfA, _csfF;
    private readonly float[] _factorHv = new float[Scales], _factorD = new float[Scales];
    private readonly double[] _scores = new double[2 * Scales];

    public FloatAdmExtractor(ExtractorContext context, FloatAdmOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var format = context.Format;
        if (format.Width < 16 || format.Height < 16)
        {
            // Below this the coarsest level has fewer than two samples, and the masking window would leave the band.
            throw new ArgumentOutOfRangeException(nameof(context), format.ToString(), $"float_adm needs frames of at least 16x16; this one is {format.Width}x{format.Height}");
        }

        _options = options;
        _keys = Keys.Select(k => k + keySuffix).ToArray();
        (_width, _height, _bitDepth) = (format.Width, format.Height, format.BitDepth);
        _ref = new float[_width * _height];
        _dis = new float[_width * _height];
        _dwt = new FloatAdmDwt(_width, context.UseSimd);
        int stride = (_width + 1) / 2, rows = (_height + 1) / 2;
        _refBands = new FloatAdmBands(stride, rows);
        _disBands = new FloatAdmBands(stride, rows);
        _restored = new FloatAdmBands(stride, rows);
        _additive = new FloatAdmBands(stride, rows);
        _csfA = new FloatAdmBands(stride, rows);
        _csfF = new FloatAdmBands(stride, rows);
        for (int scale = 0; scale < Scales; scale++)
        {
            _factorHv[scale] = options.F1[scale] >= 0 ? (float)options.F1[scale] : 1.0f / QuantStep(scale, 1, options);
            _factorD[scale] = options.F2[scale] >= 0 ? (float)options.F2[scale] : 1.0f / QuantStep(scale, 2, options);
        }
    }

    /// <summary>
    /// Watson's quantisation step as float ADM computes it: like <see cref="AdmCsf.QuantStep"/>, but with the
    /// exponent k * temp * temp in float, as libvmaf's own source has it.
    /// </summary>
    private static float QuantStep(int lambda, int theta, FloatAdmOptions options)
    {
        float r = (float)(options.NormViewDist * options.RefDisplayHeight * Math.PI / 180.0);
        float temp = (float)Math.Log10(Math.Pow(2.0, lambda + 1) * AdmCsf.F0 * AdmCsf.G(theta) / r);
        float exponent = AdmCsf.K * temp * temp;
        return (float)(2.0 * AdmCsf.A * Math.Pow(10.0, exponent) / AdmCsf.BasisAmplitude(lambda, theta));
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        FloatPlanes.Copy(pair.Reference.Y, _ref, _width, _bitDepth);
        FloatPlanes.Copy(pair.Distorted.Y, _dis, _width, _bitDepth);
        var (adm2, aim) = Compute();
        double dlm = _options.DlmWeight;
        double adm3 = _options.Adm3ApplyHm
            ? 2 * adm2 * aim / (adm2 + aim)
            : adm2 * dlm + (1 - aim) * (1 - dlm);
        sink.Write(pair.Index, _keys[0], adm2);
        sink.Write(pair.Index, _keys[1], aim);
        sink.Write(pair.Index, _keys[2], adm3 > _options.MinVal ? adm3 : _options.MinVal);
        for (int scale = 0; scale < Scales; scale++)
        {
            sink.Write(pair.Index, _keys[3 + scale], _scores[2 * scale] / _scores[2 * scale + 1]);
        }
    }

    /// <summary>libvmaf's <c>compute_adm</c>: adm2 and aim, and each scale's numerator and denominator into _scores.</summary>
    private (double Adm2, double Aim) Compute()
    {
        double num = 0, den = 0, aimNum = 0, aimDen = 0;
        float[] refSrc = _ref, disSrc = _dis;
        int srcStride = _width, w = _width, h = _height;
        for (int scale = 0; scale < Scales; scale++)
        {
            float numScale = 0, denScale, aimScale = 0;
            _dwt.Transform(refSrc, srcStride, w, h, _refBands);
            _dwt.Transform(disSrc, srcStride, w, h, _disBands);
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            if (scale == 0 && _options.SkipScale0)
            {
                denScale = 1e-10f;
            }
            else
            {
                float hv = _factorHv[scale], d = _factorD[scale];
                bool bypass = _options.BypassCm != 0;
                FloatAdmMasking.Decouple(_refBands, _disBands, _restored, _additive, w, h, _options.EnhancementGainLimit);
                denScale = FloatAdmMasking.Denominator(_refBands, w, h, hv, d, _options.NoiseWeight, _options.PNorm);
                FloatAdmMasking.Csf(_additive, _csfA, _csfF, w, h, hv, d);
                numScale = FloatAdmMasking.Masking(_restored, _csfA, _csfF, w, h, hv, d, _options.NoiseWeight, bypass, _options.PNorm);
                FloatAdmMasking.Csf(_restored, _csfF, _csfA, w, h, hv, d);
                aimScale = FloatAdmMasking.Masking(_additive, _csfF, _csfA, w, h, hv, d, 0.0, bypass, _options.PNorm);
            }

            num += numScale;
            den += denScale;
            if (_options.SkipAimScale != scale)
            {
                aimDen += denScale;
                aimNum += aimScale;
            }

            // The next level transforms this approximation band in place, as libvmaf does: output row i is written
            // after its source rows were read, and later rows read only source rows from i on.
            refSrc = _refBands.A;
            disSrc = _disBands.A;
            srcStride = _refBands.Stride;
            _scores[2 * scale] = numScale;
            _scores[2 * scale + 1] = denScale;
        }

        double limit = 1e-10 * (_width * _height) / (1920.0 * 1080.0);
        num = num < limit ? 0 : num;
        den = den < limit ? 0 : den;

        // With no denominator libvmaf reports adm2 = 1 and leaves aim unset; we report aim 0.
        if (den == 0.0)
        {
            return (1.0, 0.0);
        }

        double aim = aimNum / aimDen;
        return (num / den, aim < 1.0f ? aim : 1.0f);
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
