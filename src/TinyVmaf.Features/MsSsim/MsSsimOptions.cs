namespace TinyVmaf.Features.MsSsim;

/// <summary>
/// The options of libvmaf's <c>float_ms_ssim</c> extractor that change its number, under libvmaf's names, with
/// its defaults. libvmaf's <c>enable_lcs</c> (extra keys for every scale's l, c and s) is not offered.
/// </summary>
internal sealed record MsSsimOptions
{
    public static readonly MsSsimOptions Default = new();

    /// <summary><c>enable_db</c>: write −10·log10(1 − MS-SSIM) instead of MS-SSIM.</summary>
    public bool EnableDb { get; init; }

    /// <summary><c>clip_db</c>: with <c>enable_db</c>, cap the decibels at those of a half-unit error over the picture.</summary>
    public bool ClipDb { get; init; }
}
