namespace TinyVmaf.Features.Psnr;

/// <summary>The options of libvmaf's integer <c>psnr</c> extractor, under libvmaf's names, with its defaults.</summary>
/// <remarks>libvmaf's <c>enable_mse</c> and <c>enable_apsnr</c> (extra keys and a clip aggregate) are not offered.</remarks>
internal sealed record PsnrOptions
{
    public static readonly PsnrOptions Default = new();

    /// <summary><c>enable_chroma</c>: also write <c>psnr_cb</c> and <c>psnr_cr</c> (ignored for a mono frame).</summary>
    public bool EnableChroma { get; init; } = true;

    /// <summary>
    /// <c>reduced_hbd_peak</c>: above 8 bits, take the peak as 255·2^(bpc−8) (scaled 8-bit content) rather
    /// than 2^bpc − 1.
    /// </summary>
    public bool ReducedHbdPeak { get; init; }

    /// <summary>
    /// <c>min_sse</c>, ≥ 0: when set, the PSNR cap becomes the PSNR of this SSE over the plane (rounded up)
    /// instead of 6·bpc + 12 dB.
    /// </summary>
    public double MinSse { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value outside libvmaf's range.</summary>
    public void Validate() => OptionRange.Check(MinSse >= 0, "min_sse", MinSse, "≥ 0");
}
