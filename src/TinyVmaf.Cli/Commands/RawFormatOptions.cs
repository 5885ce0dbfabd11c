using System.CommandLine;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Cli.Commands;

/// <summary>The format options of headerless raw YUV input (<c>--width --height --pixel-format --bitdepth --fps</c>).</summary>
internal sealed class RawFormatOptions
{
    public Option<int?> Width { get; } = new("--width") { Description = "Raw YUV: frame width" };

    public Option<int?> Height { get; } = new("--height") { Description = "Raw YUV: frame height" };

    public Option<string> PixelFormat { get; } = new("--pixel-format")
    {
        Description = "Raw YUV: chroma layout",
        DefaultValueFactory = _ => "420",
    };

    public Option<int> BitDepth { get; } = new("--bitdepth")
    {
        Description = "Raw YUV: bits per sample",
        DefaultValueFactory = _ => 8,
    };

    public Option<double> FrameRate { get; } = new("--fps") { Description = "Raw YUV: frames per second" };

    public RawFormatOptions()
    {
        PixelFormat.AcceptOnlyFromAmong("420", "422", "444", "400");
        BitDepth.AcceptOnlyFromAmong(["8", "10", "12", "16"]);
    }

    public IEnumerable<Option> All => [Width, Height, PixelFormat, BitDepth, FrameRate];

    /// <summary>The stated format, or null when neither --width nor --height was given.</summary>
    public RawVideoFormat? Parse(ParseResult parse)
    {
        int? width = parse.GetValue(Width);
        int? height = parse.GetValue(Height);
        if (width is null && height is null)
        {
            return null;
        }

        if (width is not > 0 || height is not > 0)
        {
            throw new ArgumentException("raw YUV needs both --width and --height, positive");
        }

        var chroma = parse.GetValue(PixelFormat) switch
        {
            "422" => ChromaSubsampling.Yuv422,
            "444" => ChromaSubsampling.Yuv444,
            "400" => ChromaSubsampling.Mono,
            _ => ChromaSubsampling.Yuv420,
        };
        return new RawVideoFormat(width.Value, height.Value, chroma, parse.GetValue(BitDepth), parse.GetValue(FrameRate));
    }
}
