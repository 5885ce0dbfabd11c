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
}
