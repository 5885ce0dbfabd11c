using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Cambi;

public sealed class CambiParityTests(ITestOutputHelper output)
{
    /// <summary>The parity bar of the feature issue against libvmaf 3.0's logs, on every frame.</summary>
    private const double Tolerance = 1e-3;

    private static readonly string[] Features = ["cambi"];

    /// <summary>One pair per pixel format and an identity pair, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["mandelbrot", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];

    [Fact]
    public void Every_golden_pair_matches_libvmaf_on_every_frame()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, Features, threads: 1), Tolerance, output, "default kernels");
    }

    [Fact]
    public void The_scalar_reference_kernel_matches_libvmaf_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, Features, threads: 1, KernelPath.Scalar, OnePairPerFormat), Tolerance, output, "scalar kernel");
    }
}
