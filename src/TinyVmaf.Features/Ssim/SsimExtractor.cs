using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ssim;

/// <summary>
/// libvmaf's <c>float_ssim</c>: the mean structural similarity of the luma planes in single precision, after
/// libvmaf's automatic downscaling (by the shorter side over 256, so by 4 at 1080p) with an 11×11 Gaussian
/// window. Numerically libvmaf 3.0's <c>float_ssim.c</c> over its IQA code, as the reference fork builds it.
/// </summary>
internal sealed class SsimExtractor : IFeatureExtractor
{
    public const string Key = "float_ssim";

    public static readonly IReadOnlyList<string> Keys = [Key];

    public static readonly ExtractorDescriptor Descriptor =
        new("float_ssim", Keys, IsTemporal: false, context => new SsimExtractor(context, SsimOptions.Default));

    private readonly int _width;
    private readonly int _height;
    private readonly float _scale;
    private readonly bool _useSimd;
    private readonly SsimDownscale? _downscale;
    private readonly int _mapWidth;
    private readonly int _mapHeight;
    private readonly float[] _reference;
    private readonly float[] _distorted;
    private readonly SsimMap _map;
    private readonly bool _enableDb;
    private readonly double _maxDb;

    public SsimExtractor(ExtractorContext context, SsimOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var format = context.Format;
        _width = format.Width;
        _height = format.Height;
        _scale = FloatLuma.Scale(format.BitDepth);
        _useSimd = context.UseSimd;

        int factor = options.Scale > 0 ? options.Scale : SsimDownscale.AutomaticFactor(_width, _height);
        if (factor > 1)
        {
            _downscale = new SsimDownscale(_width, _height, factor, _useSimd);
            _mapWidth = _downscale.OutputWidth;
            _mapHeight = _downscale.OutputHeight;
        }
        else
        {
            _mapWidth = _width;
            _mapHeight = _height;
        }

        if (_mapWidth < SsimMap.MinimumSide || _mapHeight < SsimMap.MinimumSide)
        {
            // libvmaf does not refuse these; its map would be empty and it would report 0/0.
            throw new ArgumentException(
                $"float_ssim needs at least {SsimMap.MinimumSide}x{SsimMap.MinimumSide} luma samples after downscaling by {factor} " +
                $"for its {SsimWindow.Taps}-tap window; {_width}x{_height} gives {_mapWidth}x{_mapHeight}");
        }

        _reference = new float[_mapWidth * _mapHeight];
        _distorted = new float[_mapWidth * _mapHeight];
        _map = new SsimMap(_mapWidth, _useSimd);
        _enableDb = options.EnableDb;
        _maxDb = SsimDecibels.MaxDb(options.ClipDb, format.BitDepth, _width, _height);
    }

    /// <summary>The downscaling factor in use (1 for none).</summary>
    public int Factor => _downscale?.Factor ?? 1;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        double score = Compute(pair.Reference.Y, pair.Distorted.Y);
        sink.Write(pair.Index, Key, _enableDb ? SsimDecibels.FromScore(score, _maxDb) : score);
    }

    /// <summary>SSIM of two luma planes, as libvmaf returns it (a single-precision mean widened to double).</summary>
    internal double Compute(Plane reference, Plane distorted)
    {
        if (_downscale is { } downscale)
        {
            downscale.Downscale(reference.Data, reference.Stride, _scale, _reference);
            downscale.Downscale(distorted.Data, distorted.Stride, _scale, _distorted);
        }
        else
        {
            FloatLuma.Convert(reference.Data, reference.Stride, _width, _height, _scale, _reference, _useSimd);
            FloatLuma.Convert(distorted.Data, distorted.Stride, _width, _height, _scale, _distorted, _useSimd);
        }

        return _map.Compute(_reference, _distorted, _mapWidth, _mapHeight, SsimTerms.Ssim).MeanSsim;
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
