using TinyVmaf.Features.FloatAdm;
using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.FloatAdm;

/// <summary>float_adm against upstream libvmaf 3.2's <c>vmaf_float_v0.6.1</c> logs of every small golden pair.</summary>
public sealed class FloatAdmParityTests(ITestOutputHelper output)
    : FloatModelParityTests(output, FloatAdmExtractor.Descriptor, tolerance: 1e-5);
