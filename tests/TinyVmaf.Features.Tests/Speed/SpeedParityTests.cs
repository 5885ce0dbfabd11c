using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Speed;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.Speed;

/// <summary>
/// speed_chroma with the VMAF v1.0.16 options against upstream libvmaf 3.2's <c>v1_features</c> (unprescaled) and
/// <c>v1_features_speed_prescale</c> (bilinear prescale 0.5 and 0.6) logs, on the 1280x720 pairs where SpEED is
/// non-zero, and on the small pairs (zero on 4:2:0 there, non-zero on 4:2:2 and 4:4:4).
/// </summary>
public sealed class SpeedParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    private static readonly SpeedOptions V1 = new() { NnFloor = 0.1, SigmaNn = 0.19, WeightVarMode = 5, MaxVal = 45.0 };

    internal static ExtractorDescriptor Unprescaled => SpeedChromaExtractor.Describe(V1, "_mxv_45_nnf_0.1_snn_0.19_wvm_5");

    internal static IReadOnlyList<ExtractorDescriptor> Prescaled =>
    [
        SpeedChromaExtractor.Describe(V1 with { Prescale = 0.5, PrescaleMethod = VifScalingMethod.Bilinear }, "_mxv_45_nnf_0.1_ps_0.5_psm_bilinear_snn_0.19_wvm_5"),
        SpeedChromaExtractor.Describe(V1 with { Prescale = 0.6, PrescaleMethod = VifScalingMethod.Bilinear }, "_mxv_45_nnf_0.1_ps_0.6_psm_bilinear_snn_0.19_wvm_5"),
    ];

    /// <summary>The scalar kernels, slower, run on an 8-bit and the 10-bit pair only.</summary>
    private static readonly string[] ScalarPairs = ["mandelbrot__x264", "retina10__x265"];

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Unprescaled_speed_chroma_matches_libvmaf_on_the_1280x720_pairs(KernelPath kernels)
    {
        RequireOrSkip(GoldenSet.V1, "v1_features");
        var worst = Measure(GoldenSet.V1, "v1_features", [Unprescaled], kernels, kernels == KernelPath.Scalar ? ScalarPairs : null);
        AssertWithin(worst, Tolerance, output, $"speed_chroma vs golden_v1/models/v1_features, kernels {kernels}");
    }

    [Fact]
    public void Prescaled_speed_chroma_matches_libvmaf_on_the_1280x720_pairs()
    {
        RequireOrSkip(GoldenSet.V1, "v1_features_speed_prescale");
        var worst = Measure(GoldenSet.V1, "v1_features_speed_prescale", Prescaled, KernelPath.Auto);
        AssertWithin(worst, Tolerance, output, "prescaled speed_chroma vs golden_v1/models/v1_features_speed_prescale");
    }

    [Fact]
    public void Speed_chroma_matches_libvmaf_on_the_small_pairs_of_every_chroma_layout()
    {
        RequireOrSkip(GoldenSet.Small, "v1_features");
        var worst = Measure(GoldenSet.Small, "v1_features", [Unprescaled], KernelPath.Auto);
        AssertWithin(worst, Tolerance, output, "speed_chroma vs golden/models/v1_features");
    }

    [Fact]
    public void Prescaled_speed_chroma_matches_libvmaf_on_the_small_422_and_444_pairs()
    {
        RequireOrSkip(GoldenSet.Small, "v1_features_speed_prescale");
        var worst = Measure(GoldenSet.Small, "v1_features_speed_prescale", Prescaled, KernelPath.Auto);
        AssertWithin(worst, Tolerance, output, "prescaled speed_chroma vs golden/models/v1_features_speed_prescale");
    }
}
