namespace TinyVmaf.Features.Video;

/// <summary>Streams headerless planar YUV (<c>.yuv</c>) whose format the caller states.</summary>
public sealed class RawYuvReader : IFrameSource, IChromaSkipping, IBytePlaneSource, IStoredFrameSource
{
    private readonly Stream _stream;
    private readonly byte[] _scratch;
    private int _framesRead;

    private RawYuvReader(Stream stream, string path, FrameFormat format, double frameRate)
    {
        _stream = stream;
        Path = path;
        Format = format;
        FrameRate = frameRate;
        _scratch = new byte[SampleUnpacker.ScratchBytes(format)];
    }

    public string Path { get; }

    public FrameFormat Format { get; }

    public double FrameRate { get; }

    bool IChromaSkipping.SkipChroma { get; set; }

    bool IBytePlaneSource.FillsBytePlanes => true;

    bool IStoredFrameSource.ReadsStoredFrames => _stream is FileStream { CanSeek: true };

    private bool SkipChroma => ((IChromaSkipping)this).SkipChroma;

    public static RawYuvReader Open(string path, FrameFormat format, double frameRate = 0)
    {
        Y4mReader.ValidateSize(format, path);
        if (format.BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new VideoInputException(path, $"unsupported bit depth {format.BitDepth} (supported: 8, 10, 12, 16)");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VideoInputException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }

        long length = stream.Length;
        if (length % format.FrameBytes != 0 || length == 0)
        {
            long frames = length / format.FrameBytes;
            stream.Dispose();
            throw new VideoInputException(path,
                length == 0 ? "empty file" : $"size {length} bytes is not a whole number of {format} frames ({format.FrameBytes} bytes each; {frames} whole, then a truncated frame): check --width, --height, --pixel-format and --bitdepth");
        }

        return new RawYuvReader(stream, path, format, frameRate);
    }

    public bool ReadFrame(Frame frame)
    {
        int got = SampleUnpacker.ReadFrame(_stream, frame, _scratch, SkipChroma);
        if (got == 0)
        {
            return false;
        }

        if (got < Format.FrameBytes)
        {
            throw new VideoInputException(Path, $"truncated frame {_framesRead}: {got} of {Format.FrameBytes} bytes");
        }

        if (SampleUnpacker.FirstSampleAboveDepth(frame, SkipChroma) is var (plane, value))
        {
            throw new VideoInputException(Path, $"frame {_framesRead}, plane {plane}: a sample of {value} is above the {Format.BitDepth}-bit maximum {(1 << Format.BitDepth) - 1}");
        }

        _framesRead++;
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
