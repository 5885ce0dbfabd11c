using System.Text;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Fuzz;

/// <summary>
/// The inputs the fuzzer (fuzz/) found breaking the Features readers, each cut down to what triggers it: every one now
/// ends in the reader's documented exception, naming the file, without allocating what the input only claims.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    [InlineData("YUV4MPEG2 W32768 H32768 C420jpeg\nFRAME\n0123456789")]
    [InlineData("YUV4MPEG2 W32768 H32768 C444p16\nFRAME\n0123456789")]
    [InlineData("YUV4MPEG2 W384 H216 C420jpeg\nFRAME\n")]
    [InlineData("YUV4MPEG2 W384 H216 C420jpeg\n")]
    public void A_y4m_header_claiming_more_than_the_file_holds_is_refused_before_a_frame_is_allocated(string file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<VideoInputException>(() => Y4mReader.FromStream(new MemoryStream(Encoding.ASCII.GetBytes(file)), "claims.y4m"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith("claims.y4m: ", refused.Message);
        Assert.Matches("the header announces|a plane over", refused.Message);
        Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated to refuse a {file.Length}-byte file");
    }

    [Fact]
    public void A_y4m_frame_exactly_as_large_as_the_header_says_still_reads()
    {
        var format = new FrameFormat(4, 2, ChromaSubsampling.Yuv420, 8);
        byte[] file = [.. Encoding.ASCII.GetBytes("YUV4MPEG2 W4 H2 C420jpeg\nFRAME\n"), .. new byte[format.FrameBytes]];
        using var reader = Y4mReader.FromStream(new MemoryStream(file), "exact.y4m");
        Assert.True(reader.ReadFrame(new Frame(reader.Format)));
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(16, 0)]
    [InlineData(-2, 16)]
    public void A_raw_yuv_size_that_is_not_positive_is_refused_naming_the_file(int width, int height)
    {
        // Found by the fuzzer: width 0 made the frame size 0 and the length check divide by zero.
        string path = Path.Combine(Path.GetTempPath(), $"tinyvmaf-raw-{Guid.NewGuid():N}.yuv");
        File.WriteAllBytes(path, new byte[96]);
        try
        {
            var refused = Assert.Throws<VideoInputException>(() => RawYuvReader.Open(path, new FrameFormat(width, height, ChromaSubsampling.Yuv420, 8)));
            Assert.Contains(path, refused.Message);
            Assert.Contains("must be positive", refused.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_raw_yuv_size_past_what_a_plane_can_hold_is_refused()
    {
        var refused = Assert.Throws<VideoInputException>(() => RawYuvReader.Open("huge.yuv", new FrameFormat(65535, 65535, ChromaSubsampling.Yuv444, 16)));
        Assert.StartsWith("huge.yuv: ", refused.Message);
    }

    public static TheoryData<byte[]> UndecodableLogs => new()
    {
        // The first hole: invalid UTF-8 in a metric name made predict die with an InvalidOperationException.
        Encoding.ASCII.GetBytes("{\"frames\":[{\"frameNum\":0,\"metrics\":{\"adm").Concat(new byte[] { 0xE7 }).Concat(Encoding.ASCII.GetBytes("2\":0.9}}]}")).ToArray(),
        // Invalid UTF-8 in the version string.
        Encoding.ASCII.GetBytes("{\"version\":\"").Concat(new byte[] { 0xFF }).Concat(Encoding.ASCII.GetBytes("\",\"frames\":[{\"metrics\":{\"adm2\":0.9}}]}")).ToArray(),
        // An escaped lone surrogate in a key: valid UTF-8 bytes, no UTF-16 string.
        Encoding.ASCII.GetBytes("{\"frames\":[{\"metrics\":{\"\\ud800\":0.9}}]}"),
    };

    [Theory]
    [MemberData(nameof(UndecodableLogs))]
    public void A_log_with_an_undecodable_string_is_an_invalid_data_error_naming_the_file(byte[] log)
    {
        var refused = Assert.Throws<InvalidDataException>(() => LibvmafLog.Read(new MemoryStream(log), "bad-utf8.json"));
        Assert.StartsWith("bad-utf8.json: ", refused.Message);
    }

    [Theory]
    [InlineData("420p10", 10)]
    [InlineData("444p12", 12)]
    [InlineData("mono10", 10)]
    public void A_sample_above_the_bit_depth_is_refused_naming_the_file_and_frame(string colorspace, int depth)
    {
        // Found by running the CLI on mutants: a 10-bit clip holding 16-bit words made VIF's log2 lookup read
        // outside its table (an access violation that killed the process).
        var (format, _) = Y4mReader.ParseStreamHeader($"YUV4MPEG2 W8 H4 C{colorspace}", "x");
        byte[] frame = new byte[format.FrameBytes];
        byte[] header = Encoding.ASCII.GetBytes($"YUV4MPEG2 W8 H4 C{colorspace}\n");
        byte[] marker = Encoding.ASCII.GetBytes("FRAME\n");
        byte[] bad = (byte[])frame.Clone();
        bad[^2] = 0xFF;
        bad[^1] = 0xFF;
        byte[] file = [.. header, .. marker, .. frame, .. marker, .. bad];

        using var reader = Y4mReader.FromStream(new MemoryStream(file), "deep.y4m");
        var target = new Frame(reader.Format);
        Assert.True(reader.ReadFrame(target));
        var refused = Assert.Throws<VideoInputException>(() => reader.ReadFrame(target));
        Assert.StartsWith("deep.y4m: frame 1", refused.Message);
        Assert.Contains($"above the {depth}-bit maximum {(1 << depth) - 1}", refused.Message);
    }

    [Fact]
    public void The_largest_sample_of_the_bit_depth_reads()
    {
        var (format, _) = Y4mReader.ParseStreamHeader("YUV4MPEG2 W2 H2 C420p10", "x");
        byte[] frame = new byte[format.FrameBytes];
        for (int i = 0; i < frame.Length; i += 2)
        {
            frame[i] = 0xFF;
            frame[i + 1] = 0x03;
        }

        byte[] file = [.. Encoding.ASCII.GetBytes("YUV4MPEG2 W2 H2 C420p10\nFRAME\n"), .. frame];
        using var reader = Y4mReader.FromStream(new MemoryStream(file), "max.y4m");
        var target = new Frame(reader.Format);
        Assert.True(reader.ReadFrame(target));
        Assert.Equal(1023, target.Y.Data[0]);
    }
}
