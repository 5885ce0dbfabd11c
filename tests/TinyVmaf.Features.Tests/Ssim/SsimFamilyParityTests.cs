using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssim;

/// <summary>
/// One key of the SSIM family's shared golden run at its parity bar, and the same key with the scalar reference
/// kernels on one pair per pixel format.
/// </summary>
public abstract class SsimFamilyParityTests(ITestOutputHelper output, string key)
    : GoldenRunParityTests(output, GoldenParity.SsimFamily, [key], GoldenTolerance.For(key))
{
    [Fact]
    public void The_scalar_reference_kernels_match_libvmaf_on_every_pixel_format() =>
        AssertParity("scalar kernels", threads: 1, KernelPath.Scalar, GoldenParity.OnePairPerFormat);
}
