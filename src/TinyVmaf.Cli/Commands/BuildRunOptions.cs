using System.CommandLine;
using System.Globalization;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// The options every corpus-building verb shares (features, teacher, parallelism, output, cache, failures, shard),
/// and the one place that runs a plan and reports on it.
/// </summary>
internal sealed class BuildRunOptions
{
    public Option<string> Features { get; } = new("--features")
    {
        Description = "'canonical' (the canonical-6), 'full' (FULL_FEATURES), or a comma list of FULL_FEATURES names",
        DefaultValueFactory = _ => "canonical",
    };

    public Option<string?> Teacher { get; } = new("--teacher")
    {
        Description = "A libvmaf JSON model (vmaf_v0.6.1.json): its per-frame score becomes the 'vmaf' label",
    };

    public Option<string> Output { get; } = new("--output", "-o") { Description = "Parquet corpus to write (atomically)", Required = true };

    public Option<int> Jobs { get; } = new("--jobs", "-j")
    {
        Description = "Pairs worked on at once (each encode runs ffmpeg on one thread); 0: one per core",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Extraction threads per pair; 0: the cores shared among the jobs",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> Cache { get; } = new("--cache")
    {
        Description = "Per-pair cache folder (default: beside the output, C.parquet → C.cache/); a rerun takes finished pairs from it",
    };

    public Option<string?> KeepEncodes { get; } = new("--keep-encodes")
    {
        Description = "Keep each encode in this folder as <unit><ext> (default: deleted once extracted)",
    };

    public Option<bool> KeepGoing { get; } = new("--keep-going")
    {
        Description = "Record failed pairs in the failures file and build the rest, instead of stopping at the first",
    };

    public Option<string?> Failures { get; } = new("--failures")
    {
        Description = "With --keep-going: the failures file (TSV; default: beside the output, C.failures.tsv)",
    };

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Build shard I of N (I/N, I from 0): a deterministic 1/N of the pairs; join shards with 'corpus merge'",
    };

    public Option<bool> Scalar { get; } = new("--scalar")
    {
        Description = "Force the scalar reference kernels (slower; for diagnosis)",
    };

    public IEnumerable<Option> All => [Features, Teacher, Output, Jobs, Threads, Cache, KeepEncodes, KeepGoing, Failures, Shard, Scalar];

    /// <summary>The teacher, loaded once; null when none was named.</summary>
    public VmafModel? LoadTeacher(ParseResult parse) => parse.GetValue(Teacher) is { } path ? VmafModel.Load(path) : null;

    public BuildOptions Options(ParseResult parse, VmafModel? teacher, string builtBy)
    {
        int jobs = parse.GetValue(Jobs);
        if (jobs < 0 || parse.GetValue(Threads) < 0)
        {
            throw new ArgumentException("--jobs and --threads take 0 (automatic) or a positive number");
        }

        Corpus.Build.Shard shard;
        try
        {
            shard = parse.GetValue(Shard) is { } text ? Corpus.Build.Shard.Parse(text) : Corpus.Build.Shard.Whole;
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--shard: {e.Message}", e);
        }

        return new BuildOptions
        {
            Features = FeatureSet.Parse(parse.GetRequiredValue(Features)),
            Teacher = teacher,
            OutputPath = parse.GetRequiredValue(Output),
            Jobs = jobs > 0 ? jobs : Environment.ProcessorCount,
            ThreadsPerPair = parse.GetValue(Threads),
            CacheDirectory = parse.GetValue(Cache),
            EncodesDirectory = parse.GetValue(KeepEncodes),
            KeepGoing = parse.GetValue(KeepGoing),
            FailuresPath = parse.GetValue(Failures),
            Shard = shard,
            Kernels = parse.GetValue(Scalar) ? KernelPath.Scalar : KernelPath.Auto,
            Metadata = new Dictionary<string, string> { [CorpusBuilder.BuiltByKey] = builtBy },
        };
    }

    /// <summary>Runs <paramref name="plan"/>, drawing progress on a terminal, and reports what was built.</summary>
    public static int Run(BuildPlan plan, BuildOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        foreach (string warning in plan.Warnings)
        {
            stderr.WriteLine($"tinyvmaf: warning: {warning}");
        }

        BuildResult result;
        using (var line = ProgressLine.ForTerminal(stderr, "pairs"))
        {
            var progress = line is null ? null : new Reporter(p => line.Draw(() => Describe(p, line.Elapsed), p.Done == p.Total));
            result = CorpusBuilder.Build(plan, options, progress, cancel);
        }

        foreach (string warning in result.Warnings)
        {
            stderr.WriteLine($"tinyvmaf: warning: {warning}");
        }

        var table = result.Table;
        string where = result.OutputPath is { } output ? $" → {output}" : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Pairs} pairs ({result.Computed} computed, {result.Cached} from the cache, {result.Failures.Count} failed): {table.RowCount} rows, {table.Units.Distinct().Count()} videos, {table.FeatureNames.Count} features{where} in {result.Elapsed.TotalSeconds:F1} s"));
        if (result.Failures.Count > 0)
        {
            stderr.WriteLine($"tinyvmaf: {result.Failures.Count} pair(s) failed and are left out (listed in {result.FailuresPath}):");
            foreach (var failure in result.Failures)
            {
                stderr.WriteLine($"  {failure}");
            }
        }

        return CliRun.Ok;
    }

    private static string Describe(BuildProgress p, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        int left = p.Total - p.Done;

        // Cached pairs take no time, so the rate that predicts the rest is that of the pairs computed.
        string eta = p.Computed > 0 ? TimeSpan.FromSeconds(left * seconds / p.Computed).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        return string.Create(CultureInfo.InvariantCulture,
            $"pairs {p.Done}/{p.Total}: {p.Computed} new, {p.Cached} cached, {p.Failed} failed, {p.Frames / seconds:F0} fps, {eta} left");
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool and draw out of order).</summary>
    private sealed class Reporter(Action<BuildProgress> report) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => report(value);
    }
}

/// <summary>The encoder ladder options, with defaults that differ between verbs.</summary>
internal sealed class LadderOptions
{
    public LadderOptions(string encoders, string[] crf, string[] presets)
    {
        Encoders = new Option<string>("--encoders")
        {
            Description = "Encoders, comma-separated: x264, x265, libsvtav1, libvpx-vp9, libvvenc (one this ffmpeg lacks is reported and skipped)",
            DefaultValueFactory = _ => encoders,
        };
        Crf = new Option<string[]>("--crf")
        {
            Description = "CRF list for every encoder (23,35) or for one (libsvtav1=30,50); repeatable. Ranges: x264/x265 0..51, libsvtav1 1..63, "
                + "libvpx-vp9 0..63 (constant quality), libvvenc QP 0..63. Default per encoder: "
                + string.Join("; ", LadderEncoder.All.Select(e => $"{e.Codec} {string.Join(",", e.DefaultCrfs)}")),
            DefaultValueFactory = _ => crf,
            AllowMultipleArgumentsPerToken = true,
        };
        Presets = new Option<string[]>("--presets")
        {
            Description = "Preset list for every encoder or for one (x264=fast,medium; libsvtav1=6,8); repeatable. libvpx-vp9's is -cpu-used. Default per encoder: "
                + string.Join("; ", LadderEncoder.All.Select(e => $"{e.Codec} {e.DefaultPreset}")),
            DefaultValueFactory = _ => presets,
            AllowMultipleArgumentsPerToken = true,
        };
    }

    public Option<string> Encoders { get; }

    public Option<string[]> Crf { get; }

    public Option<string[]> Presets { get; }

    public IEnumerable<Option> All => [Encoders, Crf, Presets];

    public Ladder Parse(ParseResult parse) =>
        Ladder.Parse(parse.GetRequiredValue(Encoders), parse.GetValue(Crf), parse.GetValue(Presets));
}

/// <summary><c>--codec NAME</c> and <c>--codec-from-source</c>, as the dataset verbs take them.</summary>
internal sealed class DatasetCodecOptions
{
    public Option<string?> Codec { get; } = new("--codec")
    {
        Description = "Label every row with this codec (a vocabulary name or alias)",
    };

    public Option<bool> FromSource { get; } = new("--codec-from-source")
    {
        Description = "Label each row with ffprobe's codec_name of the dataset's own clip, through the codec aliases",
    };

    public IEnumerable<Option> All => [Codec, FromSource];

    public Corpus.Datasets.DatasetCodec Parse(ParseResult parse)
    {
        string? name = parse.GetValue(Codec);
        bool fromSource = parse.GetValue(FromSource);
        return (name, fromSource) switch
        {
            (not null, true) => throw new ArgumentException("--codec and --codec-from-source exclude each other"),
            (not null, _) => Corpus.Datasets.DatasetCodec.Named(name),
            (_, true) => Corpus.Datasets.DatasetCodec.FromSourceStream,
            _ => Corpus.Datasets.DatasetCodec.Default,
        };
    }
}
