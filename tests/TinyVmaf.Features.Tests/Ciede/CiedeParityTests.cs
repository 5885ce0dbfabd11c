using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.Ciede;

/// <summary>CIEDE2000 against libvmaf's logs at the bar of its issue, on two threads.</summary>
public sealed class CiedeParityTests(ITestOutputHelper output)
    : GoldenFeatureParityTests(output, "ciede2000", threads: 2, Tolerance, ScalarTolerance, GoldenParity.OnePairPerFormat)
{
    private const double Tolerance = 1e-3;

    /// <summary>
    /// The scalar kernel is libvmaf's arithmetic calling the platform's libm as libvmaf does: with glibc it
    /// reproduces the golden logs bit for bit (|Δ| = 0); another libm may round a rare pixel differently.
    /// </summary>
    internal const double ScalarTolerance = 1e-9;
}
