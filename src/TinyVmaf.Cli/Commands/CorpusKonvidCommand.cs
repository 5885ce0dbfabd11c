using System.CommandLine;
using TinyVmaf.Corpus.Datasets;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus konvid</c>: KoNViD-1k's videos, each encoded here, with their MOS rescaled to 0..100.</summary>
internal sealed class CorpusKonvidCommand : Command
{
    private readonly Option<string> _root = new("--root")
    {
        Description = "The dataset folder: <flickr_id>.mp4 videos in KoNViD_1k_videos/ (or in the folder itself)",
        Required = true,
    };

    private readonly Option<string?> _mos = new("--mos")
    {
        Description = "The MOS table (flickr_id, mos on 1..5); default: KoNViD_1k_mos.csv in the root or in KoNViD_1k_metadata/",
    };

    private readonly LadderOptions _ladder = new("x264", ["35"], ["x264=veryfast"]);
    private readonly DatasetCodecOptions _codec = new();
    private readonly BuildRunOptions _build = new();

    public CorpusKonvidCommand()
        : base("konvid", "Build a corpus from KoNViD-1k (each video encoded, by default libx264 CRF 35 preset veryfast; MOS 1..5 rescaled to 0..100)")
    {
        foreach (var option in new Option[] { _root, _mos }.Concat(_ladder.All).Concat(_codec.All).Concat(_build.All))
        {
            Options.Add(option);
        }

        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var teacher = _build.LoadTeacher(parse);
            var options = _build.Options(parse, teacher, "corpus konvid");
            var plan = KonvidLayout.Plan(new KonvidOptions(parse.GetRequiredValue(_root))
            {
                MosPath = parse.GetValue(_mos),
                Ladder = _ladder.Parse(parse),
                Codec = _codec.Parse(parse),
            });
            return BuildRunOptions.Run(plan, options, stdout, stderr, c);
        }, cancel));
    }
}
