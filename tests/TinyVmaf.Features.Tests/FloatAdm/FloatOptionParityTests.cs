using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatAdm;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.FloatMotion;
using TinyVmaf.Features.FloatVif;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.FloatAdm;

/// <summary>
/// Options of float_adm, float_vif and float_motion that no model uses, against upstream 3.2's logs in
/// TestData/upstream_options (motion within 1e-4, the others 1e-5).
/// </summary>
public sealed class FloatOptionParityTests(ITestOutputHelper output)
{
    private static readonly string[] SmallPairs = ["coffee__x264", "chelsea10__x265", "moto444__x265"];

    private static readonly ExtractorDescriptor[] Adm =
    [
        FloatAdmExtractor.Describe(new FloatAdmOptions { EnhancementGainLimit = 1.0, PNorm = 2.5, SkipAimScale = 3 }, "_egl_1_apn_2.5_sasc_3"),
        FloatAdmExtractor.Describe(new FloatAdmOptions { NormViewDist = 5.0, Adm3ApplyHm = true, MinVal = 0.3 }, "_aah_min_0.3_nvd_5"),
        FloatAdmExtractor.Describe(new FloatAdmOptions { BypassCm = 1, SkipScale0 = true }, "_bcm_1_ssz"),
        FloatAdmExtractor.Describe(new FloatAdmOptions { F1 = [-1, 0.05, -1, -1], F2 = [-1, -1, 0.02, -1], DlmWeight = 0.8 }, "_dlmw_0.8_f1s1_0.05_f2s2_0.02"),
    ];

    private static readonly ExtractorDescriptor[] Vif =
    [
        FloatVifExtractor.Describe(new FloatVifOptions { EnhancementGainLimit = 1.0, SigmaNsq = 1.5, Scale2MinVal = 0.95 }, "_egl_1_s2miv_0.95_snsq_1.5"),
        FloatVifExtractor.Describe(new FloatVifOptions { KernelScale = 2.0 }, "_ks_2"),
        FloatVifExtractor.Describe(new FloatVifOptions { Prescale = 0.5, PrescaleMethod = VifScalingMethod.Bilinear }, "_ps_0.5_pm_bilinear"),
        FloatVifExtractor.Describe(new FloatVifOptions { SkipScale0 = true, KernelScale = 0.5 }, "_ks_0.5_ssclz"),
    ];

    private static readonly ExtractorDescriptor[] Motion =
    [
        FloatMotionExtractor.Describe(new FloatMotionOptions { FilterSize = 3, FpsWeight = 2.0, BlendFactor = 0.5, BlendOffset = 5 }, "_mbf_0.5_mbo_5_mfs_3_mfw_2"),
        FloatMotionExtractor.Describe(new FloatMotionOptions { AddScale1 = true, AddUv = true }, "_mdc_mau"),
        FloatMotionExtractor.Describe(new FloatMotionOptions { FilterSize = 1, MaxVal = 3 }, "_mfs_1_mmxv_3"),
        FloatMotionExtractor.Describe(new FloatMotionOptions { ForceZero = true }, "_force_0"),
    ];

    public static TheoryData<string> Extractors => new("float_adm", "float_vif", "float_motion");

    [Theory]
    [MemberData(nameof(Extractors))]
    public void Options_match_upstream_on_small_pairs(string extractor)
    {
        RequireOrSkip(GoldenSet.Small, "vmaf_float_v0.6.1");
        var (descriptors, tolerance) = Of(extractor);
        var worst = MeasureAgainst(GoldenSet.Small, UpstreamOptionsFolder, SmallPairs, descriptors, KernelPath.Auto);
        AssertWithin(worst, tolerance, output, $"{extractor} options vs TestData/upstream_options (384x216)");
    }

    [Theory]
    [MemberData(nameof(Extractors))]
    public void Options_match_upstream_on_1280x720_pairs(string extractor)
    {
        RequireOrSkip(GoldenSet.V1, "v1_features");
        var (descriptors, tolerance) = Of(extractor);
        var worst = MeasureAgainst(GoldenSet.V1, UpstreamOptionsFolder, ["mosaic__x264", "retina10__x265"], descriptors, KernelPath.Auto);
        AssertWithin(worst, tolerance, output, $"{extractor} options vs TestData/upstream_options (1280x720)");
    }

    private static (ExtractorDescriptor[] Descriptors, double Tolerance) Of(string extractor) => extractor switch
    {
        "float_adm" => (Adm, 1e-5),
        "float_vif" => (Vif, 1e-5),
        _ => (Motion, 1e-4),
    };
}
