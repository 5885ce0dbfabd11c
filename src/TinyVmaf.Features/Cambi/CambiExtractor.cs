using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// libvmaf's <c>cambi</c> extractor (Contrast Aware Multiscale Banding Index): how visible the banding of
/// the distorted luma is, from 0 for none (around 5 it starts to annoy, 24 is the worst libvmaf reports seeing).
/// It looks for flat pixels whose window also holds many pixels a just-visible step (1 to 2^max_log_contrast
/// 10-bit code values) above or below them, at five scales. With libvmaf's defaults (no <c>full_ref</c>) it is
/// a no-reference score, and the golden logs' <c>cambi</c> key is that: the reference frame is not read.
/// </summary>
internal sealed class CambiExtractor : IFeatureExtractor
{
    /// <summary>
    /// libvmaf refuses a picture (and an encoding size) less than this in both width and height. (The v3.0.0
    /// tag said 320; the libvmaf that wrote the golden logs — it reports 3.0.0 but its cambi is Netflix master's,
    /// reciprocal table and all, as the lusoris fork's is — says 216, a 384x216 picture's height.)
    /// </summary>
    public const int MinimumSide = 216;

    public static readonly IReadOnlyList<string> Keys = ["cambi"];

    public static readonly ExtractorDescriptor Descriptor =
        new("cambi", Keys, IsTemporal: false, context => new CambiExtractor(context, CambiOptions.Default));

    private readonly CambiPreprocessor _preprocessor;
    private readonly CambiScorer _scorer;
    private readonly double _maxValue;

    public CambiExtractor(ExtractorContext context, CambiOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var format = context.Format;
        if (format.BitDepth is < 8 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(context), format.BitDepth, "cambi takes 8 to 16 bits per sample");
        }

        int width = format.Width, height = format.Height;
        bool encodingGiven = options.EncWidth != 0 && options.EncHeight != 0;
        int encWidth = encodingGiven ? options.EncWidth : width;
        int encHeight = encodingGiven ? options.EncHeight : height;
        int encBitDepth = options.EncBitDepth != 0 ? options.EncBitDepth : format.BitDepth;
        if (encWidth > width || encHeight > height)
        {
            // libvmaf: an encode larger than the picture was downscaled afterwards; banding is looked for at the
            // picture's size rather than upscaling it back.
            encWidth = width;
            encHeight = height;
        }

        // libvmaf checks its source size (here always the picture's, full_ref being off) and the encoding size.
        // (Its refusal of an encoding size wider but shorter than the source cannot trigger after the clamp.)
        RequireSize("picture", width, height);
        RequireSize("encoding size", encWidth, encHeight);

        // libvmaf sizes a second window for the source (the picture), used only in full-reference mode, and
        // refuses it too when it is too large for the reciprocal table.
        CambiScorer.RequireWindowInTable(CambiScorer.AdjustWindowSize(options.WindowSize, width, height, options.SpeedupApplies(encWidth, encHeight)), width, height);
        _maxValue = options.CambiMaxVal;
        _preprocessor = new CambiPreprocessor(width, height, format.BitDepth, encWidth, encHeight, encBitDepth, context.UseSimd);
        _scorer = new CambiScorer(encWidth, encHeight, options, context.UseSimd);
    }

    /// <summary>The scorer, for tests and diagnostics.</summary>
    internal CambiScorer Scorer => _scorer;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        _preprocessor.Run(pair.Distorted.Y, _scorer.Picture);
        sink.Write(pair.Index, Keys[0], Math.Min(_scorer.Score(), _maxValue));
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }

    private static void RequireSize(string what, int width, int height)
    {
        if (width < MinimumSide && height < MinimumSide)
        {
            throw new ArgumentException(
                $"cambi: the {what}, {width}x{height}, must be at least {MinimumSide} pixels wide or high, as libvmaf requires");
        }
    }
}
