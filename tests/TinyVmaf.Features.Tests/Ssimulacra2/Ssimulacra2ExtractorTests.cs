using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Ssimulacra2;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

public sealed class Ssimulacra2ExtractorTests
{
    [Fact]
    public void The_registry_finds_the_ssimulacra2_extractor_by_name_and_by_feature()
    {
        var byName = ExtractorRegistry.FindByName("ssimulacra2");
        Assert.NotNull(byName);
        Assert.Equal(["ssimulacra2"], byName.Keys);
        Assert.False(byName.IsTemporal);
        Assert.Same(byName, ExtractorRegistry.FindProvider("ssimulacra2"));
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void A_picture_scores_exactly_100_against_itself(KernelPath kernels)
    {
        var format = new FrameFormat(45, 31, ChromaSubsampling.Yuv420, 10);
        var frame = RandomFrames.Reference(format, seed: 4);
        var copy = RandomFrames.Reference(format, seed: 4);
        var sink = new ListSink();
        using var extractor = Ssimulacra2Extractor.Descriptor.Create(new ExtractorContext(format, kernels));
        extractor.Extract(new FramePair(frame, copy, 9), sink);

        // Identical blurred signals make SSIM's ratio exactly 1 and both edge maps exactly 0.
        var value = Assert.Single(sink.Values);
        Assert.Equal((9, "ssimulacra2", 100.0), value);
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void More_distortion_scores_lower(KernelPath kernels)
    {
        var format = new FrameFormat(64, 48, ChromaSubsampling.Yuv444, 8);
        var reference = RandomFrames.Reference(format, seed: 5);
        using var extractor = new Ssimulacra2Extractor(new ExtractorContext(format, kernels), Ssimulacra2Options.Default);
        double[] scores = [.. new[] { 2, 8, 32 }.Select(noise => extractor.Score(reference, RandomFrames.Distorted(reference, noise, seed: 6)))];
        Assert.True(scores[0] > scores[1] && scores[1] > scores[2], string.Join(", ", scores));
        Assert.True(scores[0] < 100.0);
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void Computing_a_frame_allocates_nothing(KernelPath kernels)
    {
        var format = new FrameFormat(67, 45, ChromaSubsampling.Yuv420, 10);
        var reference = RandomFrames.Reference(format, seed: 7);
        var distorted = RandomFrames.Distorted(reference, noise: 10, seed: 8);
        using var extractor = new Ssimulacra2Extractor(new ExtractorContext(format, kernels), Ssimulacra2Options.Default);
        var sink = new NullSink();
        extractor.Extract(new FramePair(reference, distorted, 0), sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        extractor.Extract(new FramePair(reference, distorted, 1), sink);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(7, 100)]
    [InlineData(100, 7)]
    [InlineData(4, 4)]
    public void A_picture_smaller_than_the_finest_scale_is_refused(int width, int height)
    {
        // The fork computes no scale for it and reports 100 as if the pictures were identical.
        var context = new ExtractorContext(new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8), KernelPath.Auto);
        var error = Assert.Throws<ArgumentException>(() => Ssimulacra2Extractor.Descriptor.Create(context));
        Assert.Contains("at least 8x8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_picture_without_chroma_is_refused()
    {
        var context = new ExtractorContext(new FrameFormat(64, 64, ChromaSubsampling.Mono, 8), KernelPath.Auto);
        var error = Assert.Throws<ArgumentException>(() => Ssimulacra2Extractor.Descriptor.Create(context));
        Assert.Contains("no chroma", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1920, 1080, 6, 60, 34)]
    [InlineData(384, 216, 5, 24, 14)]
    [InlineData(8, 8, 1, 8, 8)]
    [InlineData(20, 9, 1, 20, 9)]
    [InlineData(15, 15, 2, 8, 8)]
    public void Scales_halve_rounding_up_while_both_sides_stay_at_least_8(int width, int height, int count, int lastWidth, int lastHeight)
    {
        var scales = Ssimulacra2Extractor.ScaleSizes(width, height);
        Assert.Equal(count, scales.Length);
        Assert.Equal((lastWidth, lastHeight), scales[^1]);
    }

    private sealed class ListSink : IFeatureSink
    {
        public List<(int Frame, string Key, double Value)> Values { get; } = [];

        public void Write(int frameIndex, string libvmafKey, double value) => Values.Add((frameIndex, libvmafKey, value));
    }

    private sealed class NullSink : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value)
        {
        }
    }
}
