using System.Runtime.InteropServices;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// libvmaf's integer ADM (<c>adm</c>): the Detail Loss Metric (adm2) and the Additive Impairment Measure (aim)
/// over four DWT scales of the luma plane, and their blend adm3. Bit-exact with libvmaf's scalar C, so the
/// doubles it writes equal libvmaf's; the vector kernels are bit-exact with the scalar ones.
/// </summary>
/// <remarks>
/// libvmaf's own AVX2 and AVX-512 kernels are not bit-exact with its C: the masking numerators of scales 2
/// and 3 (and so adm2, aim, adm3) differ by a float ulp or so. The golden logs come from its AVX-512 build, so
/// against them adm_scale0/1 match exactly and the rest within about 2e-7.
/// </remarks>
internal sealed class AdmExtractor : IFeatureExtractor
{
    public const string Adm2Key = "integer_adm2";
    public const string AimKey = "integer_aim";
    public const string Adm3Key = "integer_adm3";
    public const int Scales = 4;

    /// <summary>Band rows per strip of <see cref="DecoupleAndMask"/>: a scale-0 strip's 20 bands stay within L2.</summary>
    private const int StripRows = 8;

    /// <summary>The keys in the order libvmaf writes them.</summary>
    public static readonly IReadOnlyList<string> Keys =
        [Adm2Key, AimKey, Adm3Key, "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"];

    public static readonly ExtractorDescriptor Descriptor = Describe(AdmOptions.Default);

    /// <summary>
    /// An <c>adm</c> instance with <paramref name="options"/>, writing every key with <paramref name="keySuffix"/>
    /// appended (libvmaf's option suffix, e.g. <c>_egl_1</c>; empty for the defaults).
    /// </summary>
    public static ExtractorDescriptor Describe(AdmOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySuffix);
        options.Validate();
        return new("adm", Suffixed(keySuffix), IsTemporal: false, context => new AdmExtractor(context.Format, options, context.UseSimd, keySuffix));
    }

    private static string[] Suffixed(string keySuffix) => Keys.Select(k => k + keySuffix).ToArray();

    private readonly AdmOptions _options;
    private readonly string[] _keys;
    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;

    private readonly AdmDwtTaps[] _rowTaps = new AdmDwtTaps[Scales];
    private readonly AdmDwtTaps[] _colTaps = new AdmDwtTaps[Scales];

    // Scale 0 in 16 bits, scales 1..3 in 32 bits, as libvmaf. The scalar path stores the CSF output and its 1/30
    // copy once for the DLM pass (CSF of the additive band) and once for AIM (of the restored band), as both passes
    // run strip by strip; the vector masking takes the CSF itself and needs none (the bands are then empty).
    private readonly AdmBands<short> _ref16, _dis16, _restored16, _additive16, _csfA16, _fltA16, _csfR16, _fltR16;
    private readonly AdmBands<int> _ref32, _dis32, _restored32, _additive32, _csfA32, _fltA32, _csfR32, _fltR32;
    private readonly short[] _tmpLo16, _tmpHi16;
    private readonly int[] _tmpLo32, _tmpHi32;
    private readonly int[] _loEven, _loOdd, _hiEven, _hiOdd;
    private readonly AdmMaskingScratch _dlmScratch, _aimScratch;

    // Which kernels run vectorized, chosen once: each needs its instruction set, and some only take the
    // parameters for which their lanes are exact (integer gain limits, Q32 factors below 2^31).
    private readonly bool _simdDwt0, _simdDwt123, _simdDecouple, _simdCsf, _simdMasking;

    private readonly float[] _factorHv = new float[Scales];
    private readonly float[] _factorD = new float[Scales];
    private readonly uint[] _fixedHv = new uint[Scales];
    private readonly uint[] _fixedD = new uint[Scales];
    private readonly ushort _fixedHv0, _fixedD0;

    private readonly double[] _scaleNum = new double[Scales];
    private readonly double[] _scaleDen = new double[Scales];

    public AdmExtractor(FrameFormat format, AdmOptions options, bool useSimd, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _keys = Suffixed(keySuffix);
        if (format.Width <= 32 || format.Height <= 32)
        {
            // libvmaf 3.0.0 refuses these too; below this the coarsest DWT level would mirror out of its input.
            throw new ArgumentOutOfRangeException(nameof(format), format.ToString(), $"adm needs frames larger than 32x32; this one is {format.Width}x{format.Height}");
        }

        _options = options;
        _width = format.Width;
        _height = format.Height;
        _bitDepth = format.BitDepth;
        int w = _width, h = _height;
        for (int scale = 0; scale < Scales; scale++)
        {
            _rowTaps[scale] = new AdmDwtTaps(h);
            _colTaps[scale] = new AdmDwtTaps(w);
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            (_factorHv[scale], _factorD[scale]) = AdmCsf.Factors(scale, options);
            if (scale > 0)
            {
                (_fixedHv[scale], _fixedD[scale]) = AdmCsf.FixedFactors(scale, options);
            }
        }

        (_fixedHv0, _fixedD0) = AdmCsf.Scale0FixedFactors(options);
        bool factorsFit = Enumerable.Range(1, Scales - 1).All(scale => AdmContrastMaskingSimd.Handles(_fixedHv[scale], _fixedD[scale]));
        _simdDwt0 = useSimd && AdmDwtSimd.Scale0Handles(format.BitDepth);
        _simdDwt123 = useSimd && AdmDwtSimd.Scale123IsSupported;
        _simdDecouple = useSimd && AdmDecoupleSimd.IsSupported && AdmDecoupleSimd.Handles(options.EnhancementGainLimit);
        _simdCsf = useSimd && AdmCsfSimd.IsSupported && factorsFit;
        _simdMasking = useSimd && AdmContrastMaskingSimd.IsSupported && factorsFit;

        int stride = (_width + 1) / 2;
        int rows0 = (_height + 1) / 2;
        int rows1 = (rows0 + 1) / 2;
        _ref16 = new AdmBands<short>(stride, rows0, withApproximation: true);
        _dis16 = new AdmBands<short>(stride, rows0, withApproximation: true);
        _restored16 = new AdmBands<short>(stride, rows0, withApproximation: false);
        _additive16 = new AdmBands<short>(stride, rows0, withApproximation: false);
        _csfA16 = new AdmBands<short>(stride, _simdMasking ? 0 : rows0, withApproximation: false);
        _fltA16 = new AdmBands<short>(stride, _simdMasking ? 0 : rows0, withApproximation: false);
        _csfR16 = new AdmBands<short>(stride, _simdMasking ? 0 : rows0, withApproximation: false);
        _fltR16 = new AdmBands<short>(stride, _simdMasking ? 0 : rows0, withApproximation: false);

        // The 32-bit A holds scale 0's approximation (rows0 rows), the input of scale 1, and is then
        // overwritten in place by each coarser level.
        _ref32 = new AdmBands<int>(stride, rows0, withApproximation: true);
        _dis32 = new AdmBands<int>(stride, rows0, withApproximation: true);
        _restored32 = new AdmBands<int>(stride, rows1, withApproximation: false);
        _additive32 = new AdmBands<int>(stride, rows1, withApproximation: false);
        _csfA32 = new AdmBands<int>(stride, _simdMasking ? 0 : rows1, withApproximation: false);
        _fltA32 = new AdmBands<int>(stride, _simdMasking ? 0 : rows1, withApproximation: false);
        _csfR32 = new AdmBands<int>(stride, _simdMasking ? 0 : rows1, withApproximation: false);
        _fltR32 = new AdmBands<int>(stride, _simdMasking ? 0 : rows1, withApproximation: false);

        _tmpLo16 = new short[AdmDwtSimd.Scale0ScratchLength(_width)];
        _tmpHi16 = new short[AdmDwtSimd.Scale0ScratchLength(_width)];
        int scratch = AdmDwtSimd.ScratchLength(stride);
        _loEven = new int[scratch];
        _loOdd = new int[scratch];
        _hiEven = new int[scratch];
        _hiOdd = new int[scratch];
        _tmpLo32 = new int[stride];
        _tmpHi32 = new int[stride];
        _dlmScratch = new AdmMaskingScratch(stride);
        _aimScratch = new AdmMaskingScratch(stride);
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        var reference = pair.Reference.Y;
        var distorted = pair.Distorted.Y;
        // The vector DWT reads 8-bit samples as the reader left them; everything after scale 0 is the same.
        var scores = _simdDwt0 && reference.Bytes is { } referenceBytes && distorted.Bytes is { } distortedBytes
            ? Compute<byte>(referenceBytes, reference.Stride, distortedBytes, distorted.Stride)
            : Compute<ushort>(reference.Data, reference.Stride, distorted.Data, distorted.Stride);
        sink.Write(pair.Index, _keys[0], scores.Adm2);
        sink.Write(pair.Index, _keys[1], scores.Aim);
        sink.Write(pair.Index, _keys[2], scores.Adm3);
        for (int scale = 0; scale < Scales; scale++)
        {
            sink.Write(pair.Index, _keys[3 + scale], scores.Scale(scale));
        }
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>The scores of one pair of luma planes.</summary>
    internal AdmScores Compute(ReadOnlySpan<ushort> reference, int referenceStride, ReadOnlySpan<ushort> distorted, int distortedStride) =>
        Compute<ushort>(reference, referenceStride, distorted, distortedStride);

    /// <summary>The scores of one pair of luma planes of samples held as <typeparamref name="T"/> (bytes: the vector DWT only).</summary>
    internal AdmScores Compute<T>(ReadOnlySpan<T> reference, int referenceStride, ReadOnlySpan<T> distorted, int distortedStride)
        where T : unmanaged
    {
        double num = 0, den = 0, aimNum = 0;
        int w = _width, h = _height;
        for (int scale = 0; scale < Scales; scale++)
        {
            float numScale = 0, denScale = 0, aimScale = 0;
            var rows = _rowTaps[scale];
            var cols = _colTaps[scale];
            if (scale == 0)
            {
                // Decouple, denominator and masking read the detail bands only in the tapped rows (none without scale 0).
                var detail = _options.SkipScale0 ? default : AdmRegion.Tapped(cols.OutputLength, rows.OutputLength);
                Dwt0(reference, referenceStride, rows, cols, _ref16, detail);
                Dwt0(distorted, distortedStride, rows, cols, _dis16, detail);
                if (!_simdDwt123)
                {
                    // The vector scale 1 reads the 16-bit band itself.
                    Widen(_ref16.A, _ref32.A);
                    Widen(_dis16.A, _dis32.A);
                }


                w = cols.OutputLength;
                h = rows.OutputLength;

                if (_options.SkipScale0)
                {
                    // libvmaf keeps only the low-pass downsample and a tiny denominator against division by zero.
                    denScale = 1e-10f;
                }
                else
                {
                    denScale = _simdCsf
                        ? AdmCsfSimd.Denominator0(_ref16, w, h, _factorHv[0], _factorD[0], _options.NoiseWeight)
                        : AdmCsf.Denominator0(_ref16, w, h, _factorHv[0], _factorD[0], _options.NoiseWeight);
                    (numScale, aimScale) = DecoupleAndMask(0, w, h);
                }
            }
            else
            {
                Dwt123(_ref16, _ref32, scale, rows, cols);
                Dwt123(_dis16, _dis32, scale, rows, cols);
                w = cols.OutputLength;
                h = rows.OutputLength;

                denScale = _simdCsf
                    ? AdmCsfSimd.Denominator123(_ref32, scale, w, h, _factorHv[scale], _factorD[scale], _options.NoiseWeight)
                    : AdmCsf.Denominator123(_ref32, scale, w, h, _factorHv[scale], _factorD[scale], _options.NoiseWeight);
                (numScale, aimScale) = DecoupleAndMask(scale, w, h);
            }

            num += numScale;
            den += denScale;
            aimNum += aimScale;
            _scaleNum[scale] = numScale;
            _scaleDen[scale] = denScale;
        }

        double limit = 1e-10 * (_width * _height) / (1920.0 * 1080.0);
        num = num < limit ? 0 : num;
        den = den < limit ? 0 : den;

        // With no denominator libvmaf reports adm2 = 1 and leaves aim unset (stack garbage); we report 0.
        double adm2 = den == 0.0 ? 1.0 : num / den;
        double aim = den == 0.0 ? 0.0 : aimNum / den;
        double adm3 = Math.Max(adm2 * _options.DlmWeight + (1 - aim) * (1 - _options.DlmWeight), _options.MinVal);
        return new AdmScores(adm2, aim, adm3, _scaleNum[0] / _scaleDen[0], _scaleNum[1] / _scaleDen[1], _scaleNum[2] / _scaleDen[2], _scaleNum[3] / _scaleDen[3]);
    }

    private void Dwt0<T>(ReadOnlySpan<T> src, int srcStride, AdmDwtTaps rows, AdmDwtTaps cols, AdmBands<short> dst, AdmRegion detail)
        where T : unmanaged
    {
        if (_simdDwt0 && AdmDwtAvx512.Scale0Handles(_bitDepth))
        {
            AdmDwtAvx512.Scale0(src, srcStride, _bitDepth, rows, cols, _tmpLo16, _tmpHi16, dst, detail.Top, detail.Bottom);
        }
        else if (_simdDwt0)
        {
            AdmDwtSimd.Scale0(src, srcStride, _bitDepth, rows, cols, _tmpLo16, _tmpHi16, dst, detail.Top, detail.Bottom);
        }
        else if (typeof(T) == typeof(ushort))
        {
            AdmDwt.Scale0(MemoryMarshal.Cast<T, ushort>(src), srcStride, _bitDepth, rows, cols, _tmpLo16, _tmpHi16, dst, detail.Top, detail.Bottom);
        }
        else
        {
            throw new NotSupportedException("the scalar DWT reads ushort samples");
        }
    }

    /// <summary>One coarser DWT level of <paramref name="bands"/>' own approximation, in place (scale 1 from scale 0's).</summary>
    private void Dwt123(AdmBands<short> scale0, AdmBands<int> bands, int scale, AdmDwtTaps rows, AdmDwtTaps cols)
    {
        if (!_simdDwt123)
        {
            AdmDwt.Scale123(bands.A, scale, rows, cols, _tmpLo32, _tmpHi32, bands);
        }
        else if (scale == 1)
        {
            AdmDwtSimd.Scale1From16(scale0.A, rows, cols, _loEven, _loOdd, _hiEven, _hiOdd, bands);
        }
        else
        {
            AdmDwtSimd.Scale123(bands.A, scale, rows, cols, _loEven, _loOdd, _hiEven, _hiOdd, bands);
        }
    }

    /// <summary>
    /// The numerators of DLM and AIM of one scale of w x h bands: decouple, CSF and contrast masking (the vector
    /// masking takes the CSF itself, a row at a time) taken
    /// <see cref="StripRows"/> rows at a time, so that a strip's bands are still in cache for the next step (one
    /// 1080p scale-0 frame's bands are some 20 MB). Masking row i needs the CSF of rows i-1..i+1, so it trails the
    /// strips by a row; its per-row sums add up exactly in any grouping.
    /// </summary>
    private (float Num, float Aim) DecoupleAndMask(int scale, int w, int h)
    {
        var tapped = AdmRegion.Tapped(w, h);
        var scored = AdmRegion.Scored(w, h);
        AdmMaskingSums dlm = default, aim = default;
        int next = scored.Top;
        _dlmScratch.Reset();
        _aimScratch.Reset();
        for (int top = tapped.Top; top < tapped.Bottom; top += StripRows)
        {
            var strip = tapped with { Top = top, Bottom = Math.Min(top + StripRows, tapped.Bottom) };
            Decouple(scale, strip);
            if (!_simdMasking)
            {
                Csf(scale, forDlm: true, strip);
                if (!_options.SkipAim)
                {
                    Csf(scale, forDlm: false, strip);
                }
            }

            int ready = strip.Bottom == tapped.Bottom ? scored.Bottom : Math.Min(strip.Bottom - 1, scored.Bottom);
            if (ready > next)
            {
                dlm += MaskingSums(scale, forDlm: true, w, h, next, ready);
                if (!_options.SkipAim)
                {
                    aim += MaskingSums(scale, forDlm: false, w, h, next, ready);
                }

                next = ready;
            }
        }

        if (scale == 0)
        {
            return (AdmContrastMasking.Finish0(dlm, w, h, _options.NoiseWeight), _options.SkipAim ? 0 : AdmContrastMasking.Finish0(aim, w, h, 0.0));
        }

        return (AdmContrastMasking.Finish123(dlm, scale, w, h, _options.NoiseWeight), _options.SkipAim ? 0 : AdmContrastMasking.Finish123(aim, scale, w, h, 0.0));
    }

    private void Decouple(int scale, AdmRegion strip)
    {
        double gain = _options.EnhancementGainLimit;
        if (scale == 0 && _simdDecouple)
        {
            AdmDecoupleSimd.Scale0(_ref16, _dis16, _restored16, _additive16, strip, gain);
        }
        else if (scale == 0)
        {
            AdmDecouple.Scale0(_ref16, _dis16, _restored16, _additive16, strip, gain);
        }
        else if (_simdDecouple)
        {
            AdmDecoupleSimd.Scale123(_ref32, _dis32, _restored32, _additive32, strip, gain);
        }
        else
        {
            AdmDecouple.Scale123(_ref32, _dis32, _restored32, _additive32, strip, gain);
        }
    }

    /// <summary>The CSF and its 1/30 copy for the scalar masking: of the additive band for DLM, of the restored band for AIM.</summary>
    private void Csf(int scale, bool forDlm, AdmRegion strip)
    {
        if (scale == 0)
        {
            var (src, dst, flt) = forDlm ? (_additive16, _csfA16, _fltA16) : (_restored16, _csfR16, _fltR16);
            AdmCsf.Apply0(src, dst, flt, strip, _fixedHv0, _fixedD0);
        }
        else
        {
            var (src, dst, flt) = forDlm ? (_additive32, _csfA32, _fltA32) : (_restored32, _csfR32, _fltR32);
            AdmCsf.Apply123(src, dst, flt, strip, _fixedHv[scale], _fixedD[scale]);
        }
    }

    /// <summary>Masking sums of rows [from, to): the restored band by the additive's CSF (DLM) or the reverse (AIM).</summary>
    private AdmMaskingSums MaskingSums(int scale, bool forDlm, int w, int h, int from, int to)
    {
        if (scale == 0)
        {
            var (src, masker, csf, flt) = forDlm ? (_restored16, _additive16, _csfA16, _fltA16) : (_additive16, _restored16, _csfR16, _fltR16);
            return _simdMasking
                ? AdmContrastMaskingSimd.Sums0(src, masker, w, h, _fixedHv0, _fixedD0, from, to, forDlm ? _dlmScratch : _aimScratch)
                : AdmContrastMasking.Sums0(src, csf, flt, w, h, _fixedHv0, _fixedD0, from, to);
        }
        else
        {
            var (src, masker, csf, flt) = forDlm ? (_restored32, _additive32, _csfA32, _fltA32) : (_additive32, _restored32, _csfR32, _fltR32);
            return _simdMasking
                ? AdmContrastMaskingSimd.Sums123(src, masker, w, h, _fixedHv[scale], _fixedD[scale], from, to, forDlm ? _dlmScratch : _aimScratch)
                : AdmContrastMasking.Sums123(src, csf, flt, w, h, _fixedHv[scale], _fixedD[scale], from, to);
        }
    }

    /// <summary>Scale 0's 16-bit approximation band, widened to 32 bits for the coarser levels (same stride).</summary>
    private static void Widen(short[] src, int[] dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = src[i];
        }
    }
}

/// <summary>One frame's ADM scores: adm2 (DLM), aim, adm3 and the four per-scale ratios.</summary>
internal readonly record struct AdmScores(double Adm2, double Aim, double Adm3, double Scale0, double Scale1, double Scale2, double Scale3)
{
    public double Scale(int scale) => scale switch
    {
        0 => Scale0,
        1 => Scale1,
        2 => Scale2,
        _ => Scale3,
    };
}
