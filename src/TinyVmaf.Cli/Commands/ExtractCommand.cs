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

    private readonly Option<string> _features = new("--features")
    {
        Description = "'canonical' (the canonical-6), 'full' (FULL_FEATURES), or a comma list of FULL_FEATURES names",
        DefaultValueFactory = _ => "canonical",
    };

    private readonly Option<string?> _vmafModel = new("--vmaf-model")
    {
        Description = "A libvmaf JSON model (e.g. vmaf_v0.6.1.json): also report its score per frame as 'vmaf'",
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
        var features = FeatureSet.Parse(parse.GetRequiredValue(_features));
        var teacher = parse.GetValue(_vmafModel) is { } modelPath ? VmafModel.Load(modelPath) : null;
        if (teacher is not null)
        {
            features = [.. features, .. TeacherFeatures(teacher).Where(f => !features.Contains(f))];
        }

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
                Threads = parse.GetValue(_threads),
                Kernels = parse.GetValue(_scalar) ? KernelPath.Scalar : KernelPath.Auto,
                Progress = progress,
            }, cancel);
        }

        if (teacher is not null)
        {
            table.SetColumn(teacher.ScoreKey, teacher.PredictFrames(key => table.Column(key)));
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

    /// <summary>The FULL_FEATURES names a libvmaf model reads; a model needing extractor options we lack is refused.</summary>
    private static IEnumerable<string> TeacherFeatures(VmafModel model) =>
        model.FeatureKeys.Select(key => FeatureNames.FromLibvmafKey(key)
            ?? throw new NotSupportedException($"{model.Path}: the model needs '{key}', which tinyvmaf does not compute"));
}
