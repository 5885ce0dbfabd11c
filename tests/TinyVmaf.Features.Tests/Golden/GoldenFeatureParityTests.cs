using TinyVmaf.Features.Extraction;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// One feature run on its own against its golden logs (libvmaf's, or the fork's for a feature only the fork has):
/// every frame of every golden pair on the default kernels, and the slower scalar reference kernel on
/// <c>scalarPairs</c> (a pair per pixel format). A test class names the feature, its threads and its bars.
/// </summary>
public abstract class GoldenFeatureParityTests(
    ITestOutputHelper output, string feature, int threads, double tolerance, double scalarTolerance, IReadOnlyList<string> scalarPairs)
{
    [Fact]
    public void Every_golden_pair_matches_its_log_on_every_frame() =>
        AssertParity("default kernels", KernelPath.Auto, pairs: null, tolerance);

    [Fact]
    public void The_scalar_reference_kernel_matches_its_log_on_a_pair_of_each_pixel_format() =>
        AssertParity("scalar kernel", KernelPath.Scalar, scalarPairs, scalarTolerance);

    private void AssertParity(string run, KernelPath kernels, IReadOnlyList<string>? pairs, double bar)
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure([feature], [feature], threads, kernels, pairs), bar, output, run);
    }
}
