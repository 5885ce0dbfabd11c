using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.Adm;

/// <summary>
/// ADM with the VMAF v1.0.16 options (CSF mode 2, the blended Barten/Watson CSF, under four viewing conditions)
/// against upstream libvmaf 3.2's <c>v1_features</c> logs, which ran all four option sets on every pair.
/// </summary>
public sealed class AdmCsfModeParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static readonly AdmOptions V1Base = new()
    {
        CsfMode = AdmOptions.CsfBartenWatsonBlend, DlmWeight = 0.7, EnhancementGainLimit = 1.0, NoiseWeight = 0.02, MinVal = 0.5,
    };

    /// <summary>The four option sets of the v1 models and the suffix libvmaf gives their keys.</summary>
    internal static IReadOnlyList<ExtractorDescriptor> V1Descriptors =>
    [
        AdmExtractor.Describe(V1Base with { NormViewDist = 1.5, RefDisplayHeight = 2160 }, "_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02_nvd_1.5_rdh_2160"),
        AdmExtractor.Describe(V1Base, "_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02"),
        AdmExtractor.Describe(V1Base with { RefDisplayHeight = 2160 }, "_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02_rdh_2160"),
        AdmExtractor.Describe(V1Base with { NormViewDist = 5.0 }, "_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02_nvd_5"),
    ];

    /// <summary>The scalar kernels, slower, run on an 8-bit and the 10-bit pair only.</summary>
    private static readonly string[] ScalarPairs = ["mandelbrot__x264", "retina10__x265"];

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Csf_mode_2_matches_libvmaf_on_the_1280x720_v1_pairs(KernelPath kernels)
    {
        RequireOrSkip(GoldenSet.V1, "v1_features");
        var worst = Measure(GoldenSet.V1, "v1_features", V1Descriptors, kernels, kernels == KernelPath.Scalar ? ScalarPairs : null);
        AssertWithin(worst, Tolerance, output, $"adm csf mode 2 vs golden_v1/models/v1_features, kernels {kernels}");
    }

    [Fact]
    public void Csf_mode_2_matches_libvmaf_on_the_small_pairs()
    {
        RequireOrSkip(GoldenSet.Small, "v1_features");
        var worst = Measure(GoldenSet.Small, "v1_features", V1Descriptors, KernelPath.Auto);
        AssertWithin(worst, Tolerance, output, "adm csf mode 2 vs golden/models/v1_features");
    }

    [Fact]
    public void Csf_mode_2_is_refused_outside_the_tabulated_viewing_conditions()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (V1Base with { NormViewDist = 4.0 }).Validate());
        Assert.Contains("adm_csf_mode 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csf_mode_2_factors_are_the_tabulated_blend_for_1080_lines_at_3H()
    {
        Assert.Equal((0.01183f, 0.004302f), AdmCsf.Factors(0, V1Base));
        Assert.Equal((0.058621f, 0.035901f), AdmCsf.Factors(3, V1Base));
        Assert.Equal(AdmCsf.Factors(2, V1Base), AdmCsf.Factors(2, V1Base with { NormViewDist = 1.5, RefDisplayHeight = 2160 }));
    }
}
