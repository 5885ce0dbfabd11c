using System.CommandLine;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// The format options of headerless raw YUV input (<c>--width --height --pixel-format --bitdepth --fps</c>), for both
/// inputs or, with a prefix, for one (<c>--ref-width</c>, <c>--dis-width</c>, …).
/// </summary>
internal sealed class RawFormatOptions
{
    public RawFormatOptions(string prefix = "--", string what = "Raw YUV")
    {
        Width = new($"{prefix}width") { Description = $"{what}: frame width" };
        Height = new($"{prefix}height") { Description = $"{what}: frame height" };
        PixelFormat = new($"{prefix}pixel-format") { Description = $"{what}: chroma layout", DefaultValueFactory = _ => "420" };
        BitDepth = new($"{prefix}bitdepth") { Description = $"{what}: bits per sample", DefaultValueFactory = _ => 8 };
        FrameRate = new($"{prefix}fps") { Description = $"{what}: frames per second" };
        PixelFormat.AcceptOnlyFromAmong("420", "422", "444", "400");
        BitDepth.AcceptOnlyFromAmong(["8", "10", "12", "16"]);
    }

    public Option<int?> Width { get; }

    public Option<int?> Height { get; }

    public Option<string> PixelFormat { get; }

    public Option<int> BitDepth { get; }

    public Option<double> FrameRate { get; }

    public IEnumerable<Option> All => [Width, Height, PixelFormat, BitDepth, FrameRate];

    /// <summary>
    /// The stated format, or null when neither width nor height was given (here or in <paramref name="shared"/>);
    /// an option not given here takes its value from <paramref name="shared"/>.
    /// </summary>
    public RawVideoFormat? Parse(ParseResult parse, RawFormatOptions? shared = null)
    {
        T Get<T>(Func<RawFormatOptions, Option<T>> option) =>
            shared is null || parse.GetResult(option(this)) is { Implicit: false } ? parse.GetValue(option(this))! : parse.GetValue(option(shared))!;

        int? width = Get(o => o.Width);
        int? height = Get(o => o.Height);
        if (width is null && height is null)
        {
            return null;
        }

        if (width is not > 0 || height is not > 0)
        {
            var named = shared is null || parse.GetResult(Width) is { Implicit: false } || parse.GetResult(Height) is { Implicit: false } ? this : shared;
            throw new ArgumentException($"raw YUV needs both {named.Width.Name} and {named.Height.Name}, positive");
        }

        var chroma = Get(o => o.PixelFormat) switch
        {
            "422" => ChromaSubsampling.Yuv422,
            "444" => ChromaSubsampling.Yuv444,
            "400" => ChromaSubsampling.Mono,
            _ => ChromaSubsampling.Yuv420,
        };
        return new RawVideoFormat(width.Value, height.Value, chroma, Get(o => o.BitDepth), Get(o => o.FrameRate));
    }
}
