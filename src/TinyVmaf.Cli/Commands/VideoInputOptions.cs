using System.CommandLine;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Cli.Commands;

/// <summary>The reference/distorted options and the raw-YUV format options shared by extract and score.</summary>
internal sealed class VideoInputOptions
{
    public Option<string> Reference { get; } = new("--reference", "-r")
    {
        Description = "Reference video: .y4m, raw .yuv (with the format options), or any container ffmpeg decodes",
        Required = true,
    };

    public Option<string> Distorted { get; } = new("--distorted", "-d")
    {
        Description = "Distorted video, in any of the same forms",
        Required = true,
    };

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

    public Option<double> FrameRate { get; } = new("--fps") { Description = "Raw YUV: frames per second, for the log" };

    public VideoInputOptions()
    {
        PixelFormat.AcceptOnlyFromAmong("420", "422", "444", "400");
        BitDepth.AcceptOnlyFromAmong(["8", "10", "12", "16"]);
    }

    public IEnumerable<Option> All => [Reference, Distorted, Width, Height, PixelFormat, BitDepth, FrameRate];

    /// <summary>Opens both videos; the caller disposes them.</summary>
    public (IFrameSource Reference, IFrameSource Distorted) Open(ParseResult parse)
    {
        var raw = RawFormat(parse);
        var reference = VideoSource.Open(parse.GetRequiredValue(Reference), raw);
        try
        {
            var distorted = VideoSource.Open(parse.GetRequiredValue(Distorted), raw);
            return (reference, distorted);
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }

    private RawVideoFormat? RawFormat(ParseResult parse)
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
