namespace TinyVmaf.Model.Teacher;

/// <summary>The values of one feature for every frame, looked up by its libvmaf key (e.g. a feature table's column).</summary>
public delegate ReadOnlySpan<double> FeatureColumnSource(string key);

/// <summary>One per-frame score column a model writes, under the key libvmaf logs it as.</summary>
public sealed record VmafScoreColumn(string Key, double[] Values);

/// <summary>
/// A libvmaf JSON model (Netflix's <c>vmaf_v0.6.1.json</c>, <c>vmaf_v1.0.16_3d0h.json</c>, …), or a bootstrap
/// model collection (<c>vmaf_b_v0.6.3.json</c>), scoring frames from their libvmaf features the way libvmaf
/// 3.2's CPU code does: each feature rescaled by its slope and intercept, the libsvm nu-SVR with its RBF
/// kernel, the score denormalised, transformed when the model enables it, then clipped.
/// </summary>
/// <remarks>
/// <para>It takes feature values as libvmaf computed them, under the keys <see cref="FeatureKeys"/> names (the
/// extractor instances that compute them are <see cref="Extractors"/>); the quirks of the features stay with
/// the extractors.</para>
/// <para>A collection is what libvmaf loads from a file without a top-level <c>model_dict</c>: model "0" is
/// the model itself (its score is logged as <see cref="Name"/>), models "1".."N" its bootstrap collection, each
/// logged as <c>NAME_0001</c>…, with their mean, spread and 95% interval per frame as <c>NAME_bagging</c>,
/// <c>NAME_stddev</c>, <c>NAME_ci_p95_lo</c>, <c>NAME_ci_p95_hi</c> (predict.c).</para>
/// Instances are immutable and safe to use from several threads.
/// </remarks>
public sealed class VmafModel
{
    /// <summary>libvmaf's default model name, the key its score is logged under.</summary>
    public const string DefaultName = "vmaf";

    /// <summary>libvmaf 3.2 refuses a model with more features than this (read_json_model.c's MAX_FEATURE_COUNT).</summary>
    internal const int MaxFeatureCount = 64;

    private readonly VmafRegressor _primary;
    private readonly VmafRegressor[] _bootstrap;
    private readonly string[] _keys;

    internal VmafModel(string path, string name, VmafRegressor primary, VmafRegressor[] bootstrap)
    {
        Path = path;
        Name = name;
        _primary = primary;
        _bootstrap = bootstrap;
        _keys = primary.Features.Select(f => f.Key).ToArray();
        Extractors = new[] { primary }.Concat(bootstrap)
            .SelectMany(r => r.Features)
            .Select(f => f.Instance)
            .OfType<VmafExtractorInstance>()
            .DistinctBy(i => i.Id)
            .ToArray();
        var scoreKeys = new List<string> { name };
        if (bootstrap.Length > 0)
        {
            scoreKeys.AddRange(Enumerable.Range(1, bootstrap.Length).Select(BootstrapKey));
            scoreKeys.AddRange([name + "_bagging", name + "_stddev", name + "_ci_p95_lo", name + "_ci_p95_hi"]);
        }

        ScoreKeys = scoreKeys;
    }

    /// <summary>The file the model was read from (or the built-in name it was resolved from).</summary>
    public string Path { get; }

    /// <summary>The model's name: the key its score is logged under (<c>vmaf</c> unless renamed).</summary>
    public string Name { get; }

    /// <summary>The key libvmaf logs this model's score under (<see cref="Name"/>).</summary>
    public string ScoreKey => Name;

    /// <summary>Every key <see cref="ScoreFrames"/> writes, in libvmaf's log order.</summary>
    public IReadOnlyList<string> ScoreKeys { get; }

    /// <summary>The model's inputs in the order <see cref="Predict"/> takes them.</summary>
    public IReadOnlyList<VmafModelFeature> Features => _primary.Features;

    /// <summary>
    /// The libvmaf keys of the inputs, in the order <see cref="Predict"/> takes them; for vmaf_v0.6.1
    /// <c>integer_adm2, integer_motion2, integer_vif_scale0, …, integer_vif_scale3</c>.
    /// </summary>
    public IReadOnlyList<string> FeatureKeys => _keys;

    /// <summary>
    /// The extractor instances the model's features come from, each once (libvmaf's identity: extractor name
    /// and option suffix), in the order the model names them.
    /// </summary>
    public IReadOnlyList<VmafExtractorInstance> Extractors { get; }

    /// <summary>The number of models in the bootstrap collection; 0 for a single model.</summary>
    public int BootstrapCount => _bootstrap.Length;

    /// <summary><c>model_type</c> as the file gives it (<c>LIBSVMNUSVR</c> for vmaf_v0.6.1), or null when absent.</summary>
    internal string? ModelType => _primary.ModelType;

    internal VmafNormType NormType => _primary.NormType;

    /// <summary>The score's own rescaling (the first of <c>slopes</c> and <c>intercepts</c>).</summary>
    internal double Slope => _primary.Slope;

    internal double Intercept => _primary.Intercept;

    internal ReadOnlySpan<double> FeatureSlopes => _primary.FeatureSlopes;

    internal ReadOnlySpan<double> FeatureIntercepts => _primary.FeatureIntercepts;

    internal LibsvmModel Svm => _primary.Svm;

    /// <summary>The score transform, already resolved against the load flags (disabled unless it applies).</summary>
    internal ScoreTransform Transform => _primary.Transform;

    /// <summary><c>score_clip</c>, or null when the model has none or the caller disabled clipping.</summary>
    internal (double Min, double Max)? ScoreClip => _primary.ScoreClip;

    /// <summary>
    /// Reads a libvmaf JSON model file (a single model or a bootstrap collection). Throws
    /// <see cref="VmafModelException"/>, naming the file, when it is missing, unreadable, or not a model libvmaf
    /// could score with.
    /// </summary>
    public static VmafModel Load(string path, VmafModelFlags flags = VmafModelFlags.Default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return VmafModelReader.Parse(ReadText(path), path, flags);
    }

    /// <summary>
    /// Loads what libvmaf's <c>--model</c> names: a file, or a built-in model looked up by name in
    /// <paramref name="builtInFolder"/> (the shipped <c>models/</c> folder), with the spec's name, flags and
    /// overrides. Throws <see cref="VmafModelException"/> naming the model when it cannot be used.
    /// </summary>
    public static VmafModel Load(VmafModelSpec spec, string? builtInFolder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string path = spec.Path ?? FindBuiltIn(builtInFolder, spec.Version!) ?? throw new VmafModelException(spec.Version!,
            builtInFolder is null
                ? "no such built-in model: the shipped models folder was not found; give path=FILE"
                : $"no such built-in model; built-in models are: {string.Join(", ", BuiltInNames(builtInFolder))}");
        return VmafModelReader.Parse(ReadText(path), path, spec.Flags, spec.Overrides, spec.Name);
    }

    /// <summary>
    /// The names of the built-in libvmaf models in <paramref name="folder"/>: every <c>vmaf_*.json</c> in it or in
    /// one of its <c>vmaf_*</c> subfolders (Netflix ships the v1.0.16 models in <c>vmaf_v1.0.16/</c> and
    /// <c>vmaf_v1.0.16_hfr/</c>), by file name without <c>.json</c>.
    /// </summary>
    public static IReadOnlyList<string> BuiltInNames(string folder) =>
        BuiltInFiles(folder).Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The file of built-in model <paramref name="name"/> in <paramref name="folder"/>, or null.</summary>
    public static string? FindBuiltIn(string? folder, string name) =>
        folder is null ? null : BuiltInFiles(folder).FirstOrDefault(f => System.IO.Path.GetFileNameWithoutExtension(f) == name);

    /// <summary>
    /// The model's score for one frame from its raw libvmaf feature values, given in <see cref="FeatureKeys"/>
    /// order. Throws <see cref="ArgumentException"/> on a wrong count or a NaN value (libvmaf does not score a
    /// frame with a missing feature).
    /// </summary>
    public double Predict(ReadOnlySpan<double> features) => _primary.Predict(features);

    /// <summary>
    /// The score of every frame, with each feature's per-frame values taken from <paramref name="columns"/>
    /// by its libvmaf key (e.g. <c>model.PredictFrames(table.Column)</c>). Every column must hold the same
    /// number of frames.
    /// </summary>
    public double[] PredictFrames(FeatureColumnSource columns) => ScoreFrames(columns)[0].Values;

    /// <summary>
    /// Every score column the model writes (<see cref="ScoreKeys"/>): its score and, for a bootstrap
    /// collection, each bootstrap model's score, the bagging score, its standard deviation and 95% interval.
    /// </summary>
    public IReadOnlyList<VmafScoreColumn> ScoreFrames(FeatureColumnSource columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var (rows, frames) = Rows(columns);
        int n = _keys.Length;
        var result = ScoreKeys.Select(k => new VmafScoreColumn(k, new double[frames])).ToArray();
        var raw = new double[_bootstrap.Length];
        for (int f = 0; f < frames; f++)
        {
            var row = rows.AsSpan(f * n, n);
            try
            {
                result[0].Values[f] = _primary.Predict(row);
                if (_bootstrap.Length > 0)
                {
                    ScoreBootstrap(row, raw, result, f);
                }
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"frame {f}: {e.Message}", nameof(columns), e);
            }
        }

        return result;
    }

    private string BootstrapKey(int index) => $"{Name}_{index:0000}";

    /// <summary>
    /// libvmaf's <c>vmaf_bootstrap_predict_score_at_index</c>: the statistics are taken on the bootstrap
    /// models' untransformed, unclipped scores, then the bagging score, the interval ends and the spread's
    /// slope go through the first bootstrap model's transform and clip.
    /// </summary>
    private void ScoreBootstrap(ReadOnlySpan<double> row, double[] raw, VmafScoreColumn[] result, int frame)
    {
        int count = _bootstrap.Length;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            raw[i] = _bootstrap[i].Predict(row, transformAndClip: false);
            result[1 + i].Values[frame] = _bootstrap[i].Predict(row);
            sum += raw[i];
        }

        double mean = sum / count;
        double ssd = 0;
        for (int i = 0; i < count; i++)
        {
            ssd += (raw[i] - mean) * (raw[i] - mean);
        }

        double stddev = Math.Sqrt(ssd / count);
        Array.Sort(raw);
        const double delta = 0.01;
        var first = _bootstrap[0];
        double slope = (first.TransformAndClip(mean + delta) - first.TransformAndClip(mean - delta)) / (2.0 * delta);
        result[1 + count].Values[frame] = first.TransformAndClip(mean);
        result[2 + count].Values[frame] = stddev * slope;
        result[3 + count].Values[frame] = first.TransformAndClip(Percentile(raw, 2.5));
        result[4 + count].Values[frame] = first.TransformAndClip(Percentile(raw, 97.5));
    }

    /// <summary>libvmaf's percentile of sorted scores: linear between the two nearest ranks.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        double p = percent * (sorted.Length - 1) / 100.0;
        int lo = (int)Math.Floor(p), hi = (int)Math.Ceiling(p);
        return lo == hi ? sorted[lo] : (sorted[lo] * (hi - p)) + (sorted[hi] * (p - lo));
    }

    private (double[] Rows, int Frames) Rows(FeatureColumnSource columns)
    {
        int n = _keys.Length;
        int frames = -1;
        double[] rows = [];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> column = columns(_keys[i]);
            if (frames < 0)
            {
                frames = column.Length;
                rows = new double[frames * n];
            }
            else if (column.Length != frames)
            {
                throw new ArgumentException(
                    $"{Path}: feature '{_keys[i]}' has {column.Length} frames but '{_keys[0]}' has {frames}", nameof(columns));
            }

            for (int f = 0; f < frames; f++)
            {
                rows[f * n + i] = column[f];
            }
        }

        return (rows, Math.Max(frames, 0));
    }

    private static IEnumerable<string> BuiltInFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "vmaf_*.json")
            .Concat(Directory.EnumerateDirectories(folder, "vmaf_*").SelectMany(d => Directory.EnumerateFiles(d, "vmaf_*.json")));
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new VmafModelException(path, "no such model file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VmafModelException(path, $"cannot read the model file: {e.Message}", e);
        }
    }
}

/// <summary>libvmaf's <c>norm_type</c>: how features are rescaled before the SVR and the score after it.</summary>
internal enum VmafNormType
{
    None,
    LinearRescale,
}
