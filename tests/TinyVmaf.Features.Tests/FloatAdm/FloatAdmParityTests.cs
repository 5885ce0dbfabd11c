using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatAdm;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.FloatAdm;

/// <summary>float_adm against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair.</summary>
public sealed class FloatAdmParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Float_adm_matches_libvmaf_on_every_small_golden_pair(KernelPath kernels)
    {
        RequireOrSkip(GoldenSet.Small, "vmaf_float_v0.6.1");
        var worst = Measure(GoldenSet.Small, "vmaf_float_v0.6.1", [FloatAdmExtractor.Descriptor], kernels);
        AssertWithin(worst, Tolerance, output, $"float_adm vs golden/models/vmaf_float_v0.6.1, kernels {kernels}");
    }
}
