using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Motion;

public sealed class MotionExtractorTests
{
    private static readonly FrameFormat Format = new(24, 16, ChromaSubsampling.Yuv420, 8);

    [Fact]
    public void The_defaults_are_libvmafs()
    {
        var options = MotionOptions.Default;

        Assert.True(options.Debug);
        Assert.False(options.MotionForceZero);
        Assert.False(options.MotionMovingAverage);
        Assert.Equal(1.0, options.MotionBlendFactor);
        Assert.Equal(40.0, options.MotionBlendOffset);
        Assert.Equal(1.0, options.MotionFpsWeight);
        Assert.Equal(10000.0, options.MotionMaxVal);
    }

    [Fact]
    public void Motion2_is_the_smaller_neighbouring_score_and_motion3_backfills_frame_zero()
    {
        // Flat frames blur to exactly level·256, so each score is exactly the step in level: 10, 30, 5, 0.
        var sink = Run(MotionOptions.Default, 0, 10, 40, 45, 45);

        Assert.Equal([0, 10, 30, 5, 0], Column(sink, "integer_motion"));
        Assert.Equal([0, 10, 5, 0, 0], Column(sink, "integer_motion2"));
        Assert.Equal([10, 10, 5, 0, 0], Column(sink, "integer_motion3"));
    }

    [Fact]
    public void Motion3_blends_towards_the_offset_and_averages_when_asked()
    {
        // blend(s) = s·f + (1 − f)·min(offset, s): with f = 0.5 and offset 8, 10 → 9 and 5 → 5.
        var blended = Run(MotionOptions.Default with { MotionBlendFactor = 0.5, MotionBlendOffset = 8 }, 0, 10, 40, 45, 45);
        Assert.Equal([9, 9, 5, 0, 0], Column(blended, "integer_motion3"));
        Assert.Equal([0, 10, 5, 0, 0], Column(blended, "integer_motion2"));

        // The moving average pairs each blended score with the one before it, but never frame 0's back-fill.
        var averaged = Run(MotionOptions.Default with { MotionMovingAverage = true }, 0, 10, 40, 45, 45);
        Assert.Equal([10, 10, 7.5, 2.5, 0], Column(averaged, "integer_motion3"));
    }

    [Fact]
    public void A_one_frame_clip_scores_zero_everywhere()
    {
        var sink = Run(MotionOptions.Default, 50);

        Assert.Equal(0, sink[0, "integer_motion"]);
        Assert.Equal(0, sink[0, "integer_motion2"]);
        Assert.Equal(0, sink[0, "integer_motion3"]);
    }

    [Fact]
    public void Without_debug_the_raw_motion_is_not_written()
    {
        var sink = Run(MotionOptions.Default with { Debug = false }, 0, 10, 20);

        Assert.DoesNotContain("integer_motion", sink.Writes.Select(w => w.Key));
        Assert.Equal(3, sink.Writes.Count(w => w.Key == "integer_motion2"));
    }

    [Fact]
    public void Force_zero_writes_zero_for_every_frame_and_nothing_at_flush()
    {
        var sink = Run(MotionOptions.Default with { MotionForceZero = true }, 0, 100, 200);

        Assert.Equal(9, sink.Writes.Count);
        Assert.All(sink.Writes, w => Assert.Equal(0, w.Value));
    }

    [Fact]
    public void The_fps_weight_and_max_val_scale_and_clip_every_score()
    {
        // Steps 3 and 6, doubled to 6 and 12, clipped at 10.
        var sink = Run(MotionOptions.Default with { MotionFpsWeight = 2, MotionMaxVal = 10 }, 0, 3, 9);

        Assert.Equal([0, 6, 10], Column(sink, "integer_motion"));
        Assert.Equal([0, 6, 10], Column(sink, "integer_motion2"));
        Assert.Equal([6, 6, 10], Column(sink, "integer_motion3"));
    }

    [Fact]
    public void The_distorted_frame_plays_no_part()
    {
        var a = Run(MotionOptions.Default, [0, 10, 30], distortedLevel: 0);
        var b = Run(MotionOptions.Default, [0, 10, 30], distortedLevel: 200);

        Assert.Equal(a.Writes, b.Writes);
    }

    [Fact]
    public void Frames_out_of_order_are_refused()
    {
        using var motion = new MotionExtractor(new ExtractorContext(Format, KernelPath.Auto), MotionOptions.Default);
        var sink = new RecordingSink();
        motion.Extract(Pair(0, 0), sink);

        Assert.Throws<InvalidOperationException>(() => motion.Extract(Pair(0, 2), sink));
    }

    [Fact]
    public void Frames_smaller_than_the_filter_are_refused()
    {
        var tiny = new FrameFormat(2, 8, ChromaSubsampling.Yuv444, 8);

        var error = Assert.Throws<ArgumentException>(() => new MotionExtractor(new ExtractorContext(tiny, KernelPath.Auto), MotionOptions.Default));
        Assert.Contains("2x8", error.Message);
    }

    private static RecordingSink Run(MotionOptions options, params int[] levels) => Run(options, levels, distortedLevel: 0);

    private static double[] Column(RecordingSink sink, string key) =>
        sink.Writes.Where(w => w.Key == key).OrderBy(w => w.Frame).Select(w => w.Value).ToArray();

    /// <summary>Runs flat frames of the given luma levels through the extractor, in order, and flushes.</summary>
    private static RecordingSink Run(MotionOptions options, int[] levels, int distortedLevel)
    {
        using var motion = new MotionExtractor(new ExtractorContext(Format, KernelPath.Auto), options);
        var sink = new RecordingSink();
        for (int f = 0; f < levels.Length; f++)
        {
            motion.Extract(Pair(levels[f], f, distortedLevel), sink);
        }

        motion.Flush(sink);
        return sink;
    }

    private static FramePair Pair(int level, int index, int distortedLevel = 0)
    {
        var reference = new Frame(Format);
        var distorted = new Frame(Format);
        for (int y = 0; y < Format.Height; y++)
        {
            reference.Y.MutableRow(y).Fill((ushort)level);
            distorted.Y.MutableRow(y).Fill((ushort)distortedLevel);
        }

        return new FramePair(reference, distorted, index);
    }
}
