using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.MsSsim;

public sealed class MsSsimParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Float_ms_ssim_matches_libvmaf_on_every_frame_of_every_golden_pair(KernelPath kernels)
    {
        SharedData.RequireOrSkip();

        var report = GoldenFeatureParity.Measure(["float_ms_ssim"], kernels);

        output.WriteLine(report.ToString());
        Assert.True(report.Pairs > 0, "no golden pairs found");
        Assert.True(report.MaxDelta <= GoldenTolerance.For("float_ms_ssim"), report.ToString());
    }
}
