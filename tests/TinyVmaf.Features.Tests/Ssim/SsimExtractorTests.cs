using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Ssim;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimExtractorTests
{
    [Fact]
    public void The_registry_finds_float_ssim_by_name_and_by_its_key()
    {
        var byName = ExtractorRegistry.FindByName("float_ssim");

        Assert.NotNull(byName);
        Assert.Equal(["float_ssim"], byName.Keys);
        Assert.False(byName.IsTemporal);
        Assert.Same(byName, ExtractorRegistry.FindProvider("float_ssim"));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    public void A_picture_identical_to_its_reference_scores_exactly_1_as_in_libvmafs_identity_logs(int bitDepth)
    {
        var format = new FrameFormat(61, 47, ChromaSubsampling.Yuv420, bitDepth);
        var (reference, _) = SyntheticPictures.Pair(format, 7);

        foreach (var kernels in new[] { KernelPath.Auto, KernelPath.Scalar })
        {
            var sink = new RecordingSink();
            using var extractor = SsimExtractor.Descriptor.Create(new ExtractorContext(format, kernels));
            extractor.Extract(new FramePair(reference, reference, 3), sink);

            Assert.Equal(1.0, sink[3, "float_ssim"]);
        }
    }

    [Fact]
    public void A_distorted_picture_scores_below_1()
    {
        var format = new FrameFormat(61, 47, ChromaSubsampling.Yuv420, 8);
        var (reference, distorted) = SyntheticPictures.Pair(format, 7);
        var sink = new RecordingSink();
        using var extractor = SsimExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));

        extractor.Extract(new FramePair(reference, distorted, 0), sink);

        Assert.InRange(sink[0, "float_ssim"], 0.5, 0.9999);
    }

    [Theory]
    [InlineData(97, 61, 8)]
    [InlineData(530, 400, 10)]
    public void Both_kernel_paths_agree_within_one_single_precision_ulp(int width, int height, int bitDepth)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        var (reference, distorted) = SyntheticPictures.Pair(format, 11);

        // The downscaling and both filter passes are equal; only the order of pooling differs, and the score is
        // the pooled mean rounded to single precision.
        float expected = (float)new SsimExtractor(new ExtractorContext(format, KernelPath.Scalar), SsimOptions.Default).Compute(reference.Y, distorted.Y);
        float actual = (float)new SsimExtractor(new ExtractorContext(format, KernelPath.Auto), SsimOptions.Default).Compute(reference.Y, distorted.Y);

        Assert.True(
            actual == expected || actual == MathF.BitIncrement(expected) || actual == MathF.BitDecrement(expected),
            $"scalar {expected:R}, vector {actual:R}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Computing_a_frame_allocates_nothing(bool downscaled)
    {
        var format = downscaled ? new FrameFormat(530, 400, ChromaSubsampling.Yuv420, 10) : new FrameFormat(75, 41, ChromaSubsampling.Yuv420, 10);
        var (reference, distorted) = SyntheticPictures.Pair(format, 2);
        foreach (var kernels in new[] { KernelPath.Auto, KernelPath.Scalar })
        {
            var extractor = new SsimExtractor(new ExtractorContext(format, kernels), SsimOptions.Default);
            Assert.Equal(downscaled ? 2 : 1, extractor.Factor);
            extractor.Compute(reference.Y, distorted.Y);

            long before = GC.GetAllocatedBytesForCurrentThread();
            extractor.Compute(reference.Y, distorted.Y);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Theory]
    [InlineData(10, 40, 0)]
    [InlineData(40, 10, 0)]
    [InlineData(100, 100, 10)]
    [InlineData(1920, 1080, 0)]
    public void A_picture_whose_map_would_be_empty_is_refused(int width, int height, int scale)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);
        if (width == 1920)
        {
            // 1080p downscales to 480x270: fine.
            using var fine = new SsimExtractor(new ExtractorContext(format, KernelPath.Auto), new SsimOptions { Scale = scale });
            return;
        }

        var error = Assert.Throws<ArgumentException>(
            () => new SsimExtractor(new ExtractorContext(format, KernelPath.Auto), new SsimOptions { Scale = scale }));
        Assert.Contains("at least 11x11", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(14)]
    public void Bit_depths_libvmaf_would_misread_are_refused(int bitDepth)
    {
        var format = new FrameFormat(64, 64, ChromaSubsampling.Yuv420, bitDepth);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SsimExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
        Assert.Contains("8, 10, 12 or 16", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void The_scale_option_must_lie_in_libvmafs_range(int scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SsimOptions { Scale = scale });

    [Theory]
    [InlineData(8, 1f)]
    [InlineData(10, 0.25f)]
    [InlineData(12, 1f / 16)]
    [InlineData(16, 1f / 256)]
    public void Samples_are_brought_to_the_8_bit_range_by_a_power_of_two(int bitDepth, float scale) =>
        Assert.Equal(scale, FloatLuma.Scale(bitDepth));
}
