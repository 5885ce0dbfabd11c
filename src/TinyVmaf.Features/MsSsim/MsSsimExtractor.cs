using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Ssim;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.MsSsim;

/// <summary>
/// libvmaf's <c>float_ms_ssim</c>: Wang's multi-scale SSIM of the luma planes over five scales, the picture then
/// four times low-passed and halved, each scale's mean contrast and structure (and at the coarsest its mean
/// luminance) raised to that scale's exponent and multiplied. Each scale is libvmaf's default SSIM (see
/// <see cref="SsimMap"/>); the pyramid is the reference fork's (see <see cref="MsSsimLowPass"/>).
/// </summary>
internal sealed class MsSsimExtractor : IFeatureExtractor
{
    public const string Key = "float_ms_ssim";

    public const int Scales = 5;

    /// <summary>
    /// The smallest side libvmaf accepts: the 11-tap window must fit the coarsest scale, a sixteenth of the side
    /// (rounded down in libvmaf's check), so 11·2^4.
    /// </summary>
    public const int MinimumSide = SsimWindow.Taps << (Scales - 1);

    public static readonly IReadOnlyList<string> Keys = [Key];

    public static readonly ExtractorDescriptor Descriptor =
        new("float_ms_ssim", Keys, IsTemporal: false, context => new MsSsimExtractor(context, MsSsimOptions.Default));

    /// <summary>Wang et al.'s exponents per scale, finest first, as libvmaf holds them (single precision).</summary>
    private static readonly float[] Alphas = [0.0000f, 0.0000f, 0.0000f, 0.0000f, 0.1333f];
    private static readonly float[] Betas = [0.0448f, 0.2856f, 0.3001f, 0.2363f, 0.1333f];
    private static readonly float[] Gammas = [0.0448f, 0.2856f, 0.3001f, 0.2363f, 0.1333f];

    private readonly float _scale;
    private readonly bool _useSimd;
    private readonly int[] _widths = new int[Scales];
    private readonly int[] _heights = new int[Scales];
    private readonly float[][] _reference = new float[Scales][];
    private readonly float[][] _distorted = new float[Scales][];
    private readonly MsSsimLowPass _lowPass;
    private readonly SsimMap _map;
    private readonly bool _enableDb;
    private readonly double _maxDb;

    public MsSsimExtractor(ExtractorContext context, MsSsimOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var format = context.Format;
        if (format.Width < MinimumSide || format.Height < MinimumSide)
        {
            throw new ArgumentException(
                $"float_ms_ssim needs at least {MinimumSide}x{MinimumSide} luma samples, as libvmaf does: its {Scales}-scale pyramid " +
                $"must still fit the {SsimWindow.Taps}-tap window at the coarsest scale; this input is {format.Width}x{format.Height}");
        }

        _scale = FloatLuma.Scale(format.BitDepth);
        _useSimd = context.UseSimd;
        int width = format.Width, height = format.Height;
        for (int scale = 0; scale < Scales; scale++)
        {
            _widths[scale] = width;
            _heights[scale] = height;
            _reference[scale] = new float[width * height];
            _distorted[scale] = new float[width * height];
            width = MsSsimLowPass.OutputSide(width);
            height = MsSsimLowPass.OutputSide(height);
        }

        _lowPass = new MsSsimLowPass(format.Width, format.Height, _useSimd);
        _map = new SsimMap(format.Width, _useSimd);
        _enableDb = options.EnableDb;
        _maxDb = SsimDecibels.MaxDb(options.ClipDb, format.BitDepth, format.Width, format.Height);
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        double score = Compute(pair.Reference.Y, pair.Distorted.Y);
        sink.Write(pair.Index, Key, _enableDb ? SsimDecibels.FromScore(score, _maxDb) : score);
    }

    /// <summary>MS-SSIM of two luma planes.</summary>
    internal double Compute(Plane reference, Plane distorted)
    {
        FloatLuma.Convert(reference.Data, reference.Stride, _widths[0], _heights[0], _scale, _reference[0], _useSimd);
        FloatLuma.Convert(distorted.Data, distorted.Stride, _widths[0], _heights[0], _scale, _distorted[0], _useSimd);
        for (int scale = 1; scale < Scales; scale++)
        {
            _lowPass.Decimate(_reference[scale - 1], _widths[scale - 1], _heights[scale - 1], _reference[scale]);
            _lowPass.Decimate(_distorted[scale - 1], _widths[scale - 1], _heights[scale - 1], _distorted[scale]);
        }

        double msSsim = 1.0;
        for (int scale = 0; scale < Scales; scale++)
        {
            // A zero exponent makes libvmaf's pow(l, 0) exactly 1 whatever l is, so luminance is pooled only
            // where it counts (the coarsest scale).
            var terms = Alphas[scale] == 0f ? SsimTerms.ContrastStructure : SsimTerms.ContrastStructure | SsimTerms.Luminance;
            var sums = _map.Compute(_reference[scale], _distorted[scale], _widths[scale], _heights[scale], terms);
            double l = Alphas[scale] == 0f ? 1.0 : Math.Pow(sums.MeanLuminance, Alphas[scale]);
            msSsim *= l * Math.Pow(sums.MeanContrast, Betas[scale]) * Math.Pow(sums.MeanStructure, Gammas[scale]);
        }

        return msSsim;
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
