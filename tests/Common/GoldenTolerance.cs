namespace TinyVmaf.Tests;

/// <summary>The parity bars of the feature issues: how far a FULL_FEATURES value may be from libvmaf's.</summary>
internal static class GoldenTolerance
{
    public static double For(string featureName) => featureName switch
    {
        _ when featureName.StartsWith("adm", StringComparison.Ordinal) || featureName == "aim" => 1e-6,
        _ when featureName.StartsWith("vif", StringComparison.Ordinal) => 1e-6,
        _ when featureName.StartsWith("motion", StringComparison.Ordinal) => 1e-5,
        _ when featureName.StartsWith("psnr_hvs", StringComparison.Ordinal) => 1e-3,
        _ when featureName.StartsWith("psnr", StringComparison.Ordinal) => 1e-4,
        "float_ssim" or "float_ms_ssim" => 1e-5,
        "cambi" or "ciede2000" => 1e-3,
        "ssimulacra2" => 1e-2,
        _ => throw new ArgumentException($"no tolerance for {featureName}"),
    };

    /// <summary>Temporal features whose value for a frame needs the frame after it.</summary>
    public static bool NeedsNextFrame(string featureName) => featureName is "motion2" or "motion3";
}
