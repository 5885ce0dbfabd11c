using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ciede;

public sealed class CiedeParityTests(ITestOutputHelper output)
{
    /// <summary>The bar of the issue.</summary>
    private const double Tolerance = 1e-3;

    /// <summary>
    /// The scalar kernel is libvmaf's arithmetic calling the platform's libm as libvmaf does: with glibc it
    /// reproduces the golden logs bit for bit (|Δ| = 0); another libm may round a rare pixel differently.
    /// </summary>
    internal const double ScalarTolerance = 1e-9;

    private static readonly string[] Features = ["ciede2000"];

    [Fact]
    public void Ciede2000_matches_libvmaf_on_every_frame_of_every_golden_pair()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, ["ciede2000"], threads: 2), Tolerance, output, "default kernels");
    }

    [Fact]
    public void The_scalar_kernel_matches_libvmaf_on_a_pair_of_each_format()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, ["ciede2000"], threads: 2, KernelPath.Scalar, GoldenParity.OnePairPerFormat), ScalarTolerance, output, "scalar kernel");
    }
}
