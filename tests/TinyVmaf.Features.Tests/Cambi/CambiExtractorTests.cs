using TinyVmaf.Features.Cambi;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Cambi;

public sealed class CambiExtractorTests
{
    [Fact]
    public void The_registry_finds_the_cambi_extractor_by_name_and_by_its_feature()
    {
        var byName = ExtractorRegistry.FindByName("cambi");
        Assert.NotNull(byName);
        Assert.Equal(["cambi"], byName.Keys);
        Assert.False(byName.IsTemporal);
        Assert.Same(byName, ExtractorRegistry.FindProvider("cambi"));
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void Scoring_a_frame_allocates_nothing(KernelPath kernels)
    {
        var format = new FrameFormat(331, 219, ChromaSubsampling.Yuv420, 8);
        var frame = CambiPictures.Banded(format, 1);
        using var extractor = new CambiExtractor(new ExtractorContext(format, kernels), CambiOptions.Default);
        var sink = new CountingSink();
        extractor.Extract(new FramePair(frame, frame, 0), sink);

        // The counter can move when a collection (started by another test's thread) retires this thread's
        // allocation context, so a frame is scored up to three times: an allocation per frame shows in all three.
        var allocated = new List<long>();
        for (int attempt = 1; attempt <= 3 && (allocated.Count == 0 || allocated[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            extractor.Extract(new FramePair(frame, frame, attempt), sink);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated[^1]);
        Assert.Equal(allocated.Count + 1, sink.Count);
    }

    [Fact]
    public void Only_the_distorted_frame_is_scored()
    {
        var format = new FrameFormat(384, 216, ChromaSubsampling.Yuv420, 10);
        var banded = CambiPictures.Banded(format, 2);
        var other = CambiPictures.Banded(format, 3);
        using var extractor = CambiExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
        var sink = new RecordingSink();

        extractor.Extract(new FramePair(banded, banded, 0), sink);
        extractor.Extract(new FramePair(other, banded, 1), sink);
        extractor.Extract(new FramePair(banded, other, 2), sink);

        Assert.Equal(sink[0, "cambi"], sink[1, "cambi"]);
        Assert.NotEqual(sink[0, "cambi"], sink[2, "cambi"]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    public void A_flat_picture_and_a_noisy_one_show_no_banding(int bitDepth)
    {
        var format = new FrameFormat(400, 240, ChromaSubsampling.Yuv444, bitDepth);
        var flat = new Frame(format);
        flat.Y.Data.AsSpan().Fill((ushort)(60 << (bitDepth - 8)));
        var noisy = new Frame(format);
        var random = new Random(1);
        for (int i = 0; i < noisy.Y.Data.Length; i++)
        {
            noisy.Y.Data[i] = (ushort)random.Next(1 << bitDepth);
        }

        using var extractor = CambiExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(flat, flat, 0), sink);
        extractor.Extract(new FramePair(noisy, noisy, 1), sink);

        Assert.Equal(0.0, sink[0, "cambi"]);
        Assert.Equal(0.0, sink[1, "cambi"]);
    }

    [Fact]
    public void Two_dark_bands_one_code_value_apart_score_as_the_contrast_formula_says()
    {
        // Left half 64, right half 65 (10 bits, just above black): every pixel is flat and in the mask, and at
        // each pixel within the window of the edge the contrast is w·p0·p1/(p0 + p1) with w = 1 for a step of one.
        var format = new FrameFormat(384, 216, ChromaSubsampling.Yuv444, 10);
        var frame = new Frame(format);
        for (int y = 0; y < format.Height; y++)
        {
            var row = frame.Y.MutableRow(y);
            for (int x = 0; x < format.Width; x++)
            {
                row[x] = (ushort)(x < format.Width / 2 ? 64 : 65);
            }
        }

        using var extractor = new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), CambiOptions.Default);
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(frame, frame, 0), sink);

        // Scale 0 has a 7x7 window (pad 3). Only column 191 has a nonzero derivative (its right neighbour differs).
        var scorer = extractor.Scorer;
        Assert.Equal(7, scorer.WindowSize);
        double expectedScale0 = ExpectedEdgeScale(format.Width, format.Height, pad: 3, CambiFilters.MaskIndex(format.Width, format.Height));
        Assert.True(Math.Abs(expectedScale0 - scorer.ScaleScores[0]) < 1e-5, $"scale 0: ours {scorer.ScaleScores[0]}, by hand {expectedScale0}");
        Assert.True(expectedScale0 > 0);
        Assert.True(sink[0, "cambi"] > 0);
    }

    [Theory]
    [InlineData(215, 215)]
    [InlineData(100, 200)]
    public void A_picture_under_216_on_both_sides_is_refused(int width, int height)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);
        var error = Assert.Throws<ArgumentException>(() => new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), CambiOptions.Default));
        Assert.Contains("at least 216", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_picture_too_wide_for_its_coarsest_scale_is_refused()
    {
        // 3840x216: window 43, pad 21, but the fifth scale is 240x14; libvmaf reads outside its buffers there.
        var format = new FrameFormat(3840, 216, ChromaSubsampling.Yuv420, 8);
        var error = Assert.Throws<ArgumentException>(() => new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), CambiOptions.Default));
        Assert.Contains("240x14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_larger_than_the_reciprocal_table_is_refused_even_when_the_encoding_size_is_smaller()
    {
        // 8K: the window grows to 131 pixels, whose square passes libvmaf's table of 4226 reciprocals.
        var format = new FrameFormat(7680, 4320, ChromaSubsampling.Yuv420, 8);
        var options = CambiOptions.Default with { EncWidth = 1920, EncHeight = 1080 };
        var error = Assert.Throws<ArgumentException>(() => new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), options));
        Assert.Contains("window_size 131", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_above_the_bit_depth_are_refused()
    {
        var format = new FrameFormat(384, 216, ChromaSubsampling.Yuv420, 10);
        var frame = CambiPictures.Banded(format, 4);
        frame.Y.Data[1000] = 1024;
        using var extractor = CambiExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto));

        var error = Assert.Throws<ArgumentException>(() => extractor.Extract(new FramePair(frame, frame, 0), new RecordingSink()));
        Assert.Contains("above 1023", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_outside_libvmafs_ranges_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { WindowSize = 14 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { WindowSize = 128 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { Topk = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { TviThreshold = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { MaxLogContrast = 6 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { EncWidth = 179 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { EncHeight = 7681 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { EncBitDepth = 5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CambiOptions { CambiMaxVal = 1001 });
    }

    [Theory]
    [InlineData(384, 216, 7)]      // ((65 · 600) / 375) >> 4 = 6, made odd
    [InlineData(1920, 1080, 33)]   // ((65 · 3000) / 375) >> 4 = 32, made odd
    [InlineData(3840, 2160, 65)]
    public void The_window_is_rescaled_from_4k_to_the_encoding_size(int width, int height, int expected) =>
        Assert.Equal(expected, CambiScorer.AdjustWindowSize(65, width, height));

    /// <summary>
    /// The scale-0 pooled c-value of the two-band picture, counted by hand: at a masked pixel whose window reaches
    /// across the edge, p0 counts its own side, p1 the other side, and c = p0·p1/(p0 + p1) (weight 1); c is 0
    /// elsewhere. Windows are clipped at the picture's edges; the mask is computed from its definition.
    /// </summary>
    private static double ExpectedEdgeScale(int width, int height, int pad, int maskIndex)
    {
        int edge = width / 2;
        int Value(int x) => x < edge ? 64 : 65;
        var masked = new bool[width, height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int flat = 0;
                for (int yy = Math.Max(y - 3, 0); yy <= Math.Min(y + 3, height - 1); yy++)
                {
                    for (int xx = Math.Max(x - 3, 0); xx <= Math.Min(x + 3, width - 1); xx++)
                    {
                        flat += xx == width - 1 || Value(xx) == Value(xx + 1) ? 1 : 0;
                    }
                }

                masked[x, y] = flat > maskIndex;
            }
        }

        var values = new List<double>();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int own = 0, other = 0;
                for (int yy = Math.Max(y - pad, 0); yy <= Math.Min(y + pad, height - 1) && masked[x, y]; yy++)
                {
                    for (int xx = Math.Max(x - pad, 0); xx <= Math.Min(x + pad, width - 1); xx++)
                    {
                        if (masked[xx, yy])
                        {
                            own += Value(xx) == Value(x) ? 1 : 0;
                            other += Value(xx) == Value(x) ? 0 : 1;
                        }
                    }
                }

                values.Add(own + other == 0 ? 0 : (double)own * other / (own + other));
            }
        }

        int k = (int)(0.6 * values.Count);
        return values.OrderDescending().Take(k).Sum() / k;
    }

    private sealed class CountingSink : IFeatureSink
    {
        public int Count { get; private set; }

        public void Write(int frameIndex, string libvmafKey, double value) => Count++;
    }
}
