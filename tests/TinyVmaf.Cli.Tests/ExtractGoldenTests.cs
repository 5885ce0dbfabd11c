using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// The issues' acceptance check, end to end through the CLI: for every golden pair, <c>extract</c> with
/// every implemented feature and the vmaf_v0.6.1 teacher, compared frame by frame with libvmaf's log.
/// </summary>
public sealed class ExtractGoldenTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Pairs()
    {
        var pairs = new TheoryData<string>();
        if (SharedData.Root is null)
        {
            pairs.Add("(../shared absent)");
            return pairs;
        }

        foreach (string pair in SharedData.GoldenPairs())
        {
            pairs.Add(pair);
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Extract_matches_the_golden_libvmaf_log_on_every_frame(string pair)
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("out.json");
        var features = ExtractorRegistry.ImplementedFeatures;
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip(SharedData.SourceOf(pair)), "--distorted", SharedData.GoldenClip(pair),
            "--features", string.Join(',', features), "--vmaf-model", SharedData.VmafModel, "--output", output);
        Assert.True(exit == 0, stderr);

        var ours = LibvmafLog.Read(output).Frames;
        var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
        Assert.Equal(golden.FrameCount, ours.FrameCount);
        var checks = features.Select(name => (Key: FeatureNames.LibvmafKey(name), Tolerance: GoldenTolerance.For(name))).Append(("vmaf", 1e-3));
        foreach (var (key, tolerance) in checks)
        {
            for (int frame = 0; frame < golden.FrameCount; frame++)
            {
                double expected = golden[frame, key], actual = ours[frame, key];
                bool same = double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) <= tolerance;
                Assert.True(same, $"{pair} frame {frame} {key}: libvmaf {expected:R}, ours {actual:R}");
            }
        }
    }
}
