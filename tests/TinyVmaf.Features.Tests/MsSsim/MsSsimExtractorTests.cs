using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.MsSsim;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Tests.Ssim;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.MsSsim;

public sealed class MsSsimExtractorTests
{
    [Fact]
    public void The_registry_finds_float_ms_ssim_by_name_and_by_its_key()
    {
        var byName = ExtractorRegistry.FindByName("float_ms_ssim");

        Assert.NotNull(byName);
        Assert.Equal(["float_ms_ssim"], byName.Keys);
        Assert.False(byName.IsTemporal);
        Assert.Same(byName, ExtractorRegistry.FindProvider("float_ms_ssim"));
    }

    [Theory]
    [InlineData(175, 400)]
    [InlineData(400, 175)]
    [InlineData(100, 100)]
    public void A_picture_too_small_for_five_scales_is_refused_as_libvmaf_refuses_it(int width, int height)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);

        var error = Assert.Throws<ArgumentException>(() => MsSsimExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
        Assert.Contains("at least 176x176", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_smallest_accepted_picture_keeps_the_window_inside_every_scale()
    {
        var format = new FrameFormat(176, 176, ChromaSubsampling.Yuv444, 8);
        var (reference, distorted) = SyntheticPictures.Pair(format, 5);
        var sink = new RecordingSink();
        using var extractor = MsSsimExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));

        extractor.Extract(new FramePair(reference, distorted, 0), sink);

        Assert.InRange(sink[0, "float_ms_ssim"], 0.5, 0.9999);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(14)]
    public void Bit_depths_libvmaf_would_misread_are_refused(int bitDepth)
    {
        var format = new FrameFormat(200, 200, ChromaSubsampling.Yuv420, bitDepth);

        Assert.Throws<ArgumentOutOfRangeException>(() => MsSsimExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
    }

    [Fact]
    public void Computing_a_frame_allocates_nothing()
    {
        var format = new FrameFormat(203, 181, ChromaSubsampling.Yuv420, 10);
        var (reference, distorted) = SyntheticPictures.Pair(format, 3);
        foreach (var kernels in new[] { KernelPath.Auto, KernelPath.Scalar })
        {
            var extractor = new MsSsimExtractor(new ExtractorContext(format, kernels), MsSsimOptions.Default);
            extractor.Compute(reference.Y, distorted.Y);

            long before = GC.GetAllocatedBytesForCurrentThread();
            extractor.Compute(reference.Y, distorted.Y);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Both_kernel_paths_agree_within_a_few_single_precision_ulps()
    {
        var format = new FrameFormat(301, 233, ChromaSubsampling.Yuv444, 10);
        var (reference, distorted) = SyntheticPictures.Pair(format, 9);
        var scalar = new MsSsimExtractor(new ExtractorContext(format, KernelPath.Scalar), MsSsimOptions.Default);
        var vector = new MsSsimExtractor(new ExtractorContext(format, KernelPath.Auto), MsSsimOptions.Default);

        double expected = scalar.Compute(reference.Y, distorted.Y);
        double actual = vector.Compute(reference.Y, distorted.Y);

        // The pyramids and filtered maps are equal; each pooled mean may move by one float ulp (at most 6e-8 of
        // a value below 1). The exponents of c over the scales sum to 1.0001, those of s too, and l's is 0.1333,
        // so the score moves by at most about 2.13 · 6e-8 = 1.3e-7.
        Assert.Equal(expected, actual, 1.3e-7);
    }
}
