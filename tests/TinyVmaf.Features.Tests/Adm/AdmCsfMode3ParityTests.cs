using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Extraction;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.Adm;

/// <summary>ADM's CSF mode 3 (the refitted blend), which no model of the zoo uses, against upstream 3.2's logs in TestData/upstream_options.</summary>
public sealed class AdmCsfMode3ParityTests(ITestOutputHelper output)
{
    private static readonly ExtractorDescriptor[] Descriptors =
    [
        AdmExtractor.Describe(new AdmOptions { CsfMode = 3, EnhancementGainLimit = 1.0, DlmWeight = 0.7, MinVal = 0.5, NoiseWeight = 0.02 }, "_csf_3_dlmw_0.7_egl_1_min_0.5_nw_0.02"),
        AdmExtractor.Describe(new AdmOptions { CsfMode = 3, NormViewDist = 5.0 }, "_csf_3_nvd_5"),
    ];

    [Fact]
    public void Csf_mode_3_matches_upstream_on_small_pairs()
    {
        RequireOrSkip(GoldenSet.Small, "v1_features");
        var worst = MeasureAgainst(GoldenSet.Small, UpstreamOptionsFolder, ["coffee__x264", "chelsea10__x265", "moto444__x265"], Descriptors, KernelPath.Auto);
        AssertWithin(worst, 1e-5, output, "adm csf mode 3 vs TestData/upstream_options (384x216)");
    }

    [Fact]
    public void Csf_mode_3_matches_upstream_on_1280x720_pairs()
    {
        RequireOrSkip(GoldenSet.V1, "v1_features");
        var worst = MeasureAgainst(GoldenSet.V1, UpstreamOptionsFolder, ["mosaic__x264", "retina10__x265"], Descriptors, KernelPath.Auto);
        AssertWithin(worst, 1e-5, output, "adm csf mode 3 vs TestData/upstream_options (1280x720)");
    }
}
