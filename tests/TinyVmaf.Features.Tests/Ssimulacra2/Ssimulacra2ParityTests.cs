using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

public sealed class Ssimulacra2ParityTests(ITestOutputHelper output)
{
    /// <summary>The parity bar of the feature issue against the fork's logs, on every frame.</summary>
    private const double Tolerance = 1e-2;

    private static readonly string[] Features = ["ssimulacra2"];

    [Fact]
    public void Every_golden_pair_matches_the_fork_on_every_frame()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, Features, threads: 1), Tolerance, output, "default kernels");
    }

    [Fact]
    public void The_scalar_reference_kernel_matches_the_fork_on_every_pixel_format()
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(Features, Features, threads: 1, KernelPath.Scalar, GoldenParity.OnePairPerFormat), Tolerance, output, "scalar kernel");
    }
}
