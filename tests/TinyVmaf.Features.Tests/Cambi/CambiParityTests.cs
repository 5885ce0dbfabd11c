using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>CAMBI against libvmaf 3.0's logs at the parity bar of its feature issue, on one thread.</summary>
public sealed class CambiParityTests(ITestOutputHelper output)
    : GoldenFeatureParityTests(output, "cambi", threads: 1, Tolerance, Tolerance, OnePairPerFormat)
{
    private const double Tolerance = 1e-3;

    /// <summary>One pair per pixel format and an identity pair, for the slower scalar reference kernel.</summary>
    private static readonly string[] OnePairPerFormat = ["mandelbrot", "coffee__x264", "chelsea10__x265", "rocket422__x265", "moto444__libvpx-vp9"];
}
