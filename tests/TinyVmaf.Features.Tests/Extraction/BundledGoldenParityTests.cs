using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Extraction;

/// <summary>
/// Every implemented feature against the reference libvmaf log, on the golden subset bundled with the
/// tests (so that parity is checked even without ../shared).
/// </summary>
public sealed class BundledGoldenParityTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    [Theory]
    [InlineData("coffee", "coffee__x264", 1)]
    [InlineData("coffee", "coffee__x264", 2)]
    [InlineData("chelsea10", "chelsea10__x265", 1)]
    public void Every_implemented_feature_matches_libvmaf_on_the_bundled_frames(string source, string pair, int threads)
    {
        var features = ExtractorRegistry.ImplementedFeatures;
        Assert.SkipWhen(features.Count == 0, "no extractor is registered yet");

        using var reference = Y4mReader.Open(Path.Combine(Folder, source + ".y4m"));
        using var distorted = Y4mReader.Open(Path.Combine(Folder, pair + ".y4m"));
        var table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = features, Threads = threads }, TestContext.Current.CancellationToken);
        var golden = LibvmafLog.Read(Path.Combine(Folder, pair + ".json")).Frames;

        Assert.Equal(3, table.FrameCount);
        foreach (string name in features)
        {
            string key = FeatureNames.LibvmafKey(name);
            int frames = GoldenTolerance.NeedsNextFrame(name) ? table.FrameCount - 1 : table.FrameCount;
            for (int frame = 0; frame < frames; frame++)
            {
                double expected = golden[frame, key], actual = table[frame, key];
                Assert.True(Math.Abs(expected - actual) <= GoldenTolerance.For(name),
                    $"{pair} frame {frame} {key}: libvmaf {expected:R}, ours {actual:R}");
            }
        }
    }
}
