using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Video;

public sealed class FrameReadAheadTests
{
    private static readonly FrameFormat Format = new(4, 2, ChromaSubsampling.Mono, 8);

    [Fact]
    public void Frames_come_out_in_stream_order_and_the_ring_is_reused()
    {
        using var source = new CountingSource(frames: 50);
        using var ahead = new FrameReadAhead(source, depth: 3);
        var seen = new HashSet<Frame>();
        for (int i = 0; i < 50; i++)
        {
            var frame = ahead.Next(CancellationToken.None);
            Assert.NotNull(frame);
            Assert.Equal(i, frame.Y.Data[0]);
            seen.Add(frame);
            ahead.Return(frame);
        }

        Assert.Null(ahead.Next(CancellationToken.None));
        Assert.True(seen.Count <= 3, $"{seen.Count} frames for a ring of 3");
    }

    [Fact]
    public void A_read_error_reaches_the_consumer_after_the_good_frames()
    {
        using var source = new CountingSource(frames: 10, failAt: 4);
        using var ahead = new FrameReadAhead(source, depth: 2);
        for (int i = 0; i < 4; i++)
        {
            var frame = ahead.Next(CancellationToken.None)!;
            Assert.Equal(i, frame.Y.Data[0]);
            ahead.Return(frame);
        }

        var error = Assert.Throws<VideoInputException>(() => ahead.Next(CancellationToken.None));
        Assert.Contains("truncated frame 4", error.Message);
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_reader()
    {
        var source = new CountingSource(frames: 1000);
        var ahead = new FrameReadAhead(source, depth: 2);
        Assert.NotNull(ahead.Next(CancellationToken.None));
        ahead.Dispose();
        Assert.True(source.Reads < 1000);
    }

    private sealed class CountingSource(int frames, int failAt = -1) : IFrameSource
    {
        public int Reads;

        public string Path => "counting.y4m";

        public FrameFormat Format => FrameReadAheadTests.Format;

        public double FrameRate => 25;

        public bool ReadFrame(Frame frame)
        {
            if (Reads == failAt)
            {
                throw new VideoInputException(Path, $"truncated frame {Reads}");
            }

            if (Reads == frames)
            {
                return false;
            }

            frame.Y.Data.AsSpan().Fill((ushort)Reads);
            Reads++;
            return true;
        }

        public void Dispose()
        {
        }
    }
}
