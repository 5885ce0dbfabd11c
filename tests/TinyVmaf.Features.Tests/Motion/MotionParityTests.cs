using TinyVmaf.Features.Tests.Golden;

namespace TinyVmaf.Features.Tests.Motion;

public sealed class MotionParityTests(ITestOutputHelper output)
    : GoldenRunParityTests(output, GoldenParity.MotionAndPsnr, ["integer_motion", "integer_motion2", "integer_motion3"], tolerance: 1e-5);
