using System.CommandLine;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf extract</c>: libvmaf features per frame, written as a libvmaf log.</summary>
internal sealed class ExtractCommand : Command
{
    private readonly VideoInputOptions _video = new();

    private readonly Option<string?> _features = new("--features")
    {
        Description = "'canonical' (the canonical-6), 'full' (FULL_FEATURES), or a comma list of FULL_FEATURES names " +
                      "(default: canonical; with --vmaf-model: none, only the model's own features)",
    };

    private readonly Option<string[]> _vmafModel = new("--vmaf-model")
    {
        Description = "A libvmaf model, as libvmaf's --model: version=NAME or path=FILE, with :name=, :enable_transform, " +
                      ":disable_clip, :EXTRACTOR.OPTION=VALUE; or a bare built-in name or path. Repeatable. Writes the " +
                      "model's features and scores under libvmaf's keys",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<int> _threads = new("--threads")
    {
        Description = "Worker threads (0: one per core)",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Log file to write (default: stdout)",
    };

    private readonly Option<string?> _format = LogFormats.CreateOption();

    private readonly Option<bool> _scalar = new("--scalar")
    {
        Description = "Force the scalar reference kernels (slower; for diagnosis). Also: TINYVMAF_SCALAR=1",
    };

    public ExtractCommand()
        : base("extract", "Compute libvmaf features for every frame pair of a reference and a distorted video")
    {
        foreach (var option in _video.All)
        {
            Options.Add(option);
        }

        Options.Add(_features);
        Options.Add(_vmafModel);
        Options.Add(_threads);
        Options.Add(_output);
        Options.Add(_format);
        Options.Add(_scalar);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) => Run(parse, stdout, stderr, c), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var models = VmafModels.Load(parse.GetValue(_vmafModel) ?? []);
        string? featureSpec = parse.GetValue(_features) ?? (models.Count == 0 ? "canonical" : null);
        IReadOnlyList<string> features = featureSpec is null ? [] : FeatureSet.Parse(featureSpec);

        var (reference, distorted) = _video.Open(parse);
        FeatureTable table;
        using (reference)
        using (distorted)
        using (var progress = ProgressLine.ForTerminal(stderr, "frames"))
        {
            Scoring.FrameRates.Check(reference, distorted);
            table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
            {
                Features = features,
                Extractors = VmafModels.Extractors(models),
                Threads = parse.GetValue(_threads),
                Kernels = parse.GetValue(_scalar) ? KernelPath.Scalar : KernelPath.Auto,
                Progress = progress,
            }, cancel);
        }

        foreach (var model in models)
        {
            foreach (var column in model.ScoreFrames(key => table.Column(key)))
            {
                table.SetColumn(column.Key, column.Values);
            }
        }

        var metadata = new LogMetadata
        {
            Fps = reference.FrameRate,
            Width = reference.Format.Width,
            Height = reference.Format.Height,
        };
        string? output = parse.GetValue(_output);
        var format = LogFormats.Resolve(parse.GetValue(_format), output);
        LogOutput.Write(table, format, metadata, output, stdout);
        if (output is not null)
        {
            stderr.WriteLine($"tinyvmaf: {table.FrameCount} frames, {table.Keys.Count} metrics → {output}");
        }

        return CliRun.Ok;
    }
}
