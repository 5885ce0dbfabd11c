using System.CommandLine;
using TinyVmaf.Corpus.Datasets;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus netflix</c>: the Netflix Public dataset's pre-encoded pairs as a corpus.</summary>
internal sealed class CorpusNetflixCommand : Command
{
    private readonly Option<string> _root = new("--root")
    {
        Description = "The dataset folder, holding ref/<src>_<fps>fps.yuv and dis/<src>_<quality>_<height>_<kbps>.yuv",
        Required = true,
    };

    private readonly Option<string?> _scores = new("--scores")
    {
        Description = "The dataset's score file: NFLX_dataset_public.py (DMOS), NFLX_dataset_public_raw.py (opinion scores 1..5, rescaled), or a CSV (dis, dmos|mos)",
    };

    private readonly Option<string?> _mosScale = new("--mos-scale") { Description = "A CSV score file's scale, rescaled to 0..100 (e.g. 1:5)" };

    private readonly Option<int> _width = new("--width") { Description = "Frame width of the .yuv files", DefaultValueFactory = _ => 1920 };

    private readonly Option<int> _height = new("--height") { Description = "Frame height of the .yuv files", DefaultValueFactory = _ => 1080 };

    private readonly DatasetCodecOptions _codec = new();
    private readonly BuildRunOptions _build = new();

    public CorpusNetflixCommand()
        : base("netflix", "Build a corpus from the Netflix Public dataset (pre-encoded distortions; codec 'unknown' unless told; DMOS when given its score file)")
    {
        foreach (var option in new Option[] { _root, _scores, _mosScale, _width, _height }.Concat(_codec.All).Concat(_build.All))
        {
            Options.Add(option);
        }

        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var teacher = _build.LoadTeacher(parse);
            var options = _build.Options(parse, teacher, "corpus netflix");
            var plan = NetflixPublicLayout.Plan(new NetflixPublicOptions(parse.GetRequiredValue(_root))
            {
                ScoresPath = parse.GetValue(_scores),
                CsvScale = parse.GetValue(_mosScale) is { } scale ? ParseScale(scale) : null,
                Width = parse.GetValue(_width),
                Height = parse.GetValue(_height),
                Codec = _codec.Parse(parse),
            });
            return BuildRunOptions.Run(plan, options, stdout, stderr, c);
        }, cancel));
    }

    private static MosScale ParseScale(string text)
    {
        try
        {
            return MosScale.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--mos-scale: {e.Message}", e);
        }
    }
}
