using System.Globalization;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring.Inputs;

/// <summary>
/// What one input is and how to open it: natively (Y4M, raw YUV) when nothing is to be done to it, else through
/// ffmpeg with a filter chain (scale, crop, fps), which is how practitioners prepare inputs for libvmaf and the
/// only honest way to be equal to <c>ffmpeg -vf scale=…</c>. It is probed once, here.
/// </summary>
internal sealed class InputPlan
{
    private InputPlan(string path, RawVideoFormat? raw, VideoProbe? probe, FrameFormat format, double frameRate)
    {
        Path = path;
        Raw = raw;
        Probe = probe;
        Format = format;
        FrameRate = frameRate;
    }

    public string Path { get; }

    public RawVideoFormat? Raw { get; }

    /// <summary>What ffprobe said; null for Y4M and raw YUV, which are read natively.</summary>
    public VideoProbe? Probe { get; }

    /// <summary>The stream's own format, before any filter.</summary>
    public FrameFormat Format { get; }

    /// <summary>Frames per second, or 0 when the input does not say.</summary>
    public double FrameRate { get; }

    /// <summary>ffmpeg's filter chain, or null when the input is read as it is.</summary>
    public string? Filter { get; private init; }

    /// <summary>The pixel format ffmpeg writes when a filter is applied.</summary>
    public string OutputPixelFormat { get; private init; } = "";

    /// <summary>The size frames have once opened.</summary>
    public FrameSize OutputSize => _outputSize ?? new FrameSize(Format.Width, Format.Height);

    private FrameSize? _outputSize;

    /// <summary>Looks at an input once: its header (Y4M), its stated format (raw) or ffprobe (anything else).</summary>
    public static InputPlan Inspect(VideoInput input)
    {
        string path = input.Path;
        if (!File.Exists(path))
        {
            throw new VideoInputException(path, "file not found");
        }

        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        if (input.Raw is null && (extension == ".y4m" || LooksLikeY4m(path)))
        {
            using var reader = Y4mReader.Open(path);
            return new InputPlan(path, null, null, reader.Format, reader.FrameRate);
        }

        if (extension == ".yuv" || input.Raw is not null)
        {
            var raw = input.Raw ?? throw new VideoInputException(path, "raw YUV has no header: give its format (--width, --height, --pixel-format, --bitdepth, or PATH:WxH:420:8)");
            using var reader = RawYuvReader.Open(path, raw.ToFrameFormat(), raw.FrameRate);
            return new InputPlan(path, raw, null, reader.Format, raw.FrameRate);
        }

        var probe = Ffmpeg.Probe(path);
        var format = FormatOf(Ffmpeg.PlanarTarget(probe.PixelFormat), probe.Width, probe.Height, path);
        return new InputPlan(path, null, probe, format, probe.FrameRate);
    }

    /// <summary>This input through an ffmpeg filter chain (null or empty: as it is), written in <paramref name="pixelFormat"/>.</summary>
    public InputPlan WithFilter(IReadOnlyList<string> filters, FrameSize outputSize, string pixelFormat) =>
        filters.Count == 0
            ? this
            : new InputPlan(Path, Raw, Probe, Format, FrameRate)
            {
                Filter = string.Join(',', filters),
                OutputPixelFormat = pixelFormat,
                _outputSize = outputSize,
            };

    /// <summary>This input read from another file (a decoded copy) that holds the same frames.</summary>
    public InputPlan ReadFrom(string copy, FrameFormat format) => new(copy, null, null, format, FrameRate);

    /// <summary>Opens the frames; the caller disposes them.</summary>
    public IFrameSource Open()
    {
        if (Filter is null)
        {
            return Probe is null ? VideoSource.Open(Path, Raw) : Ffmpeg.Open(Path, Probe);
        }

        return Ffmpeg.Decode(Path, InputArgs(), Filter, OutputPixelFormat, FrameRate);
    }

    /// <summary>Decodes the frames once into a Y4M file (the batch's reference), exactly as <see cref="Open"/> would give them.</summary>
    public void DecodeTo(string y4m)
    {
        string pixelFormat = Filter is null ? Ffmpeg.PlanarTarget(Probe?.PixelFormat ?? Format.PixelFormatName) : OutputPixelFormat;
        var (exit, _, stderr) = Ffmpeg.RunToEnd("ffmpeg",
            ["-v", "error", "-nostdin", "-y", .. InputArgs(), "-i", Path, "-map", "0:v:0", .. (string[])(Filter is null ? [] : ["-vf", Filter]),
             "-pix_fmt", pixelFormat, "-strict", "-1", "-f", "yuv4mpegpipe", y4m]);
        if (exit != 0)
        {
            throw new VideoInputException(Path, $"ffmpeg cannot decode it: {stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "(no message)"}");
        }
    }

    /// <summary>Whether opening runs ffmpeg (a container, or a filter), so that a batch decodes it once.</summary>
    public bool NeedsFfmpeg => Filter is not null || Probe is not null;

    /// <summary>How ffmpeg is told what a raw file holds.</summary>
    private string[] InputArgs() => Raw is null
        ? []
        : ["-f", "rawvideo", "-pix_fmt", Raw.ToFrameFormat().PixelFormatName, "-video_size", $"{Raw.Width}x{Raw.Height}",
           .. (string[])(Raw.FrameRate > 0 ? ["-framerate", Raw.FrameRate.ToString("R", CultureInfo.InvariantCulture)] : [])];

    /// <summary>The frame format of a planar pixel-format name (<c>yuv420p10le</c>, <c>gray</c>).</summary>
    internal static FrameFormat FormatOf(string pixelFormat, int width, int height, string path)
    {
        var chroma = pixelFormat.StartsWith("gray", StringComparison.Ordinal) ? ChromaSubsampling.Mono
            : pixelFormat.StartsWith("yuv444", StringComparison.Ordinal) ? ChromaSubsampling.Yuv444
            : pixelFormat.StartsWith("yuv422", StringComparison.Ordinal) ? ChromaSubsampling.Yuv422
            : ChromaSubsampling.Yuv420;
        var depthMatch = System.Text.RegularExpressions.Regex.Match(pixelFormat, @"^(?:yuv4\d\dp|gray)(\d+)le$");
        int depth = depthMatch.Success ? int.Parse(depthMatch.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 8;
        if (width <= 0 || height <= 0)
        {
            throw new VideoInputException(path, "ffprobe reports no frame size for its video stream");
        }

        return new FrameFormat(width, height, chroma, depth);
    }

    private static bool LooksLikeY4m(string path)
    {
        Span<byte> magic = stackalloc byte[9];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 9, throwOnEndOfStream: false) == 9 && magic.SequenceEqual("YUV4MPEG2"u8);
    }
}
