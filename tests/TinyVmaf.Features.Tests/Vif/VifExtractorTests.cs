using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Features.Tests.Video;
using TinyVmaf.Features.Vif;

namespace TinyVmaf.Features.Tests.Vif;

public sealed class VifExtractorTests
{
    [Fact]
    public void The_registry_finds_the_vif_extractor_by_name_and_by_each_scale()
    {
        var byName = ExtractorRegistry.FindByName("vif");
        Assert.NotNull(byName);
        Assert.Equal(["integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3"], byName.Keys);
        Assert.False(byName.IsTemporal);
        foreach (string feature in new[] { "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3" })
        {
            Assert.Same(byName, ExtractorRegistry.FindProvider(feature));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Computing_a_frame_allocates_nothing(bool useSimd)
    {
        const int width = 67, height = 45;
        var random = new Random(3);
        var reference = new ushort[width * height];
        var distorted = new ushort[width * height];
        for (int i = 0; i < reference.Length; i++)
        {
            reference[i] = (ushort)random.Next(1024);
            distorted[i] = (ushort)Math.Clamp(reference[i] + random.Next(-40, 41), 0, 1023);
        }

        var pyramid = new VifPyramid(width, height, 10, useSimd);
        var scales = new VifAccumulator[4];
        pyramid.Compute(reference, distorted, width, scales);

        long before = GC.GetAllocatedBytesForCurrentThread();
        pyramid.Compute(reference, distorted, width, scales);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_picture_identical_to_its_reference_keeps_all_its_information_on_every_scale()
    {
        const int width = 48, height = 40;
        var random = new Random(5);
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv420, 8);
        var frame = new Frame(format);
        for (int i = 0; i < frame.Y.Data.Length; i++)
        {
            frame.Y.Data[i] = (ushort)random.Next(256);
        }

        var sink = new ListSink();
        using var extractor = VifExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
        extractor.Extract(new FramePair(frame, frame, 7), sink);

        // Noise everywhere puts every pixel in the log branch, where an identical twin has a gain of 1 and no
        // residual noise; only the fixed-point truncations keep the ratio from being exactly 1.
        Assert.Equal(VifExtractor.Keys, sink.Values.Select(v => v.Key));
        Assert.All(sink.Values, v => Assert.Equal(7, v.Frame));
        Assert.All(sink.Values, v => Assert.InRange(v.Value, 0.999, 1.0));
    }

    [Theory]
    [InlineData(48, 40)]
    [InlineData(67, 45)]
    public void Frames_read_from_8_bit_video_are_scored_from_their_bytes_as_the_scalar_path_scores_them(int width, int height)
    {
        // 4:4:4, so that odd sizes are allowed.
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);
        var random = new Random(width + height);
        byte[] reference = Y4mWriter.Build(format, 3, "444", sample: (_, _, _, _) => random.Next(256));
        byte[] distorted = Y4mWriter.Build(format, 3, "444", sample: (f, _, x, y) => f == 1 ? (x + y) % 2 * 255 : random.Next(256));
        using var referenceBytes = Y4mReader.FromStream(new MemoryStream(reference), "r.y4m");
        using var distortedBytes = Y4mReader.FromStream(new MemoryStream(distorted), "d.y4m");
        using var referenceSamples = Y4mReader.FromStream(new MemoryStream(reference), "r.y4m");
        using var distortedSamples = Y4mReader.FromStream(new MemoryStream(distorted), "d.y4m");
        FramePair bytes = new(Frame.ForSource(referenceBytes), Frame.ForSource(distortedBytes), 0);
        FramePair samples = new(new Frame(format), new Frame(format), 0);
        using var vector = VifExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
        using var scalar = VifExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Scalar));
        var fromBytes = new ListSink();
        var fromScalar = new ListSink();
        vector.Extract(new FramePair(new Frame(format), new Frame(format), 0), new ListSink());
        for (int f = 0; f < 3; f++)
        {
            Assert.True(referenceBytes.ReadFrame(bytes.Reference) && distortedBytes.ReadFrame(bytes.Distorted));
            Assert.True(referenceSamples.ReadFrame(samples.Reference) && distortedSamples.ReadFrame(samples.Distorted));
            Assert.NotNull(bytes.Reference.Y.Bytes);

            // The samples' first widening would allocate their 16-bit buffer: none means Data was never asked for.
            long before = GC.GetAllocatedBytesForCurrentThread();
            vector.Extract(bytes with { Index = f }, fromBytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (VifVectorKernel.IsSupported)
            {
                Assert.True(allocated < width * height * 2, $"{allocated} bytes allocated: the luma was widened");
            }

            scalar.Extract(samples with { Index = f }, fromScalar);
        }

        Assert.Equal(fromScalar.Values, fromBytes.Values);
    }

    [Theory]
    [InlineData(15, 100)]
    [InlineData(100, 15)]
    public void A_picture_too_small_for_the_coarsest_scale_is_refused(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => new VifPyramid(width, height, 8, useSimd: true));
        Assert.Contains("at least 16x16", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(100.5)]
    public void The_enhancement_gain_limit_must_lie_in_libvmafs_range(double limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VifOptions { EnhancementGainLimit = limit });

    private sealed class ListSink : IFeatureSink
    {
        public List<(int Frame, string Key, double Value)> Values { get; } = [];

        public void Write(int frameIndex, string libvmafKey, double value) => Values.Add((frameIndex, libvmafKey, value));
    }
}
