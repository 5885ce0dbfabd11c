using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Psnr;

/// <summary>
/// libvmaf's integer <c>psnr</c> extractor (<c>integer_psnr.c</c>): per plane,
/// <c>min(10·log10(peak² / max(mse, 1e-16)), psnr_max)</c> with the MSE from an exact integer SSE.
/// </summary>
/// <remarks>
/// The cap is what keeps identical planes finite: 6·bpc + 12 dB, i.e. 60 dB at 8 bits and 72 dB at 10 bits.
/// The peak is 255 at 8 bits, 2^bpc − 1 above. libvmaf flags this extractor temporal only to accumulate its
/// optional APSNR; per frame it is stateless, so here it runs on any thread.
/// </remarks>
internal sealed class PsnrExtractor : IFeatureExtractor
{
    private static readonly string[] Keys = ["psnr_y", "psnr_cb", "psnr_cr"];

    public static readonly ExtractorDescriptor Descriptor = new(
        "psnr", Keys, IsTemporal: false, context => new PsnrExtractor(context, PsnrOptions.Default));

    private readonly int _planes;
    private readonly int _bitDepth;
    private readonly bool _useSimd;
    private readonly double _peakSquared;
    private readonly double[] _psnrMax;

    public PsnrExtractor(ExtractorContext context, PsnrOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var format = context.Format;
        _bitDepth = format.BitDepth;
        _planes = options.EnableChroma && format.PlaneCount == 3 ? 3 : 1;
        _useSimd = context.UseSimd && SseKernels.IsVectorized && _bitDepth <= SseKernels.MaxVectorBitDepth;

        uint peak = Peak(_bitDepth, options.ReducedHbdPeak);
        _peakSquared = (double)peak * peak;
        _psnrMax = new double[_planes];
        for (int p = 0; p < _planes; p++)
        {
            // libvmaf 3.0 sizes a subsampled plane as luma/2 here (the fork as ceil(luma/2)); the two agree for
            // every size a reader accepts, since odd widths (and heights, for 4:2:0) are refused with subsampling.
            _psnrMax[p] = options.MinSse != 0.0
                ? Math.Ceiling(10.0 * Math.Log10(_peakSquared / (options.MinSse / ((double)format.PlaneWidth(p) * format.PlaneHeight(p)))))
                : (6 * _bitDepth) + 12;
        }
    }

    /// <summary>libvmaf's peak: 255 at 8 bits (its 8-bit path hard-codes it); 2^bpc − 1 or 255·2^(bpc−8) above.</summary>
    internal static uint Peak(int bitDepth, bool reducedHbdPeak) =>
        bitDepth == 8 ? 255u
        : reducedHbdPeak ? 255u << (bitDepth - 8)
        : (1u << bitDepth) - 1;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        for (int p = 0; p < _planes; p++)
        {
            var reference = pair.Reference[p];
            var distorted = pair.Distorted[p];
            ulong sse = 0;
            for (int i = 0; i < reference.Height; i++)
            {
                sse += _useSimd
                    ? SseKernels.SseVector(reference.Row(i), distorted.Row(i), _bitDepth)
                    : SseKernels.SseScalar(reference.Row(i), distorted.Row(i));
            }

            double mse = (double)sse / ((uint)reference.Width * (uint)reference.Height);
            double psnr = Math.Min(10.0 * Math.Log10(_peakSquared / Math.Max(mse, 1e-16)), _psnrMax[p]);
            sink.Write(pair.Index, Keys[p], psnr);
        }
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
