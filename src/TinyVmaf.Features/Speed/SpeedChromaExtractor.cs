using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// libvmaf's <c>speed_chroma</c> extractor: SpEED (spatial efficient entropic differencing) on the Cb and Cr
/// planes, and their mean, each clipped at <c>speed_max_val</c>. Used by the VMAF v1.0.16 models as
/// <c>speed_chroma_uv</c>. Numerically libvmaf 3.2's <c>speed.c</c> (float), so equal to it to float rounding.
/// </summary>
internal sealed class SpeedChromaExtractor : IFeatureExtractor
{
    public const string UKey = "speed_chroma_u";
    public const string VKey = "speed_chroma_v";
    public const string UvKey = "speed_chroma_uv";

    /// <summary>The keys in the order libvmaf writes them.</summary>
    public static readonly IReadOnlyList<string> Keys = [UKey, VKey, UvKey];

    public static readonly ExtractorDescriptor Descriptor = Describe(SpeedOptions.Default);

    /// <summary>
    /// A <c>speed_chroma</c> instance with <paramref name="options"/>, writing every key with
    /// <paramref name="keySuffix"/> appended (libvmaf's option suffix, e.g. <c>_mxv_45_nnf_0.1_snn_0.19_wvm_5</c>).
    /// </summary>
    public static ExtractorDescriptor Describe(SpeedOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySuffix);
        options.Validate();
        return new("speed_chroma", Keys.Select(k => k + keySuffix).ToArray(), IsTemporal: false,
            context => new SpeedChromaExtractor(context, options, keySuffix));
    }

    private readonly SpeedOptions _options;
    private readonly SpeedEstimator _estimator;
    private readonly string[] _keys;
    private readonly int _bitDepth;

    public SpeedChromaExtractor(ExtractorContext context, SpeedOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var format = context.Format;

        // libvmaf sizes the chroma planes by halving (rounding down) the picture's size.
        (int w, int h) = format.Chroma switch
        {
            ChromaSubsampling.Yuv420 => (format.Width / 2, format.Height / 2),
            ChromaSubsampling.Yuv422 => (format.Width / 2, format.Height),
            ChromaSubsampling.Yuv444 => (format.Width, format.Height),
            _ => throw new ArgumentOutOfRangeException(nameof(context), format.Chroma, "speed_chroma needs chroma planes; this video is monochrome"),
        };
        _options = options;
        _estimator = new SpeedEstimator(w, h, options, context.UseSimd);
        _keys = Keys.Select(k => k + keySuffix).ToArray();
        _bitDepth = format.BitDepth;
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        bool uOk = Channel(pair.Reference.U, pair.Distorted.U, out float u);
        bool vOk = Channel(pair.Reference.V, pair.Distorted.V, out float v);

        // When one plane's covariance is singular (a flat plane, say) libvmaf takes the other plane's score as
        // the mean rather than averaging in a meaningless zero.
        float uv = !uOk && vOk ? v : uOk && !vOk ? u : (float)((u + v) / 2.0);
        sink.Write(pair.Index, _keys[0], Math.Min(u, _options.MaxVal));
        sink.Write(pair.Index, _keys[1], Math.Min(v, _options.MaxVal));
        sink.Write(pair.Index, _keys[2], Math.Min(uv, _options.MaxVal));
    }

    // 8-bit planes kept as read are loaded from their bytes: no frame of a run that reads only bytes is widened.
    private bool Channel(Plane reference, Plane distorted, out float score) =>
        reference.Bytes is { } referenceBytes && distorted.Bytes is { } distortedBytes
            ? _estimator.Score<byte>(referenceBytes, reference.Stride, distortedBytes, distorted.Stride, _bitDepth, out score)
            : _estimator.Score<ushort>(reference.Data, reference.Stride, distorted.Data, distorted.Stride, _bitDepth, out score);

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
