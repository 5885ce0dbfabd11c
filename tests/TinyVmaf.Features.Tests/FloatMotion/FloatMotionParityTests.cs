using TinyVmaf.Features.FloatMotion;
using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.FloatMotion;

/// <summary>float_motion against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair.</summary>
public sealed class FloatMotionParityTests(ITestOutputHelper output)
    : FloatModelParityTests(output, FloatMotionExtractor.Descriptor, tolerance: 1e-4);
