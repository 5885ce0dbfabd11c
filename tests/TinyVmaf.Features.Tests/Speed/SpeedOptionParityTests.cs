using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Speed;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.Speed;

/// <summary>
/// speed_chroma options no model uses (kernel scale, the nearest, bicubic and lanczos4 prescales, up- and downscaling,
/// weight modes 1..4 and 6, sigma_nn, nn_floor, max_val) against upstream 3.2's logs in TestData/upstream_options.
/// </summary>
public sealed class SpeedOptionParityTests(ITestOutputHelper output)
{
    private static ExtractorDescriptor D(SpeedOptions options, string suffix) => SpeedChromaExtractor.Describe(options, suffix);

    private static readonly ExtractorDescriptor[] Small =
    [
        D(new() { KernelScale = 0.5, WeightVarMode = 3 }, "_ks_0.5_wvm_3"),
        D(new() { Prescale = 1.25, PrescaleMethod = VifScalingMethod.Lanczos4, WeightVarMode = 6, NnFloor = 0.2 }, "_nnf_0.2_ps_1.25_psm_lanczos4_wvm_6"),
        D(new() { WeightVarMode = 4, MaxVal = 10 }, "_mxv_10_wvm_4"),
    ];

    private static readonly ExtractorDescriptor[] Large =
    [
        .. Small,
        D(new() { Prescale = 0.75, PrescaleMethod = VifScalingMethod.Nearest, WeightVarMode = 1 }, "_ps_0.75_wvm_1"),
        D(new() { Prescale = 0.8, PrescaleMethod = VifScalingMethod.Bicubic, WeightVarMode = 2, SigmaNn = 0.5 }, "_ps_0.8_psm_bicubic_snn_0.5_wvm_2"),
    ];

    [Fact]
    public void Speed_chroma_options_match_upstream_on_1280x720_pairs()
    {
        RequireOrSkip(GoldenSet.V1, "v1_features");
        var worst = MeasureAgainst(GoldenSet.V1, UpstreamOptionsFolder, ["mosaic__x264", "retina10__x265"], Large, KernelPath.Auto);
        AssertWithin(worst, 1e-3, output, "speed_chroma options vs TestData/upstream_options (1280x720)");
    }

    [Fact]
    public void Speed_chroma_options_match_upstream_on_a_444_pair()
    {
        RequireOrSkip(GoldenSet.Small, "v1_features");
        var worst = MeasureAgainst(GoldenSet.Small, UpstreamOptionsFolder, ["moto444__x265"], Small, KernelPath.Auto);
        AssertWithin(worst, 1e-3, output, "speed_chroma options vs TestData/upstream_options (moto444)");
    }
}
