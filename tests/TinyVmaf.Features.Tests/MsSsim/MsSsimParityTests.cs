using TinyVmaf.Features.Tests.Ssim;

namespace TinyVmaf.Features.Tests.MsSsim;

public sealed class MsSsimParityTests(ITestOutputHelper output) : SsimFamilyParityTests(output, "float_ms_ssim");
