using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimParityTests(ITestOutputHelper output)
    : GoldenRunParityTests(output, GoldenParity.SsimFamily, ["float_ssim"], GoldenTolerance.For("float_ssim"))
{
    [Fact]
    public void The_scalar_reference_kernels_match_libvmaf_on_every_pixel_format() =>
        AssertParity("scalar kernels", threads: 1, KernelPath.Scalar, GoldenParity.OnePairPerFormat);
}
