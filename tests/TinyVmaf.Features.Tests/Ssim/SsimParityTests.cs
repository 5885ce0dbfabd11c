using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Float_ssim_matches_libvmaf_on_every_frame_of_every_golden_pair(KernelPath kernels)
    {
        SharedData.RequireOrSkip();

        var report = GoldenFeatureParity.Measure(["float_ssim"], kernels);

        output.WriteLine(report.ToString());
        Assert.True(report.Pairs > 0, "no golden pairs found");
        Assert.True(report.MaxDelta <= GoldenTolerance.For("float_ssim"), report.ToString());
    }
}
