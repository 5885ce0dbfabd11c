using System.Globalization;
using System.Runtime.CompilerServices;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Scoring.Alignment;
using TinyVmaf.Scoring.Inputs;
using TinyVmaf.Scoring.Models;

namespace TinyVmaf.Scoring;

/// <summary>
/// Scores distorted videos against a reference: libvmaf's features computed natively, the regressor's MOS and the
/// VMAF of a libvmaf model per frame and pooled. Inputs of another size are scaled as
/// <c>ffmpeg -vf scale=W:H:flags=bicubic</c> does, offsets found or skipped, frame rates checked or converted.
/// <code>
/// using var scorer = VmafScorer.Create(new ScoringOptions());
/// var result = await scorer.ScoreAsync(new VideoInput("ref.mp4"), new VideoInput("dis.mp4"), progress, ct);
/// Console.WriteLine($"MOS {result.Mos:F2}, VMAF {result.Vmaf:F2}");
/// </code>
/// </summary>
public sealed class VmafScorer : IDisposable
{
    private readonly ScoringOptions _options;
    private readonly RegressorModel _model;
    private readonly VmafModel _vmaf;
    private readonly IReadOnlyList<ExtractorRequest> _vmafExtractors;
    private readonly string? _codec;

    private VmafScorer(ScoringOptions options, RegressorModel model, VmafModel vmaf, string? codec)
    {
        _options = options;
        _model = model;
        _vmaf = vmaf;
        _codec = codec;
        if (vmaf.Features.FirstOrDefault(f => f.Extractor is null) is { } unknown)
        {
            throw new NotSupportedException($"{vmaf.Path}: no libvmaf extractor known here provides the model's feature '{unknown.ModelName}'");
        }

        // The pipeline runs each extractor instance once, however many of the regressor's and the model's features it gives.
        _vmafExtractors = vmaf.Extractors.Select(i => new ExtractorRequest(i.Extractor, i.Options, i.KeySuffix)).ToArray();
    }

    /// <summary>The regressor's id (the log column of its scores).</summary>
    public string ModelId => _model.Id;

    /// <summary>The regressor's .onnx file.</summary>
    public string ModelPath => _model.OnnxPath;

    /// <summary>sha256 of the regressor's .onnx bytes, as checked at load.</summary>
    public string ModelSha256 => _model.Sha256;

    /// <summary>False when no registry lists the regressor: it loaded on its sidecar's sha256 pin alone (say so to the user).</summary>
    public bool ModelIsRegistered => _model.IsRegistered;

    /// <summary>
    /// Loads the models the options name (checking the regressor against the registry's pin) and validates the
    /// options; throws <see cref="ArgumentException"/>, <see cref="FileNotFoundException"/>,
    /// <see cref="ModelRefusedException"/> or <see cref="VmafModelException"/> with a message naming the problem.
    /// </summary>
    public static VmafScorer Create(ScoringOptions? options = null)
    {
        options ??= new ScoringOptions();
        options.Validate();
        string? codec = ParseCodec(options.Codec);
        var vmaf = VmafModel.Load(VmafModelSpec.Parse(options.VmafModel), options.ModelsFolder ?? ShippedModels.Folder());
        var model = RegressorModel.Load(ShippedModels.Resolve(options.Model, options.ModelsFolder));
        try
        {
            return new VmafScorer(options, model, vmaf, codec);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Scores one distorted clip against its reference.</summary>
    public Task<ScoreResult> ScoreAsync(VideoInput reference, VideoInput distorted, IProgress<ScoringProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        return Task.Run(() =>
        {
            // Both inputs are probed at once: each ffprobe is mostly its own start-up.
            var distortedPlan = Task.Run(() => InputPlan.Inspect(distorted), cancel);
            var prepared = PrepareReference(InputPlan.Inspect(reference));
            return ScoreOne(prepared, reference.Skip, distorted, distortedPlan.GetAwaiter().GetResult(), 0, 1, progress, cancel);
        }, cancel);
    }

    /// <summary>Scores every distorted clip against one reference, which is decoded once; results in the clips' order.</summary>
    public async Task<IReadOnlyList<ScoreResult>> ScoreManyAsync(
        VideoInput reference, IReadOnlyList<VideoInput> distorted, IProgress<ScoringProgress>? progress = null, CancellationToken cancel = default)
    {
        var results = new List<ScoreResult>(distorted.Count);
        await foreach (var result in ScoreEachAsync(reference, distorted, progress, cancel))
        {
            results.Add(result);
        }

        return results;
    }

    /// <summary>
    /// <see cref="ScoreManyAsync"/> yielding each clip's result as soon as it is measured. A reference that only
    /// ffmpeg reads (a container, or one to crop or scale) is decoded once into a temporary Y4M file, deleted at the end.
    /// </summary>
    public async IAsyncEnumerable<ScoreResult> ScoreEachAsync(
        VideoInput reference, IReadOnlyList<VideoInput> distorted, IProgress<ScoringProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        if (distorted.Count == 0)
        {
            throw new ArgumentException("no distorted clips to score");
        }

        var firstPlan = Task.Run(() => InputPlan.Inspect(distorted[0]), cancel);
        var prepared = PrepareReference(InputPlan.Inspect(reference));
        string? folder = null;
        try
        {
            if (distorted.Count > 1 && prepared.Frames.NeedsFfmpeg)
            {
                // The process id in the name lets a reader (a test, a clean-up) tell this run's copies from another's.
                folder = Directory.CreateTempSubdirectory($"tinyvmaf-ref-{Environment.ProcessId}-").FullName;
                string copy = Path.Combine(folder, "reference.y4m");
                await Task.Run(() => prepared.Frames.DecodeTo(copy), cancel);
                using var decoded = Y4mReader.Open(copy);
                prepared = prepared with { Frames = prepared.Frames.ReadFrom(copy, decoded.Format) };
            }

            for (int i = 0; i < distorted.Count; i++)
            {
                int clip = i;
                var plan = prepared;
                var distortedPlan = clip == 0 ? await firstPlan : InputPlan.Inspect(distorted[clip]);
                yield return await Task.Run(() => ScoreOne(plan, reference.Skip, distorted[clip], distortedPlan, clip, distorted.Count, progress, cancel), cancel);
            }
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public void Dispose() => _model.Dispose();

    private ScoreResult ScoreOne(PreparedReference referencePlan, int referenceSkip, VideoInput distortedInput, InputPlan distortedPlan, int clip, int clips,
        IProgress<ScoringProgress>? progress, CancellationToken cancel)
    {
        var (codec, codecSource) = _codec is { } given ? (given, "--codec")
            : distortedPlan.Probe is { } probe ? (CodecVocabulary.Canonical(probe.CodecName), $"detected: ffprobe codec_name '{probe.CodecName}'")
            : ("unknown", "raw video carries no codec");

        var preparation = new List<string>(referencePlan.Notes);
        var original = referencePlan.Original;
        var reference = referencePlan.Frames;
        var distorted = PrepareDistorted(original, distortedPlan, preparation);

        int refSkip = referenceSkip;
        int disSkip = distortedInput.Skip;
        SyncResult? sync = null;
        if (_options.SyncWindow is int window)
        {
            var (opened, openedDistorted) = OpenBoth(reference, distorted);
            using var r = new FrameWindow(opened, refSkip, null);
            using var s = new FrameWindow(openedDistorted, disSkip, null);
            sync = SyncSearch.Find(r, s, window, _options.SyncFrames, cancel);
            refSkip += sync.ReferenceSkip;
            disSkip += sync.DistortedSkip;
        }

        FeatureTable table;
        var (referenceFrames, distortedFrames) = OpenBoth(reference, distorted);
        using (var r = new FrameWindow(referenceFrames, refSkip, _options.Frames))
        using (var s = new FrameWindow(distortedFrames, disSkip, _options.Frames))
        {
            int? total = distortedPlan.Probe?.FrameCount is int n ? Math.Max(0, n - disSkip) : null;
            if (_options.Frames is int limit && total is int t)
            {
                total = Math.Min(t, limit);
            }

            var frames = progress is null ? null : new Progress(progress, clip, clips, distortedPlan.Path, total);
            table = FeaturePipeline.Run(r, s, new ExtractionOptions
            {
                Features = _model.FeatureOrder,
                Extractors = _vmafExtractors,
                Threads = _options.Threads,
                Kernels = _options.Kernels,
                Subsample = _options.Subsample,
                StopAtShorter = refSkip > 0 || disSkip > 0 || _options.Frames is not null || sync is not null,
                Progress = frames,
            }, cancel).Subsample(_options.Subsample);
        }

        if (table.FrameCount == 0)
        {
            throw new VideoInputException(distortedPlan.Path, "no frame pairs left to measure after the skipped frames");
        }

        foreach (var column in _vmaf.ScoreFrames(key => table.Column(key)))
        {
            table.SetColumn(column.Key, column.Values);
        }

        ModelScorer.AddScores(_model, table, codec, distortedPlan.Path);
        return Collect(table, original, distortedPlan, reference, codec, codecSource, refSkip, disSkip, sync, preparation);
    }

    private ScoreResult Collect(FeatureTable table, InputPlan referencePlan, InputPlan distortedPlan, InputPlan reference, string codec, string codecSource,
        int refSkip, int disSkip, SyncResult? sync, List<string> preparation)
    {
        var mos = table.Column(_model.Id);
        var vmaf = table.Column(_vmaf.ScoreKey);
        var mosPooled = PooledScore.Of(mos);
        (double, double)? interval = null;
        double[]? low = null, high = null;
        if (_model.HasVariance)
        {
            // Frame errors are taken as fully correlated (the conservative case): the pooled interval is the
            // pooled score ± z·(mean per-frame σ), never narrower than a typical frame's.
            double sigma = Features.Logs.Pooling.Mean(table.Column(_model.Id + "_stddev"));
            var (lo, hi) = _model.ScoreRange;
            double pooled = mosPooled.By(_options.Pool);
            interval = (Math.Clamp(pooled - ModelScorer.Z95 * sigma, lo, hi), Math.Clamp(pooled + ModelScorer.Z95 * sigma, lo, hi));
            low = table.Column(_model.Id + "_ci95_low").ToArray();
            high = table.Column(_model.Id + "_ci95_high").ToArray();
        }

        var frames = new FrameScore[table.FrameCount];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new FrameScore(i * _options.Subsample, mos[i], vmaf[i], low?[i], high?[i]);
        }

        return new ScoreResult(table)
        {
            Reference = referencePlan.Path,
            Distorted = distortedPlan.Path,
            ModelId = _model.Id,
            ModelIsCodecAware = _model.IsCodecAware,
            VmafModel = _vmaf.Path,
            VmafKey = _vmaf.ScoreKey,
            Codec = codec,
            CodecSource = codecSource,
            Pool = _options.Pool,
            Frames = frames,
            MosPooled = mosPooled,
            VmafPooled = PooledScore.Of(vmaf),
            MosInterval = interval,
            Subsample = _options.Subsample,
            FrameRate = referencePlan.FrameRate,
            MeasuredSize = reference.OutputSize,
            DistortedSize = new FrameSize(distortedPlan.Format.Width, distortedPlan.Format.Height),
            BitrateKbps = distortedPlan.Probe?.BitrateKbps,
            ReferenceSkip = refSkip,
            DistortedSkip = disSkip,
            Sync = sync,
            Preparation = preparation,
        };
    }

    /// <summary>
    /// Opens both inputs at once: a container's decoder takes a while to start and write its stream header, and the
    /// two need not wait for each other. When both fail, the reference's error is the one thrown, as when opened in turn.
    /// </summary>
    private static (IFrameSource Reference, IFrameSource Distorted) OpenBoth(InputPlan reference, InputPlan distorted)
    {
        var opening = Task.Run(reference.Open);
        IFrameSource distortedFrames;
        try
        {
            distortedFrames = distorted.Open();
        }
        catch
        {
            opening.GetAwaiter().GetResult().Dispose();
            throw;
        }

        try
        {
            return (opening.GetAwaiter().GetResult(), distortedFrames);
        }
        catch
        {
            distortedFrames.Dispose();
            throw;
        }
    }

    /// <summary>The size measured at: <see cref="ScoringOptions.MeasureAt"/>, else the (cropped) reference's.</summary>
    private FrameSize MeasureSize(InputPlan reference) =>
        _options.MeasureAt ?? (_options.Crop is { } crop ? new FrameSize(crop.Width, crop.Height) : new FrameSize(reference.Format.Width, reference.Format.Height));

    private PreparedReference PrepareReference(InputPlan reference)
    {
        var notes = new List<string>();
        var filters = new List<string>();
        var size = new FrameSize(reference.Format.Width, reference.Format.Height);
        if (_options.Crop is { } crop)
        {
            filters.Add(crop.Filter(size.Width, size.Height, reference.Path));
            size = new FrameSize(crop.Width, crop.Height);
            notes.Add($"both clips cropped to {crop.Width}x{crop.Height} at {crop.Place(reference.Format.Width, reference.Format.Height, reference.Path)} of the reference's frame (ffmpeg crop)");
        }

        var measure = MeasureSize(reference);
        if (measure != size)
        {
            filters.Add(Scale(measure));
            notes.Add($"reference scaled from {size} to {measure} (ffmpeg scale, flags={ScalerName})");
        }

        return new PreparedReference(reference, reference.WithFilter(filters, measure, Ffmpeg.PlanarTarget(reference.Probe?.PixelFormat ?? reference.Format.PixelFormatName)), notes);
    }

    private InputPlan PrepareDistorted(InputPlan reference, InputPlan distorted, List<string> notes)
    {
        var filters = new List<string>();
        if (FrameRates.Differ(reference.FrameRate, distorted.FrameRate))
        {
            if (!_options.ConvertFrameRate)
            {
                throw FrameRates.Refusal(reference.Path, reference.FrameRate, distorted.Path, distorted.FrameRate);
            }

            filters.Add(FrameRates.Filter(reference.FrameRate));
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"distorted converted from {distorted.FrameRate:0.###} to {reference.FrameRate:0.###} fps (ffmpeg fps filter)"));
        }

        var referenceSize = new FrameSize(reference.Format.Width, reference.Format.Height);
        var size = new FrameSize(distorted.Format.Width, distorted.Format.Height);
        var measure = MeasureSize(reference);
        if (_options.Crop is { } crop)
        {
            if (size != referenceSize)
            {
                filters.Add(Scale(referenceSize));
                notes.Add($"distorted scaled from {size} to the reference's {referenceSize} before cropping (ffmpeg scale, flags={ScalerName})");
            }

            filters.Add(crop.Filter(referenceSize.Width, referenceSize.Height, reference.Path));
            size = new FrameSize(crop.Width, crop.Height);
        }

        if (size != measure)
        {
            filters.Add(Scale(measure));
            notes.Add($"distorted scaled from {size} to {measure} (ffmpeg scale, flags={ScalerName})");
        }

        // The reference's pixel format, so that a scaled distorted clip pairs with it (libvmaf needs one format).
        string pixelFormat = Ffmpeg.PlanarTarget(reference.Probe?.PixelFormat ?? reference.Format.PixelFormatName);
        return distorted.WithFilter(filters, measure, pixelFormat);
    }

    private string ScalerName => _options.Scaler.ToString().ToLowerInvariant();

    private string Scale(FrameSize size) => string.Create(CultureInfo.InvariantCulture, $"scale={size.Width}:{size.Height}:flags={ScalerName}");

    /// <summary>A <c>--codec</c> value: null for <c>auto</c>, else the vocabulary's name; anything else is refused naming the valid ones.</summary>
    internal static string? ParseCodec(string option)
    {
        if (string.Equals(option.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string codec = CodecVocabulary.Canonical(option);
        if (codec == "unknown" && !string.Equals(option.Trim(), "unknown", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--codec '{option}' is not in codec vocabulary v{CodecVocabulary.Version} ({string.Join(", ", CodecVocabulary.Names)}) nor one of its aliases");
        }

        return codec;
    }

    /// <summary>The reference as it was found, how its measured frames are read, and what was done to them.</summary>
    private sealed record PreparedReference(InputPlan Original, InputPlan Frames, IReadOnlyList<string> Notes);

    private sealed class Progress(IProgress<ScoringProgress> inner, int clip, int clips, string path, int? total) : IProgress<int>
    {
        public void Report(int value) => inner.Report(new ScoringProgress(clip, clips, path, value, total));
    }
}
