using System.Globalization;
using System.Text;

namespace TinyVmaf.Features.Video;

/// <summary>
/// Streams a YUV4MPEG2 file or pipe frame by frame: 4:2:0 (every <c>C420*</c> siting), 4:2:2, 4:4:4 and mono,
/// 8 to 16 bits. Frame headers may carry parameters; they are skipped. An 8-bit <c>C422</c> stream has its chroma
/// re-sited as libvmaf's <c>vmaf</c> tool reads it (see <see cref="ResitesChroma"/>).
/// </summary>
public sealed class Y4mReader : IFrameSource, IChromaSkipping, IBytePlaneSource, IStoredFrameSource
{
    private const string Magic = "YUV4MPEG2";
    private const int MaxHeaderLength = 4096;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly byte[] _scratch;
    private readonly byte[] _frameHeader = new byte[MaxHeaderLength];
    private readonly ushort[]? _chromaRow;
    private int _framesRead;

    private Y4mReader(Stream stream, bool ownsStream, string path)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        Path = path;
        string colorspace;
        (Format, FrameRate, colorspace) = ParseHeader(ReadLine(stream, path, "stream header") ?? throw new VideoInputException(path, "empty file: no YUV4MPEG2 header"), path);
        CheckFirstFrameFits(stream, Format, path);
        _scratch = new byte[SampleUnpacker.ScratchBytes(Format)];
        ResitesChroma = colorspace == LibvmafResitedColorspace;
        _chromaRow = ResitesChroma ? new ushort[Format.ChromaWidth] : null;
    }

    public string Path { get; }

    public FrameFormat Format { get; }

    public double FrameRate { get; }

    /// <summary>
    /// The colorspace whose chroma libvmaf's <c>vmaf</c> tool re-sites on reading: plain <c>C422</c>, 8-bit, taken as
    /// MPEG-2 sited and shifted to JPEG siting (<see cref="ChromaResiting"/>). Its 10- and 12-bit 4:2:2 are read as stored.
    /// </summary>
    internal const string LibvmafResitedColorspace = "422";

    /// <summary>
    /// True when the chroma of every frame is re-sited as the <c>vmaf</c> tool does on reading, so that chroma
    /// features match its logs; the planes then differ from the bytes in the file.
    /// </summary>
    public bool ResitesChroma { get; }

    bool IChromaSkipping.SkipChroma { get; set; }

    bool IBytePlaneSource.FillsBytePlanes => true;

    bool IStoredFrameSource.ReadsStoredFrames => _stream is FileStream { CanSeek: true };

    private bool SkipChroma => ((IChromaSkipping)this).SkipChroma;

    public static Y4mReader Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VideoInputException(path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }

        try
        {
            return new Y4mReader(stream, ownsStream: true, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads Y4M from a stream (an ffmpeg pipe, a test buffer); <paramref name="path"/> names it in messages.</summary>
    public static Y4mReader FromStream(Stream stream, string path, bool ownsStream = true) => new(stream, ownsStream, path);

    public bool ReadFrame(Frame frame)
    {
        if (frame.Format != Format)
        {
            throw new ArgumentException($"frame is {frame.Format}, stream is {Format}", nameof(frame));
        }

        // Frame headers are read into a reused buffer: nothing is allocated per frame.
        int length = ReadFrameHeader();
        if (length < 0)
        {
            return false;
        }

        var header = _frameHeader.AsSpan(0, length);
        if (!header.StartsWith("FRAME"u8) || (length > 5 && header[5] != (byte)' '))
        {
            throw new VideoInputException(Path, $"frame {_framesRead}: expected a FRAME header, found '{Truncate(System.Text.Encoding.ASCII.GetString(header))}'");
        }

        int got = SampleUnpacker.ReadFrame(_stream, frame, _scratch, SkipChroma);
        if (got < Format.FrameBytes)
        {
            throw new VideoInputException(Path, $"truncated frame {_framesRead}: {got} of {Format.FrameBytes} bytes");
        }

        if (SampleUnpacker.FirstSampleAboveDepth(frame, SkipChroma) is var (plane, value))
        {
            throw new VideoInputException(Path, $"frame {_framesRead}, plane {plane}: a sample of {value} is above the {Format.BitDepth}-bit maximum {(1 << Format.BitDepth) - 1}");
        }

        if (_chromaRow is not null && !SkipChroma)
        {
            ChromaResiting.Mpeg2ToJpeg(frame.U, _chromaRow);
            ChromaResiting.Mpeg2ToJpeg(frame.V, _chromaRow);
        }

        _framesRead++;
        return true;
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    internal static (FrameFormat Format, double FrameRate) ParseStreamHeader(string header, string path)
    {
        var (format, fps, _) = ParseHeader(header, path);
        return (format, fps);
    }

    /// <summary>The stream header's format, frame rate and colorspace token as written (after its <c>C</c>).</summary>
    private static (FrameFormat Format, double FrameRate, string Colorspace) ParseHeader(string header, string path)
    {
        string[] tokens = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0 || tokens[0] != Magic)
        {
            throw new VideoInputException(path, $"not a Y4M file: expected '{Magic}', found '{Truncate(header)}'");
        }

        int width = 0, height = 0;
        double fps = 0;
        string colorspace = "420jpeg";
        foreach (string token in tokens.AsSpan(1))
        {
            string value = token[1..];
            switch (token[0])
            {
                case 'W':
                    width = ParsePositive(value, "width", path);
                    break;
                case 'H':
                    height = ParsePositive(value, "height", path);
                    break;
                case 'F':
                    fps = ParseRate(value);
                    break;
                case 'C':
                    colorspace = value;
                    break;
            }
        }

        if (width == 0 || height == 0)
        {
            throw new VideoInputException(path, "Y4M header lacks its width (W) or height (H)");
        }

        var (chroma, depth) = ParseColorspace(colorspace, path);
        var format = new FrameFormat(width, height, chroma, depth);
        ValidateSize(format, path);
        return (format, fps, colorspace);
    }

    /// <summary>
    /// The header's size is a claim until the file backs it: a file (a seekable stream) must hold at least one whole
    /// frame after the header before a frame of that size is allocated, so a 200-byte file claiming 32768x32768 costs
    /// nothing. A pipe cannot be measured; its header comes from the ffmpeg we started.
    /// </summary>
    private static void CheckFirstFrameFits(Stream stream, FrameFormat format, string path)
    {
        if (!stream.CanSeek)
        {
            return;
        }

        long remaining = stream.Length - stream.Position;
        long needed = "FRAME\n".Length + format.FrameBytes;
        if (remaining < needed)
        {
            throw new VideoInputException(path, remaining == 0
                ? $"the header announces {format} frames but no frame follows it"
                : $"the header announces {format} frames of {format.FrameBytes} bytes, but only {remaining} bytes follow it: a wrong size in the header, or a truncated file");
        }
    }

    /// <summary>Refuses sizes a chroma layout cannot have, as libvmaf does (no odd 4:2:0 luma), and sizes no plane buffer can hold.</summary>
    internal static void ValidateSize(FrameFormat format, string path)
    {
        if (format.Width <= 0 || format.Height <= 0)
        {
            throw new VideoInputException(path, $"size {format.Width}x{format.Height}: width and height must be positive");
        }

        if ((long)format.Width * format.Height * format.BytesPerSample > Array.MaxLength)
        {
            throw new VideoInputException(path, $"size {format.Width}x{format.Height} at {format.BitDepth} bits: a plane over {Array.MaxLength} bytes is not supported");
        }

        bool oddWidth = (format.Width & 1) != 0, oddHeight = (format.Height & 1) != 0;
        if (format.Chroma == ChromaSubsampling.Yuv420 && (oddWidth || oddHeight))
        {
            throw new VideoInputException(path, $"odd size {format.Width}x{format.Height} is not allowed with 4:2:0");
        }

        if (format.Chroma == ChromaSubsampling.Yuv422 && oddWidth)
        {
            throw new VideoInputException(path, $"odd width {format.Width} is not allowed with 4:2:2");
        }
    }

    private static (ChromaSubsampling, int) ParseColorspace(string c, string path)
    {
        string lower = c.ToLowerInvariant();
        ChromaSubsampling chroma;
        string rest;
        if (lower.StartsWith("mono", StringComparison.Ordinal))
        {
            chroma = ChromaSubsampling.Mono;
            rest = lower[4..];
        }
        else if (lower.StartsWith("420", StringComparison.Ordinal))
        {
            chroma = ChromaSubsampling.Yuv420;
            rest = lower[3..];
        }
        else if (lower.StartsWith("422", StringComparison.Ordinal))
        {
            chroma = ChromaSubsampling.Yuv422;
            rest = lower[3..];
        }
        else if (lower.StartsWith("444", StringComparison.Ordinal))
        {
            chroma = ChromaSubsampling.Yuv444;
            rest = lower[3..];
        }
        else
        {
            throw new VideoInputException(path, $"unsupported Y4M colorspace C{c} (supported: 420*, 422, 444, mono, with p10/p12/p16)");
        }

        // Sitings (jpeg, mpeg2, paldv) do not change the sample layout.
        if (rest is "" or "jpeg" or "mpeg2" or "paldv" or "p8")
        {
            return (chroma, 8);
        }

        if (chroma == ChromaSubsampling.Mono && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int monoDepth) && monoDepth is 10 or 12 or 16)
        {
            return (chroma, monoDepth);
        }

        if (rest.Length > 1 && rest[0] == 'p' && int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int depth) && depth is 9 or 10 or 12 or 14 or 16)
        {
            return (chroma, depth);
        }

        throw new VideoInputException(path, $"unsupported Y4M colorspace C{c} (supported bit depths: 8, 10, 12, 16)");
    }

    private static int ParsePositive(string value, string what, string path) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 && n <= 1 << 15
            ? n
            : throw new VideoInputException(path, $"bad {what} '{value}' in Y4M header");

    private static double ParseRate(string value)
    {
        string[] parts = value.Split(':');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double den)
            && den > 0)
        {
            return num / den;
        }

        return 0;
    }

    /// <summary>Reads a frame header line into the reused buffer; -1 at a clean end of stream.</summary>
    private int ReadFrameHeader()
    {
        for (int length = 0; ; length++)
        {
            int b = _stream.ReadByte();
            if (b < 0)
            {
                return length == 0 ? -1 : throw new VideoInputException(Path, $"header of frame {_framesRead} ends before its newline");
            }

            if (b == '\n')
            {
                return length;
            }

            if (length == _frameHeader.Length)
            {
                throw new VideoInputException(Path, $"header of frame {_framesRead} is longer than {MaxHeaderLength} bytes");
            }

            _frameHeader[length] = (byte)b;
        }
    }

    /// <summary>Reads one '\n'-terminated ASCII line; null at a clean end of stream before any byte.</summary>
    private static string? ReadLine(Stream stream, string path, string what)
    {
        var line = new StringBuilder();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return line.Length == 0 ? null : throw new VideoInputException(path, $"{what} ends before its newline");
            }

            if (b == '\n')
            {
                return line.ToString();
            }

            if (line.Length >= MaxHeaderLength)
            {
                throw new VideoInputException(path, $"{what} is longer than {MaxHeaderLength} bytes: not a Y4M file?");
            }

            line.Append((char)b);
        }
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
