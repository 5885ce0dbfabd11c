using System.CommandLine;
using System.Globalization;
using TinyVmaf.Cli.Scoring;
using TinyVmaf.Corpus;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf score</c>: the predicted MOS of a distorted video against its reference.</summary>
internal sealed class ScoreCommand : Command
{
    private readonly VideoInputOptions _video = new();

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "A shipped model's id, or a path to a model (.onnx / sidecar / folder). Default: the registry's default",
    };

    private readonly Option<string> _codec = new("--codec")
    {
        Description = "'auto' (from the distorted stream via ffprobe; Y4M and raw YUV give 'unknown') or a codec name or alias",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string> _pool = new("--pool")
    {
        Description = "How per-frame scores become one: mean, harmonic_mean (libvmaf's) or min",
        DefaultValueFactory = _ => "mean",
    };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "Log file (libvmaf's layouts) to write" };

    private readonly Option<string?> _format = LogFormats.CreateOption();

    private readonly Option<int> _threads = new("--threads") { Description = "Worker threads (0: one per core)", DefaultValueFactory = _ => 0 };

    private readonly Option<int> _subsample = new("--subsample")
    {
        Description = "Score every Nth frame (motion still sees every frame)",
        DefaultValueFactory = _ => 1,
    };

    public ScoreCommand()
        : base("score", "Predict the MOS of a distorted video against its reference, per frame and pooled")
    {
        foreach (var option in _video.All)
        {
            Options.Add(option);
        }

        _pool.AcceptOnlyFromAmong("mean", "harmonic_mean", "min");
        _subsample.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--subsample must be at least 1");
            }
        });
        Options.Add(_model);
        Options.Add(_codec);
        Options.Add(_pool);
        Options.Add(_output);
        Options.Add(_format);
        Options.Add(_threads);
        Options.Add(_subsample);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) => Run(parse, stdout, stderr, c), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        using var model = ShippedModels.Load(ShippedModels.Resolve(parse.GetValue(_model)), stderr);
        var (codec, codecSource) = ResolveCodec(parse.GetRequiredValue(_codec), parse.GetRequiredValue(_video.Distorted));
        int subsample = parse.GetValue(_subsample);

        var (reference, distorted) = _video.Open(parse);
        FeatureTable table;
        using (reference)
        using (distorted)
        {
            CheckFrameRates(reference, distorted);
            using var progress = ProgressLine.ForTerminal(stderr, "frames");
            table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
            {
                Features = model.FeatureOrder,
                Threads = parse.GetValue(_threads),
                Subsample = subsample,
                Progress = progress,
            }, cancel).Subsample(subsample);
        }

        ModelScorer.AddScores(model, table, codec, parse.GetRequiredValue(_video.Distorted));
        var scores = table.Column(model.Id);
        string pool = parse.GetRequiredValue(_pool);
        double pooled = Pool(scores, pool);
        var aggregates = new List<KeyValuePair<string, double>> { new($"{model.Id}_{pool}", pooled) };
        string interval = "";
        if (model.HasVariance)
        {
            // Frame errors are taken as fully correlated (the conservative case): the pooled interval is the
            // pooled score ± z·(mean per-frame σ), never narrower than a typical frame's.
            double sigma = Pooling.Mean(table.Column(model.Id + "_stddev"));
            var (low, high) = model.ScoreRange;
            double ciLow = Math.Clamp(pooled - ModelScorer.Z95 * sigma, low, high);
            double ciHigh = Math.Clamp(pooled + ModelScorer.Z95 * sigma, low, high);
            aggregates.Add(new($"{model.Id}_ci95_low", ciLow));
            aggregates.Add(new($"{model.Id}_ci95_high", ciHigh));
            interval = string.Create(CultureInfo.InvariantCulture, $", 95% interval [{ciLow:F2}, {ciHigh:F2}]");
        }

        string? output = parse.GetValue(_output);
        var metadata = new LogMetadata
        {
            Fps = reference.FrameRate,
            Width = reference.Format.Width,
            Height = reference.Format.Height,
            Subsample = subsample,
            Extra = [new("model", model.Id), new("codec", codec), new("codec_source", codecSource), new("pool", pool)],
            Aggregates = aggregates,
        };
        if (output is not null)
        {
            LogOutput.Write(table, LogFormats.Resolve(parse.GetValue(_format), output), metadata, output, stdout);
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Id}: {pooled:F2} ({pool} of {table.FrameCount} frames{interval}); mean {Pooling.Mean(scores):F2}, harmonic mean {Pooling.HarmonicMean(scores):F2}, min {Pooling.Min(scores):F2}"));
        stdout.WriteLine(model.IsCodecAware ? $"codec: {codec} ({codecSource})" : $"codec: {codec} ({codecSource}; the model is codec-blind)");
        if (output is not null)
        {
            stdout.WriteLine($"log: {output}");
        }

        return CliRun.Ok;
    }

    private static (string Codec, string Source) ResolveCodec(string option, string distortedPath)
    {
        if (!string.Equals(option, "auto", StringComparison.OrdinalIgnoreCase))
        {
            string codec = CodecVocabulary.Canonical(option);
            if (codec == "unknown" && !string.Equals(option.Trim(), "unknown", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--codec '{option}' is not in codec vocabulary v{CodecVocabulary.Version} ({string.Join(", ", CodecVocabulary.Names)}) nor one of its aliases");
            }

            return (codec, "--codec");
        }

        string? raw = CodecDetection.RawCodecName(distortedPath);
        return raw is null
            ? ("unknown", "raw video carries no codec")
            : (CodecVocabulary.Canonical(raw), $"detected: ffprobe codec_name '{raw}'");
    }

    /// <summary>Refuses clips whose frame rates both are known and differ: frames would not pair up in time.</summary>
    private static void CheckFrameRates(IFrameSource reference, IFrameSource distorted)
    {
        if (reference.FrameRate > 0 && distorted.FrameRate > 0 && Math.Abs(reference.FrameRate - distorted.FrameRate) > 0.01)
        {
            throw new VideoInputException(distorted.Path, string.Create(CultureInfo.InvariantCulture,
                $"frame rate {distorted.FrameRate:0.###} differs from the reference's {reference.FrameRate:0.###} ({reference.Path}); convert one first (e.g. ffmpeg -vf fps=…)"));
        }
    }

    private static double Pool(ReadOnlySpan<double> scores, string method) => method switch
    {
        "harmonic_mean" => Pooling.HarmonicMean(scores),
        "min" => Pooling.Min(scores),
        _ => Pooling.Mean(scores),
    };
}
