using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ciede;

/// <summary>
/// libvmaf's <c>ciede</c> extractor (<c>ciede.c</c>): every pixel of both pictures to CIELAB, the CIEDE2000
/// colour difference ΔE00 of each pixel pair, and the score <c>45 − 20·log10(mean ΔE00)</c>.
/// </summary>
/// <remarks>
/// A picture identical to its reference has a mean ΔE00 of 0 and so a score of +∞, which libvmaf writes as
/// <c>null</c>; it is written here as +∞ (the log writer spells it libvmaf's way). libvmaf refuses luma-only
/// pictures and depths other than 8, 10, 12 and 16 bits, and so does this.
/// </remarks>
internal sealed class CiedeExtractor : IFeatureExtractor
{
    public const string Key = "ciede2000";

    public static readonly ExtractorDescriptor Descriptor =
        new("ciede", [Key], IsTemporal: false, context => new CiedeExtractor(context));

    private readonly CiedeChroma _referenceChroma;
    private readonly CiedeChroma _distortedChroma;
    private readonly ICiedeKernel _kernel;
    private readonly double _pixels;
    private readonly int _height;

    public CiedeExtractor(ExtractorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = context.Format;
        if (format.Chroma == ChromaSubsampling.Mono)
        {
            throw new ArgumentException($"ciede: needs colour; libvmaf refuses a luma-only picture ({format})");
        }

        if (format.BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new ArgumentException($"ciede: libvmaf takes 8, 10, 12 or 16 bits per sample, not {format.BitDepth} ({format})");
        }

        _referenceChroma = new CiedeChroma(format);
        _distortedChroma = new CiedeChroma(format);
        _kernel = context.UseSimd && CiedeVectorKernel.IsSupported
            ? CiedeVectorKernel.Create(format.Width, format.BitDepth)
            : new CiedeScalarKernel(format.BitDepth);
        _pixels = (double)format.Width * format.Height;
        _height = format.Height;
    }

    internal bool IsVectorized => _kernel is not CiedeScalarKernel;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        double sum = 0;
        for (int i = 0; i < _height; i++)
        {
            sum = _kernel.AddRow(sum, _referenceChroma.Row(pair.Reference, i), _distortedChroma.Row(pair.Distorted, i));
        }

        sink.Write(pair.Index, Key, Score(sum, _pixels));
    }

    /// <summary>libvmaf's score of a ΔE00 sum: +∞ for a sum of 0 (identical pictures).</summary>
    internal static double Score(double sum, double pixels) => 45.0 - (20.0 * Math.Log10(sum / pixels));

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
