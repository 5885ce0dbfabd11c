using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

/// <summary>SSIMULACRA 2 against the fork's logs at the parity bar of its feature issue, on one thread.</summary>
public sealed class Ssimulacra2ParityTests(ITestOutputHelper output)
    : GoldenFeatureParityTests(output, "ssimulacra2", threads: 1, Tolerance, Tolerance, GoldenParity.OnePairPerFormat)
{
    private const double Tolerance = 1e-2;
}
