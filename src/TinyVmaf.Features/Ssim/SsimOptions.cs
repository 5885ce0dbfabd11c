namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The options of libvmaf's <c>float_ssim</c> extractor that change its number, under libvmaf's names, with its
/// defaults. libvmaf's <c>enable_lcs</c> (extra keys for the mean l, c and s) is not offered.
/// </summary>
internal sealed record SsimOptions
{
    public static readonly SsimOptions Default = new();

    /// <summary>
    /// <c>scale</c>: the downscaling factor applied before SSIM, 0 (automatic: the shorter side over 256,
    /// rounded, at least 1), 1 (none) or 2..10.
    /// </summary>
    public int Scale
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0 and <= SsimDownscale.MaxFactor, "scale", $"0 (automatic) to {SsimDownscale.MaxFactor}");
    }

    /// <summary><c>enable_db</c>: write −10·log10(1 − SSIM) instead of SSIM.</summary>
    public bool EnableDb { get; init; }

    /// <summary><c>clip_db</c>: with <c>enable_db</c>, cap the decibels at those of a half-unit error over the picture.</summary>
    public bool ClipDb { get; init; }
}
