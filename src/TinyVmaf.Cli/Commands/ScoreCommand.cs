using System.CommandLine;
using System.Globalization;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Scoring;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf score</c>: the predicted MOS and the VMAF of one or many distorted videos against a reference. A shell
/// over <see cref="VmafScorer"/>: it turns options into <see cref="ScoringOptions"/> and results into lines and files.
/// </summary>
internal sealed class ScoreCommand : Command
{
    private readonly Option<string> _reference = new("--reference", "-r")
    {
        Description = "Reference video: .y4m, raw .yuv (PATH:WxH[:420[:BITS[:FPS]]] or the format options), or any container ffmpeg decodes",
        Required = true,
    };

    private readonly Option<string[]> _distorted = new("--distorted", "-d")
    {
        Description = "Distorted video(s), in any of the same forms; repeat for many encodes of one reference",
    };

    private readonly Option<string?> _distortedList = new("--distorted-list")
    {
        Description = "A file naming distorted videos, one per line (blank lines and lines starting with # are skipped)",
    };

    private readonly RawFormatOptions _raw = new();
    private readonly RawFormatOptions _refRaw = new("--ref-", "Raw reference");
    private readonly RawFormatOptions _disRaw = new("--dis-", "Raw distorted");

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "A shipped model's id, or a path to a model (.onnx / sidecar / folder). Default: the registry's default",
    };

    private readonly Option<string> _vmafModel = new("--vmaf-model")
    {
        Description = "The libvmaf model whose VMAF is reported beside the MOS, in libvmaf's --model syntax: a built-in name (e.g. vmaf_v1.0.16_3d0h, vmaf_v0.6.1neg), version=NAME or path=FILE, with :name=, :enable_transform, … overrides",
        DefaultValueFactory = _ => "vmaf_v0.6.1",
    };

    private readonly Option<string> _codec = new("--codec")
    {
        Description = "'auto' (from each distorted stream via ffprobe; Y4M and raw YUV give 'unknown') or a codec name or alias",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string> _pool = new("--pool")
    {
        Description = "How per-frame scores become one: mean, harmonic_mean (libvmaf's) or min",
        DefaultValueFactory = _ => "mean",
    };

    private readonly Option<int> _subsample = new("--subsample")
    {
        Description = "Score every Nth frame (motion still sees every frame)",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<int> _refSkip = new("--ref-skip") { Description = "Reference frames to drop at the start (libvmaf's --frame_skip_ref)" };

    private readonly Option<int> _disSkip = new("--dis-skip") { Description = "Distorted frames to drop at the start (libvmaf's --frame_skip_dist)" };

    private readonly Option<int?> _frames = new("--frames") { Description = "Measure at most N frame pairs (libvmaf's --frame_cnt)" };

    private readonly Option<string> _sync = new("--sync")
    {
        Description = "'off', or 'auto[:W]': find the offset within ±W frames (default 30) that maximises the mean luma PSNR of the first frames, and measure the aligned frames",
        DefaultValueFactory = _ => "off",
    };

    private readonly Option<string> _scaler = new("--scaler")
    {
        Description = "How a clip of another size is scaled (ffmpeg's scale flags): bicubic, lanczos, bilinear, neighbor, spline",
        DefaultValueFactory = _ => "bicubic",
    };

    private readonly Option<string> _measureAt = new("--measure-at")
    {
        Description = "Measure at WxH, 720p, 1080p, 1440p, 2160p (both clips scaled) or 'reference' (the distorted clip scaled to the reference's size)",
        DefaultValueFactory = _ => "reference",
    };

    private readonly Option<string?> _crop = new("--crop") { Description = "Measure only W:H[:X:Y] of the reference's frame (ffmpeg's crop; X, Y centred when absent), e.g. to drop letterbox bars" };

    private readonly Option<bool> _convertFps = new("--convert-fps")
    {
        Description = "Convert a distorted clip of another frame rate to the reference's, as ffmpeg's fps filter does (else it is refused)",
    };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "Log file (libvmaf's layouts) to write; one distorted clip only (see --log-dir)" };

    private readonly Option<string?> _logDir = new("--log-dir") { Description = "Folder for one log per distorted clip (named after the clip)" };

    private readonly Option<string?> _summary = new("--summary") { Description = "Summary file, one row per clip: .csv, or .ndjson / .jsonl" };

    private readonly Option<string?> _format = LogFormats.CreateOption();

    private readonly Option<int> _threads = new("--threads") { Description = "Worker threads (0: one per core)", DefaultValueFactory = _ => 0 };

    private readonly Option<bool> _scalar = new("--scalar") { Description = "Force the scalar reference kernels (also TINYVMAF_SCALAR=1)" };

    public ScoreCommand()
        : base("score", "Predict the MOS (and compute the VMAF) of distorted videos against their reference, per frame and pooled")
    {
        _pool.AcceptOnlyFromAmong("mean", "harmonic_mean", "min");
        _scaler.AcceptOnlyFromAmong("bicubic", "lanczos", "bilinear", "neighbor", "spline");
        foreach (var option in (IEnumerable<Option>)[_reference, _distorted, _distortedList, .. _raw.All, .. _refRaw.All, .. _disRaw.All,
                     _model, _vmafModel, _codec, _pool, _subsample, _refSkip, _disSkip, _frames, _sync, _scaler, _measureAt, _crop, _convertFps,
                     _output, _logDir, _summary, _format, _threads, _scalar])
        {
            Options.Add(option);
        }

        SetAction((parse, cancel) => CliRun.GuardAsync(parse, (stdout, stderr, c) => RunAsync(parse, stdout, stderr, c), cancel));
    }

    private async Task<int> RunAsync(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var reference = VideoInput.Parse(parse.GetRequiredValue(_reference), _refRaw.Parse(parse, _raw)) with { Skip = NonNegative(parse, _refSkip) };
        var distorted = DistortedInputs(parse);
        string? output = parse.GetValue(_output);
        if (output is not null && distorted.Count > 1)
        {
            throw new ArgumentException($"--output names one log, but there are {distorted.Count} distorted clips: give --log-dir (one log per clip) and --summary");
        }

        var options = new ScoringOptions
        {
            Model = parse.GetValue(_model),
            VmafModel = parse.GetRequiredValue(_vmafModel),
            Codec = parse.GetRequiredValue(_codec),
            Pool = parse.GetRequiredValue(_pool) switch { "harmonic_mean" => PoolMethod.HarmonicMean, "min" => PoolMethod.Min, _ => PoolMethod.Mean },
            Subsample = parse.GetValue(_subsample),
            Threads = parse.GetValue(_threads),
            Kernels = parse.GetValue(_scalar) ? KernelPath.Scalar : KernelPath.Auto,
            Frames = parse.GetValue(_frames),
            SyncWindow = ParseSync(parse.GetRequiredValue(_sync)),
            Scaler = Enum.Parse<Scaler>(parse.GetRequiredValue(_scaler), ignoreCase: true),
            MeasureAt = FrameSize.Parse(parse.GetRequiredValue(_measureAt)),
            Crop = parse.GetValue(_crop) is { } crop ? CropRect.Parse(crop) : null,
            ConvertFrameRate = parse.GetValue(_convertFps),
        };

        string? logDir = parse.GetValue(_logDir);
        string? summary = parse.GetValue(_summary);
        var format = LogFormats.Resolve(parse.GetValue(_format), output);
        var rows = new List<(ScoreResult, string?)>();
        var logNames = new HashSet<string>(StringComparer.Ordinal);
        using var scorer = VmafScorer.Create(options);
        CliRun.NoticeIfUnregistered(stderr, scorer.ModelId, scorer.ModelPath, scorer.ModelSha256, scorer.ModelIsRegistered);
        using var line = ProgressLine.ForTerminal(stderr, "frames");
        var progress = line is null ? null : new Progress(line);
        await foreach (var result in scorer.ScoreEachAsync(reference, distorted, progress, cancel))
        {
            line?.Dispose();
            string? log = output ?? (logDir is null ? null : LogPath(logDir, result.Distorted, format, logNames));
            if (log is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(log))!);
                result.WriteLogFile(log, format);
            }

            if (distorted.Count > 1)
            {
                stdout.WriteLine($"clip {rows.Count + 1}/{distorted.Count}: {result.Distorted}");
            }

            ScoreLines.Write(stdout, result, log);
            rows.Add((result, log));
        }

        if (summary is not null)
        {
            ScoreSummary.WriteFile(summary, rows);
            stdout.WriteLine($"summary: {summary}");
        }

        return CliRun.Ok;
    }

    private List<VideoInput> DistortedInputs(ParseResult parse)
    {
        var raw = _disRaw.Parse(parse, _raw);
        int skip = NonNegative(parse, _disSkip);
        var specs = (parse.GetValue(_distorted) ?? []).ToList();
        if (parse.GetValue(_distortedList) is { } list)
        {
            if (!File.Exists(list))
            {
                throw new FileNotFoundException($"{list}: --distorted-list file not found", list);
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(list))!;
            specs.AddRange(File.ReadLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => Path.IsPathRooted(l) ? l : Path.Combine(folder, l)));
        }

        if (specs.Count == 0)
        {
            throw new ArgumentException("no distorted video: give -d/--distorted (repeatable) or --distorted-list");
        }

        return specs.Select(s => VideoInput.Parse(s, raw) with { Skip = skip }).ToList();
    }

    /// <summary><c>DIR/&lt;clip name&gt;.json</c>, numbered when two clips share a name.</summary>
    private static string LogPath(string folder, string clip, Features.Logs.LogFormat format, HashSet<string> taken)
    {
        string extension = format.ToString().ToLowerInvariant();
        string stem = Path.GetFileNameWithoutExtension(clip);
        string name = stem;
        for (int n = 2; !taken.Add(name); n++)
        {
            name = $"{stem}_{n}";
        }

        return Path.Combine(folder, $"{name}.{extension}");
    }

    private static int NonNegative(ParseResult parse, Option<int> option) =>
        parse.GetValue(option) is var n and >= 0 ? n : throw new ArgumentException($"{option.Name} must be 0 or more");

    /// <summary><c>off</c>, <c>auto</c> (±30 frames) or <c>auto:W</c>.</summary>
    internal static int? ParseSync(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        if (v is "off" or "none")
        {
            return null;
        }

        if (v == "auto")
        {
            return 30;
        }

        return v.StartsWith("auto:", StringComparison.Ordinal) && int.TryParse(v.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int window)
            ? window
            : throw new ArgumentException($"--sync '{value}' is not off, auto or auto:W (W frames each way)");
    }

    private sealed class Progress(ProgressLine line) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => line.Draw(() =>
            (value.Clips > 1 ? $"clip {value.Clip + 1}/{value.Clips} {Path.GetFileName(value.Distorted)}: " : "")
            + (value.TotalFrames is int total ? $"frame {value.Frame}/{total}" : $"frame {value.Frame}")
            + string.Create(CultureInfo.InvariantCulture, $", {value.Frame / Math.Max(line.Elapsed.TotalSeconds, 1e-9):F1}/s"));
    }
}
