using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.Psnr;

public sealed class PsnrParityTests(ITestOutputHelper output)
    : GoldenRunParityTests(output, GoldenParity.MotionAndPsnr, ["psnr_y", "psnr_cb", "psnr_cr"], tolerance: 1e-4);
