using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Extraction;

public sealed class FeaturePipelineTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    private static FeatureTable Run(int threads, int subsample = 1, string pair = "coffee__x264", string source = "coffee")
    {
        using var reference = Y4mReader.Open(Path.Combine(Folder, source + ".y4m"));
        using var distorted = Y4mReader.Open(Path.Combine(Folder, pair + ".y4m"));
        return FeaturePipeline.Run(reference, distorted, new ExtractionOptions
        {
            Features = ExtractorRegistry.ImplementedFeatures,
            Threads = threads,
            Subsample = subsample,
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void One_and_several_threads_give_the_same_numbers()
    {
        var one = Run(threads: 1);
        var two = Run(threads: 2);
        var four = Run(threads: 4);

        Assert.Equal(one.Keys, two.Keys);
        foreach (string key in one.Keys)
        {
            Assert.Equal(one.Column(key).ToArray(), two.Column(key).ToArray());
            Assert.Equal(one.Column(key).ToArray(), four.Column(key).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Subsampling_computes_spatial_features_on_every_nth_frame_and_motion_on_all(int threads)
    {
        var full = Run(threads: 1);
        var sampled = Run(threads, subsample: 2);

        Assert.Equal(full.FrameCount, sampled.FrameCount);
        foreach (string key in full.Keys)
        {
            bool temporal = key.StartsWith("integer_motion", StringComparison.Ordinal);
            for (int frame = 0; frame < full.FrameCount; frame++)
            {
                if (temporal || frame % 2 == 0)
                {
                    Assert.Equal(full[frame, key], sampled[frame, key]);
                }
                else
                {
                    Assert.True(double.IsNaN(sampled[frame, key]), $"{key} was computed on skipped frame {frame}");
                }
            }
        }

        var kept = sampled.Subsample(2);
        Assert.Equal(2, kept.FrameCount);
        Assert.Equal(full[2, "psnr_y"], kept[1, "psnr_y"]);
    }

    [Fact]
    public void Clips_of_different_lengths_are_refused_naming_the_shorter()
    {
        var format = new FrameFormat(16, 16, ChromaSubsampling.Yuv420, 8);
        using var three = Y4mReader.FromStream(new MemoryStream(Video.Y4mWriter.Build(format, 3, "420")), "three.y4m");
        using var two = Y4mReader.FromStream(new MemoryStream(Video.Y4mWriter.Build(format, 2, "420")), "two.y4m");

        var error = Assert.Throws<VideoInputException>(() => FeaturePipeline.Run(three, two, new ExtractionOptions { Features = ["psnr_y"], Threads = 2 }, TestContext.Current.CancellationToken));
        Assert.Equal("two.y4m", error.Path);
        Assert.Contains("ends after 2 frames while three.y4m goes on", error.Message);
    }
}
