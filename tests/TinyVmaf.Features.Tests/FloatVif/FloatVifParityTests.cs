using TinyVmaf.Features.FloatVif;
using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.FloatVif;

/// <summary>float_vif against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair.</summary>
public sealed class FloatVifParityTests(ITestOutputHelper output)
    : FloatModelParityTests(output, FloatVifExtractor.Descriptor, tolerance: 1e-5);
