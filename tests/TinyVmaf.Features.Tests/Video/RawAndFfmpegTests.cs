using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Video;

public sealed class RawAndFfmpegTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tinyvmaf-video-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Raw_yuv_reads_the_same_frames_as_the_y4m_it_came_from()
    {
        var format = new FrameFormat(20, 10, ChromaSubsampling.Yuv422, 10);
        byte[] y4m = Y4mWriter.Build(format, 2, "422p10", frameHeader: "FRAME");
        // Strip the stream header and frame markers to get the raw planes.
        int headerEnd = Array.IndexOf(y4m, (byte)'\n') + 1;
        var raw = new MemoryStream();
        for (int offset = headerEnd; offset < y4m.Length;)
        {
            offset += "FRAME\n".Length;
            raw.Write(y4m, offset, (int)format.FrameBytes);
            offset += (int)format.FrameBytes;
        }

        string path = Path.Combine(_dir, "clip.yuv");
        File.WriteAllBytes(path, raw.ToArray());

        using var fromRaw = VideoSource.Open(path, new RawVideoFormat(20, 10, ChromaSubsampling.Yuv422, 10));
        using var fromY4m = Y4mReader.FromStream(new MemoryStream(y4m), "clip.y4m");
        AssertSameFrames(fromY4m, fromRaw, 2);
    }

    [Fact]
    public void Raw_yuv_whose_size_is_not_whole_frames_names_the_options_to_check()
    {
        string path = Path.Combine(_dir, "odd.yuv");
        File.WriteAllBytes(path, new byte[1000]);
        var error = Assert.Throws<VideoInputException>(() => VideoSource.Open(path, new RawVideoFormat(16, 8, ChromaSubsampling.Yuv420, 8)));
        Assert.Contains("not a whole number of", error.Message);
        Assert.Contains("--width", error.Message);
    }

    [Fact]
    public void Raw_yuv_without_its_format_is_refused()
    {
        string path = Path.Combine(_dir, "noformat.yuv");
        File.WriteAllBytes(path, new byte[192]);
        var error = Assert.Throws<VideoInputException>(() => VideoSource.Open(path));
        Assert.Contains("--width, --height", error.Message);
    }

    [Fact]
    public void A_lossless_container_decodes_through_ffmpeg_to_the_same_frames()
    {
        TestClips.RequireFfmpeg();
        SharedData.RequireOrSkip();
        string source = SharedData.GoldenClip("rocket422");
        string mkv = Path.Combine(_dir, "rocket.mkv");
        var (exit, _, err) = Ffmpeg.RunToEnd("ffmpeg", ["-v", "error", "-i", source, "-frames:v", "3", "-c:v", "ffv1", mkv]);
        Assert.True(exit == 0, err);

        var probe = Ffmpeg.Probe(mkv);
        Assert.Equal("ffv1", probe.CodecName);
        Assert.Equal("yuv422p", probe.PixelFormat);
        using var decoded = VideoSource.Open(mkv);
        using var original = Y4mReader.Open(source);
        Assert.Equal(original.Format, decoded.Format);
        AssertSameFrames(original, decoded, 3);
        Assert.False(decoded.ReadFrame(new Frame(decoded.Format)));
    }

    [Fact]
    public void A_file_ffmpeg_cannot_read_is_named_with_ffmpegs_reason()
    {
        TestClips.RequireFfmpeg();
        string path = Path.Combine(_dir, "garbage.mp4");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var error = Assert.Throws<VideoInputException>(() => VideoSource.Open(path));
        Assert.Equal(path, error.Path);
        Assert.Contains("ffprobe cannot read it", error.Message);
    }

    [Theory]
    [InlineData("yuv420p", "yuv420p")]
    [InlineData("yuv420p10le", "yuv420p10le")]
    [InlineData("yuvj420p", "yuv420p")]
    [InlineData("nv12", "yuv420p")]
    [InlineData("p010le", "yuv420p10le")]
    [InlineData("yuv422p10le", "yuv422p10le")]
    [InlineData("rgb24", "yuv444p")]
    [InlineData("gray", "gray")]
    [InlineData("yuv444p12le", "yuv444p12le")]
    public void Decoded_pixel_formats_map_to_planar_yuv_at_their_depth(string source, string target) =>
        Assert.Equal(target, Ffmpeg.PlanarTarget(source));

    private static void AssertSameFrames(IFrameSource expected, IFrameSource actual, int count)
    {
        var a = new Frame(expected.Format);
        var b = new Frame(actual.Format);
        for (int f = 0; f < count; f++)
        {
            Assert.True(expected.ReadFrame(a));
            Assert.True(actual.ReadFrame(b));
            for (int p = 0; p < a.PlaneCount; p++)
            {
                Assert.Equal(a[p].Data, b[p].Data);
            }
        }
    }
}
