using System.CommandLine;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Cli.Commands;

/// <summary>The reference/distorted options and the raw-YUV format options shared by extract and score.</summary>
internal sealed class VideoInputOptions
{
    private readonly RawFormatOptions _raw = new();

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

    public IEnumerable<Option> All => [Reference, Distorted, .. _raw.All];

    /// <summary>Opens both videos; the caller disposes them.</summary>
    public (IFrameSource Reference, IFrameSource Distorted) Open(ParseResult parse)
    {
        var raw = _raw.Parse(parse);
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
}
