using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// libvmaf's integer <c>vif</c> extractor: visual information fidelity of the luma at four scales, each the
/// share of the reference's information (log2 of signal over noise variance in Gaussian windows) that the
/// distorted picture keeps. Numerically libvmaf 3.0's <c>integer_vif.c</c>.
/// </summary>
internal sealed class VifExtractor : IFeatureExtractor
{
    /// <summary>The keys written per frame, scale 0 (finest) to 3.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3"];

    public static readonly ExtractorDescriptor Descriptor =
        new("vif", Keys, IsTemporal: false, context => new VifExtractor(context, new VifOptions()));

    private readonly VifPyramid _pyramid;
    private readonly VifAccumulator[] _scales = new VifAccumulator[VifFilters.ScaleCount];

    public VifExtractor(ExtractorContext context, VifOptions options)
    {
        var format = context.Format;
        _pyramid = new VifPyramid(format.Width, format.Height, format.BitDepth, context.UseSimd, options.EnhancementGainLimit);
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        Plane reference = pair.Reference.Y, distorted = pair.Distorted.Y;
        if (reference.Stride != distorted.Stride)
        {
            throw new ArgumentException($"reference and distorted luma strides differ ({reference.Stride} and {distorted.Stride})");
        }

        // 8-bit samples as the reader left them, where both planes keep them and the kernel loads bytes: asking
        // for Data would widen the whole plane first.
        if (_pyramid.ReadsBytes && reference.Bytes is { } referenceBytes && distorted.Bytes is { } distortedBytes)
        {
            _pyramid.Compute(referenceBytes, distortedBytes, reference.Stride, _scales);
        }
        else
        {
            _pyramid.Compute(reference.Data, distorted.Data, reference.Stride, _scales);
        }

        for (int scale = 0; scale < _scales.Length; scale++)
        {
            sink.Write(pair.Index, Keys[scale], _scales[scale].Score());
        }
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
