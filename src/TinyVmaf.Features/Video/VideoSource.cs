namespace TinyVmaf.Features.Video;

/// <summary>The stated format of a headerless <c>.yuv</c> file.</summary>
public sealed record RawVideoFormat(int Width, int Height, ChromaSubsampling Chroma, int BitDepth, double FrameRate = 0)
{
    public FrameFormat ToFrameFormat() => new(Width, Height, Chroma, BitDepth);
}

/// <summary>Opens a video by what it is: Y4M natively, raw YUV with a stated format, anything else through ffmpeg.</summary>
public static class VideoSource
{
    public static IFrameSource Open(string path, RawVideoFormat? raw = null)
    {
        if (!File.Exists(path))
        {
            throw new VideoInputException(path, "file not found");
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".y4m")
        {
            return Y4mReader.Open(path);
        }

        if (extension == ".yuv" || raw is not null)
        {
            if (raw is null)
            {
                throw new VideoInputException(path, "raw YUV has no header: give --width, --height, --pixel-format and --bitdepth");
            }

            return RawYuvReader.Open(path, raw.ToFrameFormat(), raw.FrameRate);
        }

        if (LooksLikeY4m(path))
        {
            return Y4mReader.Open(path);
        }

        return Ffmpeg.Open(path);
    }

    private static bool LooksLikeY4m(string path)
    {
        Span<byte> magic = stackalloc byte[9];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 9, throwOnEndOfStream: false) == 9 && magic.SequenceEqual("YUV4MPEG2"u8);
    }
}
