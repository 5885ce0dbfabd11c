using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Extraction;

/// <summary>
/// Every FULL_FEATURES name against the reference libvmaf log, on the golden subset bundled with the
/// tests (so that parity is checked even without ../shared). The list is the contract's (<see cref="GoldenKeys"/>),
/// each key must be in the golden log, and the test fails rather than skips when a feature is not implemented.
/// </summary>
public sealed class BundledGoldenParityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    [Theory]
    [InlineData("coffee", "coffee__x264", 1)]
    [InlineData("coffee", "coffee__x264", 2)]
    [InlineData("chelsea10", "chelsea10__x265", 1)]
    public void Every_full_feature_matches_libvmaf_on_the_bundled_frames(string source, string pair, int threads)
    {
        string[] features = GoldenKeys.FullFeatures.Select(f => f.Feature).ToArray();

        using var reference = Y4mReader.Open(Path.Combine(Folder, source + ".y4m"));
        using var distorted = Y4mReader.Open(Path.Combine(Folder, pair + ".y4m"));
        var table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = features, Threads = threads }, TestContext.Current.CancellationToken);
        var golden = LibvmafLog.Read(Path.Combine(Folder, pair + ".json")).Frames;

        Assert.Equal(3, table.FrameCount);
        Assert.True(golden.FrameCount >= table.FrameCount, $"{pair}.json has {golden.FrameCount} frames, fewer than the clip's {table.FrameCount}");
        int compared = 0;
        foreach (var (name, key) in GoldenKeys.FullFeatures)
        {
            Assert.True(golden.HasKey(key), $"{pair}.json has no '{key}'");
            int frames = GoldenTolerance.NeedsNextFrame(name) ? table.FrameCount - 1 : table.FrameCount;
            for (int frame = 0; frame < frames; frame++, compared++)
            {
                double expected = golden[frame, key], actual = table[frame, key];
                Assert.True(Math.Abs(expected - actual) <= GoldenTolerance.For(name),
                    $"{pair} frame {frame} {key}: libvmaf {expected:R}, ours {actual:R}");
            }
        }

        GoldenComparisons.Record(compared);
        Assert.Equal(22 * 3 - 2, compared);
    }
}
