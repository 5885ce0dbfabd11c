using System.CommandLine;
using TinyVmaf.Corpus.Datasets;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus bvi-dvc</c>: BVI-DVC's references, encoded here, labelled by the teacher.</summary>
internal sealed class CorpusBviDvcCommand : Command
{
    private readonly Option<string> _root = new("--root")
    {
        Description = "The dataset folder; clips named <tier><Name>_<W>x<H>_<fps>fps_10bit_420.(mp4|yuv|y4m) anywhere under it",
        Required = true,
    };

    private readonly Option<string> _tiers = new("--tiers")
    {
        Description = "Resolution tiers to take: A (3840x2176), B (1920x1088), C (960x544), D (480x272)",
        DefaultValueFactory = _ => "A,B,C,D",
    };

    private readonly LadderOptions _ladder = new("x264", ["35"], ["x264=fast"]);
    private readonly DatasetCodecOptions _codec = new();
    private readonly BuildRunOptions _build = new();

    public CorpusBviDvcCommand()
        : base("bvi-dvc", "Build a corpus from BVI-DVC (10-bit references; by default libx264 CRF 35 preset fast; label: the teacher)")
    {
        foreach (var option in new Option[] { _root, _tiers }.Concat(_ladder.All).Concat(_codec.All).Concat(_build.All))
        {
            Options.Add(option);
        }

        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var teacher = _build.LoadTeacher(parse);
            var options = _build.Options(parse, teacher, "corpus bvi-dvc");
            var tiers = parse.GetRequiredValue(_tiers).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => t.Length == 1 ? char.ToUpperInvariant(t[0]) : throw new ArgumentException($"--tiers: '{t}' is not a tier letter (A, B, C, D)"))
                .ToArray();
            var plan = BviDvcLayout.Plan(new BviDvcOptions(parse.GetRequiredValue(_root))
            {
                Tiers = tiers,
                Ladder = _ladder.Parse(parse),
                Codec = _codec.Parse(parse),
            });
            if (teacher is null)
            {
                stderr.WriteLine("tinyvmaf: warning: BVI-DVC has no opinion scores; without --teacher the corpus has no label");
            }

            return BuildRunOptions.Run(plan, options, stdout, stderr, c);
        }, cancel));
    }
}
