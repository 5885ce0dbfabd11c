using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Video;

public sealed class Y4mReaderTests
{
    public static TheoryData<string, ChromaSubsampling, int> Colorspaces => new()
    {
        { "420jpeg", ChromaSubsampling.Yuv420, 8 },
        { "420mpeg2", ChromaSubsampling.Yuv420, 8 },
        { "420paldv", ChromaSubsampling.Yuv420, 8 },
        { "420", ChromaSubsampling.Yuv420, 8 },
        { "422", ChromaSubsampling.Yuv422, 8 },
        { "444", ChromaSubsampling.Yuv444, 8 },
        { "mono", ChromaSubsampling.Mono, 8 },
        { "420p10", ChromaSubsampling.Yuv420, 10 },
        { "422p10", ChromaSubsampling.Yuv422, 10 },
        { "444p12", ChromaSubsampling.Yuv444, 12 },
        { "420p16", ChromaSubsampling.Yuv420, 16 },
        { "mono16", ChromaSubsampling.Mono, 16 },
    };

    [Theory]
    [MemberData(nameof(Colorspaces))]
    public void Every_layout_and_depth_reads_back_the_samples_that_were_written(string colorspace, ChromaSubsampling chroma, int depth)
    {
        var format = new FrameFormat(38, 22, chroma, depth);
        byte[] bytes = Y4mWriter.Build(format, 3, colorspace);
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "test.y4m");

        Assert.Equal(format, reader.Format);
        Assert.Equal(30000 / 1001.0, reader.FrameRate, 9);
        var frame = new Frame(reader.Format);
        int max = (1 << depth) - 1;
        for (int f = 0; f < 3; f++)
        {
            Assert.True(reader.ReadFrame(frame));
            // 8-bit C422 chroma is re-sited on reading as libvmaf's tool does; ChromaResitingTests checks those samples.
            int planesAsStored = reader.ResitesChroma ? 1 : format.PlaneCount;
            for (int p = 0; p < planesAsStored; p++)
            {
                for (int y = 0; y < frame[p].Height; y++)
                {
                    for (int x = 0; x < frame[p].Width; x++)
                    {
                        Assert.Equal(Y4mWriter.Pattern(f, p, x, y) & max, frame[p].Row(y)[x]);
                    }
                }
            }
        }

        Assert.False(reader.ReadFrame(frame));
    }

    [Theory]
    [InlineData(1100, 1000, 8)] // luma 1,100,000 bytes: more than one read chunk (1 MiB)
    [InlineData(800, 700, 10)]
    [InlineData(2048, 1024, 8)] // luma exactly two chunks
    public void Planes_larger_than_a_read_chunk_read_back_whole_from_a_stream_that_returns_little_at_a_time(int width, int height, int depth)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv420, depth);
        string colorspace = depth == 8 ? "420" : $"420p{depth}";
        byte[] bytes = Y4mWriter.Build(format, 2, colorspace);
        using var reader = Y4mReader.FromStream(new TrickleStream(bytes, 1000), "big.y4m");
        var frame = new Frame(reader.Format);
        int max = (1 << depth) - 1;
        for (int f = 0; f < 2; f++)
        {
            Assert.True(reader.ReadFrame(frame));
            for (int p = 0; p < format.PlaneCount; p++)
            {
                for (int y = 0; y < frame[p].Height; y++)
                {
                    for (int x = 0; x < frame[p].Width; x++)
                    {
                        Assert.Equal(Y4mWriter.Pattern(f, p, x, y) & max, frame[p].Row(y)[x]);
                    }
                }
            }
        }

        Assert.False(reader.ReadFrame(frame));
    }

    [Theory]
    [InlineData(8, 1_100_000)] // inside the luma plane's second chunk
    [InlineData(8, 1_250_000)] // inside a chroma plane
    [InlineData(10, 2_100_000)] // inside the luma plane's third chunk
    public void A_frame_cut_inside_a_later_chunk_is_a_truncation(int depth, int cut)
    {
        var format = new FrameFormat(1100, 1000, ChromaSubsampling.Yuv420, depth);
        byte[] bytes = Y4mWriter.Build(format, 1, depth == 8 ? "420" : $"420p{depth}");
        int header = Array.IndexOf(bytes, (byte)'\n') + 1 + "FRAME\n".Length;
        // A pipe: a seekable file would be refused up front for its size.
        using var reader = Y4mReader.FromStream(new TrickleStream(bytes[..(header + cut)], 4096), "cut.y4m");

        var error = Assert.Throws<VideoInputException>(() => reader.ReadFrame(new Frame(format)));
        Assert.Contains($"truncated frame 0: {cut} of {format.FrameBytes} bytes", error.Message);
    }

    /// <summary>A stream that hands out at most a few bytes a read and cannot seek, as a pipe.</summary>
    private sealed class TrickleStream(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));
    }

    [Fact]
    public void Frame_headers_with_parameters_are_accepted()
    {
        var format = new FrameFormat(16, 8, ChromaSubsampling.Yuv420, 8);
        byte[] bytes = Y4mWriter.Build(format, 2, "420", frameHeader: "FRAME Ip XFOO=1");
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "params.y4m");
        var frame = new Frame(format);

        Assert.True(reader.ReadFrame(frame));
        Assert.True(reader.ReadFrame(frame));
        Assert.False(reader.ReadFrame(frame));
    }

    [Fact]
    public void A_missing_colorspace_means_420jpeg()
    {
        var (format, _) = Y4mReader.ParseStreamHeader("YUV4MPEG2 W64 H32 F25:1", "x.y4m");
        Assert.Equal(new FrameFormat(64, 32, ChromaSubsampling.Yuv420, 8), format);
    }

    [Fact]
    public void A_truncated_frame_is_an_error_naming_the_file_and_frame()
    {
        var format = new FrameFormat(16, 8, ChromaSubsampling.Yuv420, 8);
        byte[] bytes = Y4mWriter.Build(format, 2, "420");
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes[..^10]), "cut.y4m");
        var frame = new Frame(format);

        Assert.True(reader.ReadFrame(frame));
        var error = Assert.Throws<VideoInputException>(() => reader.ReadFrame(frame));
        Assert.Equal("cut.y4m", error.Path);
        Assert.Contains("truncated frame 1", error.Message);
    }

    [Theory]
    [InlineData("RIFF1234 W16 H8", "not a Y4M file")]
    [InlineData("YUV4MPEG2 H8 C420", "lacks its width")]
    [InlineData("YUV4MPEG2 W15 H8 C420jpeg", "odd size 15x8 is not allowed with 4:2:0")]
    [InlineData("YUV4MPEG2 W15 H8 C422", "odd width 15 is not allowed with 4:2:2")]
    [InlineData("YUV4MPEG2 W16 H8 C411", "unsupported Y4M colorspace C411")]
    [InlineData("YUV4MPEG2 W16 H8 C420p11", "unsupported Y4M colorspace")]
    [InlineData("YUV4MPEG2 Wabc H8", "bad width 'abc'")]
    public void A_bad_header_is_refused_with_the_reason(string header, string reason)
    {
        var error = Assert.Throws<VideoInputException>(() => Y4mReader.ParseStreamHeader(header, "bad.y4m"));
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("bad.y4m: ", error.Message);
    }

    [Fact]
    public void Odd_sizes_are_fine_with_444()
    {
        var (format, _) = Y4mReader.ParseStreamHeader("YUV4MPEG2 W15 H9 C444", "odd.y4m");
        Assert.Equal(15, format.ChromaWidth);
    }

    [Fact]
    public void A_missing_frame_marker_is_an_error()
    {
        var format = new FrameFormat(16, 8, ChromaSubsampling.Yuv420, 8);
        byte[] bytes = Y4mWriter.Build(format, 1, "420", frameHeader: "FRAMEX");
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "marker.y4m");
        var error = Assert.Throws<VideoInputException>(() => reader.ReadFrame(new Frame(format)));
        Assert.Contains("expected a FRAME header", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var error = Assert.Throws<VideoInputException>(() => Y4mReader.FromStream(new MemoryStream(), "empty.y4m"));
        Assert.Contains("empty file", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<VideoInputException>(() => Y4mReader.Open("/nonexistent/clip.y4m"));
        Assert.Equal("/nonexistent/clip.y4m: file not found", error.Message);
    }

    [Fact]
    public void The_golden_10bit_clip_reads_whole()
    {
        SharedData.RequireOrSkip();
        using var reader = Y4mReader.Open(SharedData.GoldenClip("chelsea10"));
        Assert.Equal(10, reader.Format.BitDepth);
        var frame = new Frame(reader.Format);
        int frames = 0;
        while (reader.ReadFrame(frame))
        {
            frames++;
            Assert.All(frame.Y.Data, v => Assert.InRange(v, 0, 1023));
        }

        Assert.Equal(10, frames);
    }

    [Fact]
    public void Widening_8bit_samples_agrees_with_the_scalar_loop_at_every_length()
    {
        var random = new Random(7);
        for (int length = 0; length <= 130; length++)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            var samples = new ushort[length];
            SampleUnpacker.Widen(bytes, samples);
            Assert.Equal(bytes.Select(b => (ushort)b), samples);
        }
    }
}
