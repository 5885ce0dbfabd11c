using System.CommandLine;
using TinyVmaf.Features.Video;
using TinyVmaf.Scoring;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// The reference/distorted options of <c>extract</c> and their raw-YUV formats: shared (<c>--width …</c>), per input
/// (<c>--ref-width …</c>, <c>--dis-width …</c>), or after the path (<c>ref.yuv:1920x1080:420:10</c>).
/// </summary>
internal sealed class VideoInputOptions
{
    private readonly RawFormatOptions _raw = new();
    private readonly RawFormatOptions _refRaw = new("--ref-", "Raw reference");
    private readonly RawFormatOptions _disRaw = new("--dis-", "Raw distorted");

    public Option<string> Reference { get; } = new("--reference", "-r")
    {
        Description = "Reference video: .y4m, raw .yuv (PATH:WxH[:420[:BITS[:FPS]]] or the format options), or any container ffmpeg decodes",
        Required = true,
    };

    public Option<string> Distorted { get; } = new("--distorted", "-d")
    {
        Description = "Distorted video, in any of the same forms",
        Required = true,
    };

    public IEnumerable<Option> All => [Reference, Distorted, .. _raw.All, .. _refRaw.All, .. _disRaw.All];

    /// <summary>Opens both videos; the caller disposes them.</summary>
    public (IFrameSource Reference, IFrameSource Distorted) Open(ParseResult parse)
    {
        var referenceInput = VideoInput.Parse(parse.GetRequiredValue(Reference), _refRaw.Parse(parse, _raw));
        var distortedInput = VideoInput.Parse(parse.GetRequiredValue(Distorted), _disRaw.Parse(parse, _raw));
        var reference = VideoSource.Open(referenceInput.Path, referenceInput.Raw);
        try
        {
            var distorted = VideoSource.Open(distortedInput.Path, distortedInput.Raw);
            return (reference, distorted);
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }
}
