using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Motion;

/// <summary>libvmaf 3.2's motion extractor writes the same numbers on the vector and the scalar kernels.</summary>
public sealed class MotionV2KernelPathTests
{
    [Theory]
    [InlineData(8, 99, 17, false)]
    [InlineData(8, 64, 9, true)]
    [InlineData(10, 71, 13, false)]
    [InlineData(10, 130, 7, true)]
    public void Vector_and_scalar_kernels_write_the_same_scores(int bitDepth, int width, int height, bool fiveFrameWindow)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv420, bitDepth);
        var options = MotionOptions.Default with { MotionFiveFrameWindow = fiveFrameWindow };
        var random = new Random(width + bitDepth);
        int max = (1 << bitDepth) - 1;
        var frames = Enumerable.Range(0, 7).Select(f =>
        {
            var frame = new Frame(format);
            var data = frame.Y.Data;
            for (int i = 0; i < data.Length; i++)
            {
                // A cut to a full-swing frame at 4, quieter changes elsewhere.
                data[i] = f == 4 ? (ushort)(random.Next(2) * max) : (ushort)Math.Clamp((i * 13 % max) + random.Next(-f * 20, f * 20 + 1), 0, max);
            }

            return frame;
        }).ToArray();

        var scalar = Run(new ExtractorContext(format, KernelPath.Scalar), options, frames);
        var auto = Run(new ExtractorContext(format, KernelPath.Auto), options, frames);
        Assert.Equal(scalar, auto);
        Assert.Contains(scalar, w => w.Value > 0);
    }

    private static List<(int Frame, string Key, double Value)> Run(ExtractorContext context, MotionOptions options, Frame[] frames)
    {
        using var motion = new MotionV2Extractor(context, options);
        var sink = new RecordingSink();
        for (int i = 0; i < frames.Length; i++)
        {
            motion.Extract(new FramePair(frames[i], frames[i], i), sink);
        }

        motion.Flush(sink);
        return sink.Writes;
    }
}
