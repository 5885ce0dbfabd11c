using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatMotion;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.FloatMotion;

public sealed class FloatMotionExtractorTests
{
    private static readonly FrameFormat Format = new(64, 48, ChromaSubsampling.Yuv420, 8);

    private static Frame Picture(int seed)
    {
        var frame = new Frame(Format);
        var random = new Random(seed);
        for (int p = 0; p < 3; p++)
        {
            var data = frame[p].Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (ushort)random.Next(256);
            }
        }

        return frame;
    }

    private static RecordingSink Run(FloatMotionOptions options, params Frame[] frames)
    {
        using var extractor = FloatMotionExtractor.Describe(options, "_s").Create(new ExtractorContext(Format, KernelPath.Auto));
        var sink = new RecordingSink();
        for (int i = 0; i < frames.Length; i++)
        {
            extractor.Extract(new FramePair(frames[i], frames[i], i), sink);
        }

        extractor.Flush(sink);
        return sink;
    }

    [Fact]
    public void A_still_clip_has_no_motion_and_every_frame_gets_every_key_once()
    {
        var still = Picture(1);
        var sink = Run(FloatMotionOptions.Default, still, still, still);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(["motion2_s", "motion3_s", "motion_s"], sink.KeysOf(f).Order());
        }

        Assert.All(sink.Writes, w => Assert.Equal(0.0, w.Value));
    }

    [Fact]
    public void Motion2_is_the_smaller_of_the_differences_to_the_neighbours()
    {
        var a = Picture(1);
        var b = Picture(2);
        var sink = Run(FloatMotionOptions.Default, a, a, b);

        // Frame 1 equals frame 0 and differs from frame 2: motion2(1) = min(0, d) = 0, motion(2) = d > 0.
        Assert.Equal(0.0, sink[1, "motion2_s"]);
        Assert.True(sink[2, "motion_s"] > 0);
        Assert.Equal(sink[2, "motion_s"], sink[2, "motion2_s"]);
    }

    [Fact]
    public void Force_zero_writes_zero_and_max_val_clips()
    {
        var sink = Run(new FloatMotionOptions { ForceZero = true }, Picture(1), Picture(2));
        Assert.All(sink.Writes, w => Assert.Equal(0.0, w.Value));

        var clipped = Run(new FloatMotionOptions { MaxVal = 1.5 }, Picture(1), Picture(2));
        Assert.Equal(1.5, clipped[1, "motion_s"]);
    }

    [Fact]
    public void Options_outside_libvmafs_ranges_are_refused_by_name()
    {
        Assert.Equal("motion_fps_weight", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatMotionOptions { FpsWeight = 6 }.Validate()).ParamName);
        Assert.Equal("motion_filter_size", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatMotionOptions { FilterSize = 10 }.Validate()).ParamName);
    }
}
