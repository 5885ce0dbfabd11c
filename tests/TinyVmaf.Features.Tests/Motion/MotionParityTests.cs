using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Motion;

public sealed class MotionParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static readonly string[] Keys = ["integer_motion", "integer_motion2", "integer_motion3"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Motion_matches_libvmaf_on_every_frame_of_every_golden_pair(int threads)
    {
        SharedData.RequireOrSkip();

        var worst = GoldenParity.Measure(GoldenParity.MotionAndPsnr, Keys, threads);

        foreach (var w in worst)
        {
            output.WriteLine(GoldenParity.Describe(w));
        }

        Assert.All(worst, w => Assert.True(w.Delta <= Tolerance, GoldenParity.Describe(w)));
    }
}
