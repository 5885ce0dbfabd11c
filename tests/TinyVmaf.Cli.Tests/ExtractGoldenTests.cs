using TinyVmaf.Features.Logs;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// The issues' acceptance check, end to end through the CLI: for every golden pair, <c>extract</c> with
/// the 22 FULL_FEATURES (the contract's list, <see cref="GoldenKeys"/>, not the registry's) and the vmaf_v0.6.1
/// teacher, compared frame by frame with libvmaf's log.
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
        var features = GoldenKeys.FullFeatures.Select(f => f.Feature).ToArray();
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip(SharedData.SourceOf(pair)), "--distorted", SharedData.GoldenClip(pair),
            "--features", string.Join(',', features), "--vmaf-model", SharedData.VmafModel, "--output", output);
        Assert.True(exit == 0, stderr);

        var ours = LibvmafLog.Read(output).Frames;
        var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
        Assert.Equal(golden.FrameCount, ours.FrameCount);
        Assert.True(golden.FrameCount > 0, $"{pair}: the golden log has no frames");
        var checks = GoldenKeys.FullFeatures.Select(f => (f.Key, Tolerance: GoldenTolerance.For(f.Feature))).Append(("vmaf", 1e-3));
        foreach (var (key, tolerance) in checks)
        {
            Assert.True(golden.HasKey(key), $"{pair}: the golden log has no '{key}'");
            GoldenComparisons.Record(golden.FrameCount);
            for (int frame = 0; frame < golden.FrameCount; frame++)
            {
                double expected = golden[frame, key], actual = ours[frame, key];
                bool same = double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) <= tolerance;
                Assert.True(same, $"{pair} frame {frame} {key}: libvmaf {expected:R}, ours {actual:R}");
            }
        }
    }
}
