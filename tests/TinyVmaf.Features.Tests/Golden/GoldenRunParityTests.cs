using TinyVmaf.Features.Extraction;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// Some keys of a golden run (<see cref="GoldenParity.Measure"/>, shared by every class that asks for the same
/// features) against libvmaf's logs on every frame of every golden pair, on one thread and on two (the pipeline's
/// parallel path). A test class names the run's features, the keys it checks and their bar.
/// </summary>
public abstract class GoldenRunParityTests(ITestOutputHelper output, IReadOnlyList<string> features, IReadOnlyList<string> keys, double tolerance)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Matches_libvmaf_on_every_frame_of_every_golden_pair(int threads) => AssertParity($"{threads} threads", threads);

    /// <summary>The keys' parity on a run over <paramref name="pairs"/> (every golden pair when null) with <paramref name="kernels"/>.</summary>
    protected void AssertParity(string run, int threads, KernelPath kernels = KernelPath.Auto, IReadOnlyList<string>? pairs = null)
    {
        SharedData.RequireOrSkip();
        GoldenParity.AssertWithin(GoldenParity.Measure(features, keys, threads, kernels, pairs), tolerance, output, run);
    }
}
