using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Tests.Golden;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ciede;

public sealed class CiedeParityTests(ITestOutputHelper output)
{
    /// <summary>The bar of the issue.</summary>
    private const double Tolerance = 1e-3;

    /// <summary>
    /// The scalar kernel is libvmaf's arithmetic calling the platform's libm as libvmaf does: with glibc it
    /// reproduces the golden logs bit for bit (|Δ| = 0); another libm may round a rare pixel differently.
    /// </summary>
    internal const double ScalarTolerance = 1e-9;

    private static readonly string[] Features = ["ciede2000"];

    [Fact]
    public void Ciede2000_matches_libvmaf_on_every_frame_of_every_golden_pair()
    {
        SharedData.RequireOrSkip();

        var worst = GoldenParity.Measure(Features, ["ciede2000"], threads: 2).Single();

        output.WriteLine(GoldenParity.Describe(worst));
        Assert.True(worst.Delta <= Tolerance, GoldenParity.Describe(worst));
    }

    [Theory]
    [InlineData("coffee__x264")]
    [InlineData("chelsea10__x265")]
    [InlineData("rocket422__x265")]
    [InlineData("moto444__libvpx-vp9")]
    public void The_scalar_kernel_matches_libvmaf_on_a_pair_of_each_format(string pair)
    {
        SharedData.RequireOrSkip();

        var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames.Column("ciede2000");
        using var reference = Y4mReader.Open(SharedData.GoldenClip(SharedData.SourceOf(pair)));
        using var distorted = Y4mReader.Open(SharedData.GoldenClip(pair));
        var ours = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
        {
            Features = Features, Threads = 2, Kernels = KernelPath.Scalar,
        }, TestContext.Current.CancellationToken).Column("ciede2000");

        double worst = 0;
        for (int f = 0; f < golden.Length; f++)
        {
            worst = Math.Max(worst, GoldenParity.FrameDelta(golden[f], ours[f]));
        }

        output.WriteLine($"{pair}: max |Δ| {worst:G3} over {golden.Length} frames");
        Assert.True(worst <= ScalarTolerance, $"{pair}: max |Δ| {worst:G3}");
    }
}
