using System.CommandLine;
using TinyVmaf.Corpus.Build;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus build</c>: encode references over a ladder, extract natively, write a parquet corpus.</summary>
internal sealed class CorpusBuildCommand : Command
{
    private readonly Option<string[]> _sources = new("--sources")
    {
        Description = "Reference videos, or folders of them: .y4m, raw .yuv (with the raw format options), or any container ffmpeg decodes",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly RawFormatOptions _raw = new();
    private readonly LadderOptions _ladder = new("x264,x265,libsvtav1,libvpx-vp9", [], []);
    private readonly BuildRunOptions _build = new();

    public CorpusBuildCommand()
        : base("build", "Encode references over a ladder of encoders and CRFs, extract features natively, and write a corpus")
    {
        Options.Add(_sources);
        foreach (var option in _ladder.All.Concat(_raw.All).Concat(_build.All))
        {
            Options.Add(option);
        }

        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var ladder = _ladder.Parse(parse);
            var teacher = _build.LoadTeacher(parse);
            var options = _build.Options(parse, teacher, "corpus build");
            var sources = LadderPlanner.FindSources(parse.GetRequiredValue(_sources), _raw.Parse(parse));
            return BuildRunOptions.Run(LadderPlanner.Plan(sources, ladder), options, stdout, stderr, c);
        }, cancel));
    }
}
