namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimParityTests(ITestOutputHelper output) : SsimFamilyParityTests(output, "float_ssim");
