using System.Globalization;
using System.Text.RegularExpressions;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring;

/// <summary>
/// One video to score: a <c>.y4m</c>, a raw <c>.yuv</c> (with its <see cref="Raw"/> format), or any container ffmpeg
/// decodes; <see cref="Skip"/> frames at its start are not measured (libvmaf's <c>--frame_skip_ref/dist</c>).
/// </summary>
public sealed partial record VideoInput(string Path)
{
    /// <summary>The format of a headerless raw file; null for anything that says its own.</summary>
    public RawVideoFormat? Raw { get; init; }

    /// <summary>Frames at the start that are read and dropped, never measured.</summary>
    public int Skip { get; init; }

    /// <summary>
    /// Reads <c>PATH</c> or <c>PATH:WxH[:CHROMA[:DEPTH[:FPS]]]</c> (e.g. <c>ref.yuv:1920x1080:420:10</c>). A path that
    /// exists as written is taken whole, colons and all. <paramref name="raw"/> is the format when the spec names none.
    /// </summary>
    public static VideoInput Parse(string spec, RawVideoFormat? raw = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (File.Exists(spec))
        {
            return new VideoInput(spec) { Raw = raw };
        }

        var match = RawSuffix().Match(spec);
        if (!match.Success)
        {
            return new VideoInput(spec) { Raw = raw };
        }

        string path = spec[..match.Index];
        int width = int.Parse(match.Groups["w"].ValueSpan, CultureInfo.InvariantCulture);
        int height = int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var chroma = match.Groups["c"].Success ? ParseChroma(match.Groups["c"].Value, spec) : ChromaSubsampling.Yuv420;
        int depth = match.Groups["d"].Success ? int.Parse(match.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) : 8;
        double fps = match.Groups["r"].Success ? double.Parse(match.Groups["r"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        if (width <= 0 || height <= 0 || depth is not (8 or 10 or 12 or 16))
        {
            throw new ArgumentException($"'{spec}': the raw format must be WxH (positive), then 420|422|444|400, then 8|10|12|16 bits");
        }

        return new VideoInput(path) { Raw = new RawVideoFormat(width, height, chroma, depth, fps) };
    }

    /// <summary>420, 422, 444 or 400 as a chroma layout.</summary>
    public static ChromaSubsampling ParseChroma(string value, string what = "pixel format") => value switch
    {
        "420" => ChromaSubsampling.Yuv420,
        "422" => ChromaSubsampling.Yuv422,
        "444" => ChromaSubsampling.Yuv444,
        "400" => ChromaSubsampling.Mono,
        _ => throw new ArgumentException($"{what}: chroma '{value}' is not one of 420, 422, 444, 400"),
    };

    public override string ToString() => Path;

    [GeneratedRegex(@":(?<w>\d+)x(?<h>\d+)(?::(?<c>\d{3}))?(?::(?<d>\d+))?(?::(?<r>\d+(?:\.\d+)?))?$")]
    private static partial Regex RawSuffix();
}
