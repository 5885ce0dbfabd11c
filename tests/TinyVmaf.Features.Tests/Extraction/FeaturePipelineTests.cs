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

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Stored_and_piped_clips_of_different_lengths_are_refused_on_every_thread_count(bool storedReference, bool storedDistorted)
    {
        var format = new FrameFormat(16, 16, ChromaSubsampling.Yuv420, 8);
        using var folder = new TempFolder();
        foreach (int threads in new[] { 2, 3 })
        {
            using var five = Open(folder, "five.y4m", Video.Y4mWriter.Build(format, 5, "420"), storedReference);
            using var four = Open(folder, "four.y4m", Video.Y4mWriter.Build(format, 4, "420"), storedDistorted);

            var error = Assert.Throws<VideoInputException>(() => FeaturePipeline.Run(five, four, new ExtractionOptions { Features = ["psnr_y"], Threads = threads }, TestContext.Current.CancellationToken));
            Assert.EndsWith("four.y4m", error.Path);
            Assert.Contains("ends after 4 frames while", error.Message);
        }
    }

    [Fact]
    public void A_stored_clip_truncated_mid_frame_fails_with_the_readers_message_on_several_threads()
    {
        var format = new FrameFormat(32, 16, ChromaSubsampling.Yuv420, 8);
        byte[] whole = Video.Y4mWriter.Build(format, 6, "420", sample: Video.Y4mWriter.Pattern);
        using var folder = new TempFolder();
        using var reference = Open(folder, "whole.y4m", whole, stored: true);
        using var distorted = Open(folder, "cut.y4m", whole[..^100], stored: true);

        var error = Assert.Throws<VideoInputException>(() => FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = ["psnr_y", "motion"], Threads = 2 }, TestContext.Current.CancellationToken));
        Assert.Contains("truncated frame 5", error.Message);
    }

    [Fact]
    public void Stored_clips_give_on_several_threads_what_piped_ones_give_on_one()
    {
        var format = new FrameFormat(64, 48, ChromaSubsampling.Yuv420, 8);
        var random = new Random(3);
        byte[] reference = Video.Y4mWriter.Build(format, 7, "420", sample: (f, p, x, y) => (Video.Y4mWriter.Pattern(f, p, x, y) + random.Next(9)) % 256);
        byte[] distorted = Video.Y4mWriter.Build(format, 7, "420", sample: (f, p, x, y) => (Video.Y4mWriter.Pattern(f, p, x, y) + random.Next(30)) % 256);
        string[] features = ["psnr_y", "motion2", "adm2", "vif_scale0", "float_ssim"];
        using var folder = new TempFolder();

        FeatureTable Extract(bool stored, int threads)
        {
            using var r = Open(folder, $"r{threads}.y4m", reference, stored);
            using var d = Open(folder, $"d{threads}.y4m", distorted, stored);
            return FeaturePipeline.Run(r, d, new ExtractionOptions { Features = features, Threads = threads }, TestContext.Current.CancellationToken);
        }

        var piped = Extract(stored: false, threads: 1);
        foreach (int threads in new[] { 2, 3 })
        {
            var stored = Extract(stored: true, threads);
            Assert.Equal(piped.Keys, stored.Keys);
            foreach (string key in piped.Keys)
            {
                Assert.Equal(piped.Column(key).ToArray(), stored.Column(key).ToArray());
            }
        }
    }

    private static Y4mReader Open(TempFolder folder, string name, byte[] bytes, bool stored)
    {
        if (!stored)
        {
            return Y4mReader.FromStream(new MemoryStream(bytes), name);
        }

        string path = Path.Combine(folder.Path, name);
        File.WriteAllBytes(path, bytes);
        var reader = Y4mReader.Open(path);
        Assert.True(((IStoredFrameSource)reader).ReadsStoredFrames);
        return reader;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tinyvmaf-pipeline-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
