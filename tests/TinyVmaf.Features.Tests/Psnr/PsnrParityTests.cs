using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Psnr;

public sealed class PsnrParityTests(ITestOutputHelper output)
{
    private const double ToleranceDb = 1e-4;

    private static readonly string[] Keys = ["psnr_y", "psnr_cb", "psnr_cr"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Psnr_matches_libvmaf_on_every_frame_of_every_golden_pair(int threads)
    {
        SharedData.RequireOrSkip();

        var worst = GoldenParity.Measure(GoldenParity.MotionAndPsnr, Keys, threads);

        foreach (var w in worst)
        {
            output.WriteLine(GoldenParity.Describe(w));
        }

        Assert.All(worst, w => Assert.True(w.Delta <= ToleranceDb, GoldenParity.Describe(w)));
    }
}
