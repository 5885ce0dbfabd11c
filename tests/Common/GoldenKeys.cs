namespace TinyVmaf.Tests;

/// <summary>
/// The 22 FULL_FEATURES names in the contract's order (../shared/ARCHITECTURE.md) and the key libvmaf writes for each
/// in the golden logs (../shared/README.md), written out here rather than asked of the code under test: a parity
/// test whose list came from the registry would not notice a feature the code stopped providing.
/// </summary>
internal static class GoldenKeys
{
    public static readonly IReadOnlyList<(string Feature, string Key)> FullFeatures =
    [
        ("adm2", "integer_adm2"),
        ("adm_scale0", "integer_adm_scale0"),
        ("adm_scale1", "integer_adm_scale1"),
        ("adm_scale2", "integer_adm_scale2"),
        ("adm_scale3", "integer_adm_scale3"),
        ("vif_scale0", "integer_vif_scale0"),
        ("vif_scale1", "integer_vif_scale1"),
        ("vif_scale2", "integer_vif_scale2"),
        ("vif_scale3", "integer_vif_scale3"),
        ("motion", "integer_motion"),
        ("motion2", "integer_motion2"),
        ("motion3", "integer_motion3"),
        ("psnr_y", "psnr_y"),
        ("psnr_cb", "psnr_cb"),
        ("psnr_cr", "psnr_cr"),
        ("float_ssim", "float_ssim"),
        ("float_ms_ssim", "float_ms_ssim"),
        ("cambi", "cambi"),
        ("ciede2000", "ciede2000"),
        ("psnr_hvs", "psnr_hvs"),
        ("ssimulacra2", "ssimulacra2"),
        ("aim", "integer_aim"),
    ];
}
