using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// libvmaf's <c>psnr_hvs</c> extractor (Xiph's PSNR-HVS-M in <c>third_party/xiph/psnr_hvs.c</c>): a PSNR over
/// 8x8 integer-DCT coefficients, each error weighted by the eye's contrast sensitivity at that frequency and
/// first lowered by what the block's own texture masks. One score per plane, and
/// <c>psnr_hvs</c> = −10·log10(0.8·Y + 0.1·(Cb + Cr)) over the planes' normalised errors.
/// </summary>
/// <remarks>
/// The peak is 2^bpc − 1 at every depth (255 at 8 bits, 1023 at 10). There is no cap: identical planes have no
/// error and score +∞, which libvmaf's logs show as <c>null</c>. Like libvmaf it refuses luma-only input and
/// more than 12 bits per sample (a 12-bit DCT coefficient squared is the most 32-bit integers hold).
/// </remarks>
internal sealed class PsnrHvsExtractor : IFeatureExtractor
{
    public const int MaxBitDepth = 12;

    /// <summary>The keys written per frame, in libvmaf's order.</summary>
    public static readonly IReadOnlyList<string> Keys = ["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"];

    public static readonly ExtractorDescriptor Descriptor =
        new("psnr_hvs", Keys, IsTemporal: false, context => new PsnrHvsExtractor(context));

    private readonly IPsnrHvsKernel _kernel;
    private readonly float[] _coefficientCounts = new float[3];
    private readonly float _peakSquared;

    public PsnrHvsExtractor(ExtractorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = context.Format;
        if (format.Chroma == ChromaSubsampling.Mono)
        {
            throw new ArgumentException($"psnr_hvs needs the chroma planes; {format} is luma only (libvmaf refuses it too)");
        }

        if (format.BitDepth is < 8 or > MaxBitDepth)
        {
            throw new ArgumentOutOfRangeException(
                nameof(context), format.BitDepth, $"psnr_hvs takes 8 to {MaxBitDepth} bits per sample, as libvmaf does");
        }

        for (int p = 0; p < 3; p++)
        {
            int blocks = PsnrHvsKernels.BlockCount(format.PlaneWidth(p)) * PsnrHvsKernels.BlockCount(format.PlaneHeight(p));
            if (blocks == 0)
            {
                // libvmaf divides by zero here and logs NaN for the plane and for psnr_hvs.
                throw new ArgumentException(
                    $"psnr_hvs needs every plane to hold an 8x8 block; plane {p} of {format} is {format.PlaneWidth(p)}x{format.PlaneHeight(p)}");
            }

            // libvmaf's coefficient count is an int that divides a float, so it is converted to float.
            _coefficientCounts[p] = 64 * blocks;
        }

        int peak = (1 << format.BitDepth) - 1;
        _peakSquared = peak * peak;
        _kernel = PsnrHvsKernels.Create(context.UseSimd, format.BitDepth);
    }

    internal IPsnrHvsKernel Kernel => _kernel;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        double y = PlaneError(pair, 0);
        double cb = PlaneError(pair, 1);
        double cr = PlaneError(pair, 2);
        sink.Write(pair.Index, Keys[0], ToDecibels(y));
        sink.Write(pair.Index, Keys[1], ToDecibels(cb));
        sink.Write(pair.Index, Keys[2], ToDecibels(cr));
        sink.Write(pair.Index, Keys[3], ToDecibels((y * .8) + (.1 * (cb + cr))));
    }

    /// <summary>
    /// The plane's mean squared masked error relative to the peak, normalised in float as libvmaf does before it
    /// widens the result to double.
    /// </summary>
    private double PlaneError(FramePair pair, int plane)
    {
        float error = _kernel.MaskedErrorSum(pair.Reference[plane], pair.Distorted[plane], PsnrHvsWeights.ForPlane(plane));
        error /= _coefficientCounts[plane];
        error /= _peakSquared;
        return error;
    }

    /// <summary>libvmaf's <c>convert_score_db</c> with weight 1: +∞ for no error.</summary>
    internal static double ToDecibels(double error) => 10 * -Math.Log10(error);

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
