using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Float_ssim_matches_libvmaf_on_every_frame_of_every_golden_pair(int threads)
    {
        SharedData.RequireOrSkip();

        var worst = GoldenParity.Measure(GoldenParity.SsimFamily, ["float_ssim"], threads).Single();

        output.WriteLine($"{threads} threads: {GoldenParity.Describe(worst)}");
        Assert.True(worst.FramesCompared > 0, "no golden frames found");
        Assert.True(worst.Delta <= GoldenTolerance.For("float_ssim"), GoldenParity.Describe(worst));
    }

    [Fact]
    public void The_scalar_reference_kernels_match_libvmaf_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();

        var worst = GoldenParity.Measure(GoldenParity.SsimFamily, ["float_ssim"], 1, KernelPath.Scalar, GoldenParity.OnePairPerFormat).Single();

        output.WriteLine($"scalar kernels: {GoldenParity.Describe(worst)}");
        Assert.True(worst.Delta <= GoldenTolerance.For("float_ssim"), GoldenParity.Describe(worst));
    }
}
