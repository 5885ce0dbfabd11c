using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatMotion;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.FloatMotion;

/// <summary>float_motion against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair.</summary>
public sealed class FloatMotionParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Float_motion_matches_libvmaf_on_every_small_golden_pair(KernelPath kernels)
    {
        RequireOrSkip(GoldenSet.Small, "vmaf_float_v0.6.1");
        var worst = Measure(GoldenSet.Small, "vmaf_float_v0.6.1", [FloatMotionExtractor.Descriptor], kernels);
        AssertWithin(worst, Tolerance, output, $"float_motion vs golden/models/vmaf_float_v0.6.1, kernels {kernels}");
    }
}
