namespace TinyVmaf.Model.Teacher;

/// <summary>The values of one feature for every frame, looked up by its libvmaf key (e.g. a feature table's column).</summary>
public delegate ReadOnlySpan<double> FeatureColumnSource(string key);

/// <summary>
/// A libvmaf JSON model (e.g. Netflix's <c>vmaf_v0.6.1.json</c>), scoring a frame from its libvmaf features
/// the way libvmaf 3.0's CPU code does: each feature rescaled by its slope and intercept, the libsvm
/// nu-SVR with its RBF kernel, the score denormalised, transformed when the model enables it, then clipped.
/// </summary>
/// <remarks>
/// It takes feature values as libvmaf computed them; the quirks of the features themselves stay with the
/// extractors (libvmaf writes <c>integer_motion2</c> = 0 for the first frame, and for every other frame the
/// smaller of its motion to the previous frame and the next frame's motion; the last frame, which has no
/// next, keeps its motion to the previous frame).
/// Instances are immutable and <see cref="Predict"/> is safe to call from several threads.
/// </remarks>
public sealed class VmafModel
{
    /// <summary>libvmaf 3.0 refuses a model with more features than this (read_json_model.c's MAX_FEATURE_COUNT).</summary>
    internal const int MaxFeatureCount = 32;

    private readonly VmafModelFeature[] _features;
    private readonly string[] _keys;
    private readonly double[] _featureSlopes;
    private readonly double[] _featureIntercepts;

    internal VmafModel(
        string path,
        string? modelType,
        VmafNormType normType,
        VmafModelFeature[] features,
        double slope,
        double intercept,
        double[] featureSlopes,
        double[] featureIntercepts,
        LibsvmModel svm,
        ScoreTransform transform,
        (double Min, double Max)? scoreClip)
    {
        Path = path;
        ModelType = modelType;
        NormType = normType;
        _features = features;
        _keys = Array.ConvertAll(features, f => f.Key);
        Slope = slope;
        Intercept = intercept;
        _featureSlopes = featureSlopes;
        _featureIntercepts = featureIntercepts;
        Svm = svm;
        Transform = transform;
        ScoreClip = scoreClip;
    }

    /// <summary>The file the model was read from.</summary>
    public string Path { get; }

    /// <summary>The key libvmaf logs this model's score under (its default model name).</summary>
    public string ScoreKey => "vmaf";

    /// <summary>The model's inputs in the order <see cref="Predict"/> takes them.</summary>
    public IReadOnlyList<VmafModelFeature> Features => _features;

    /// <summary>
    /// The libvmaf keys of the inputs, in the order <see cref="Predict"/> takes them; for vmaf_v0.6.1
    /// <c>integer_adm2, integer_motion2, integer_vif_scale0, …, integer_vif_scale3</c>. These say which
    /// extractors a caller must run.
    /// </summary>
    public IReadOnlyList<string> FeatureKeys => _keys;

    /// <summary><c>model_type</c> as the file gives it (<c>LIBSVMNUSVR</c> for vmaf_v0.6.1), or null when absent.</summary>
    internal string? ModelType { get; }

    internal VmafNormType NormType { get; }

    /// <summary>The score's own rescaling (the first of <c>slopes</c> and <c>intercepts</c>).</summary>
    internal double Slope { get; }

    internal double Intercept { get; }

    internal ReadOnlySpan<double> FeatureSlopes => _featureSlopes;

    internal ReadOnlySpan<double> FeatureIntercepts => _featureIntercepts;

    internal LibsvmModel Svm { get; }

    /// <summary>The score transform, already resolved against the load flags (disabled unless it applies).</summary>
    internal ScoreTransform Transform { get; }

    /// <summary><c>score_clip</c>, or null when the model has none or the caller disabled clipping.</summary>
    internal (double Min, double Max)? ScoreClip { get; }

    /// <summary>
    /// Reads a libvmaf JSON model file. Throws <see cref="VmafModelException"/>, naming the file, when it is
    /// missing, unreadable, or not a model libvmaf 3.0 could score with.
    /// </summary>
    public static VmafModel Load(string path, VmafModelFlags flags = VmafModelFlags.Default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new VmafModelException(path, "no such model file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VmafModelException(path, $"cannot read the model file: {e.Message}", e);
        }

        return VmafModelReader.Parse(json, path, flags);
    }

    /// <summary>
    /// The model's score for one frame from its raw libvmaf feature values, given in <see cref="FeatureKeys"/>
    /// order. Throws <see cref="ArgumentException"/> on a wrong count or a NaN value (libvmaf does not score a
    /// frame with a missing feature).
    /// </summary>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != _features.Length)
        {
            throw new ArgumentException(
                $"{Path}: the model takes {_features.Length} features ({string.Join(", ", _keys)}), got {features.Length}",
                nameof(features));
        }

        Span<double> normalized = stackalloc double[MaxFeatureCount];
        normalized = normalized[.._features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            double value = features[i];
            if (double.IsNaN(value))
            {
                throw new ArgumentException($"{Path}: feature '{_keys[i]}' is NaN; libvmaf does not score a frame with a missing feature", nameof(features));
            }

            normalized[i] = NormType == VmafNormType.LinearRescale
                ? _featureSlopes[i] * value + _featureIntercepts[i]
                : value;
        }

        double score = Svm.Predict(normalized);
        if (NormType == VmafNormType.LinearRescale)
        {
            score = (score - Intercept) / Slope;
        }

        score = Transform.Apply(score);
        if (ScoreClip is var (min, max))
        {
            score = score < min ? min : score;
            score = score > max ? max : score;
        }

        return score;
    }

    /// <summary>
    /// The score of every frame, with each feature's per-frame values taken from <paramref name="columns"/>
    /// by its libvmaf key (e.g. <c>model.PredictFrames(table.Column)</c>). Every column must hold the same
    /// number of frames.
    /// </summary>
    public double[] PredictFrames(FeatureColumnSource columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int n = _features.Length;
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

        var scores = new double[Math.Max(frames, 0)];
        for (int f = 0; f < scores.Length; f++)
        {
            try
            {
                scores[f] = Predict(rows.AsSpan(f * n, n));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"frame {f}: {e.Message}", nameof(columns), e);
            }
        }

        return scores;
    }
}

/// <summary>libvmaf's <c>norm_type</c>: how features are rescaled before the SVR and the score after it.</summary>
internal enum VmafNormType
{
    None,
    LinearRescale,
}
