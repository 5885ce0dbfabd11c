using TinyVmaf.Features.Extraction;
using static TinyVmaf.Features.Tests.Golden.ModelLogParity;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// One float extractor against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair, on
/// the default kernels and on the scalar reference ones. A test class names the extractor and its bar.
/// </summary>
public abstract class FloatModelParityTests
{
    private const string Label = "vmaf_float_v0.6.1";

    private readonly ITestOutputHelper _output;
    private readonly ExtractorDescriptor _descriptor;
    private readonly double _tolerance;

    // Not public: the descriptor's type is internal to the library.
    private protected FloatModelParityTests(ITestOutputHelper output, ExtractorDescriptor descriptor, double tolerance)
    {
        _output = output;
        _descriptor = descriptor;
        _tolerance = tolerance;
    }

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void Matches_libvmaf_on_every_small_golden_pair(KernelPath kernels)
    {
        RequireOrSkip(GoldenSet.Small, Label);
        var worst = Measure(GoldenSet.Small, Label, [_descriptor], kernels);
        AssertWithin(worst, _tolerance, _output, $"{_descriptor.Name} vs golden/models/{Label}, kernels {kernels}");
    }
}
