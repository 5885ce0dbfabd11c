namespace TinyVmaf.Model.Teacher;

/// <summary>
/// One libvmaf <c>model_dict</c>: each feature rescaled by its slope and intercept, the chroma-from-luma
/// correction when the model has one, the libsvm nu-SVR with its RBF kernel, the score denormalised,
/// transformed when enabled, then clipped (predict.c's <c>vmaf_predict_score_at_index</c>).
/// Immutable; safe to call from several threads.
/// </summary>
internal sealed class VmafRegressor
{
    private readonly string _source;
    private readonly VmafModelFeature[] _features;
    private readonly double[] _featureSlopes;
    private readonly double[] _featureIntercepts;
    private readonly int _guidingIndex = -1;
    private readonly int _guidedIndex = -1;

    public VmafRegressor(
        string source,
        string? modelType,
        VmafNormType normType,
        VmafModelFeature[] features,
        double slope,
        double intercept,
        double[] featureSlopes,
        double[] featureIntercepts,
        LibsvmModel svm,
        ScoreTransform transform,
        (double Min, double Max)? scoreClip,
        double? chromaCorrection)
    {
        _source = source;
        ModelType = modelType;
        NormType = normType;
        _features = features;
        Slope = slope;
        Intercept = intercept;
        _featureSlopes = featureSlopes;
        _featureIntercepts = featureIntercepts;
        Svm = svm;
        Transform = transform;
        ScoreClip = scoreClip;

        // libvmaf 3.2 looks both features up by substring of their model names (post_process_feature_from_another).
        if (chromaCorrection is { } parameter && parameter != 0)
        {
            _guidingIndex = Array.FindIndex(features, f => f.ModelName.Contains("adm3", StringComparison.Ordinal));
            _guidedIndex = Array.FindIndex(features, f => f.ModelName.Contains("speed_chroma", StringComparison.Ordinal));
            if (_guidingIndex >= 0 && _guidedIndex >= 0)
            {
                ChromaCorrection = parameter;
            }
        }
    }

    public IReadOnlyList<VmafModelFeature> Features => _features;

    public string? ModelType { get; }

    public VmafNormType NormType { get; }

    public double Slope { get; }

    public double Intercept { get; }

    public ReadOnlySpan<double> FeatureSlopes => _featureSlopes;

    public ReadOnlySpan<double> FeatureIntercepts => _featureIntercepts;

    public LibsvmModel Svm { get; }

    /// <summary>The score transform, already resolved against the load flags (disabled unless it applies).</summary>
    public ScoreTransform Transform { get; }

    /// <summary><c>score_clip</c>, or null when the model has none or the caller disabled clipping.</summary>
    public (double Min, double Max)? ScoreClip { get; }

    /// <summary>
    /// <c>chroma_correction_parameter</c> p: when the model's speed_chroma input is exactly 0 (SpEED could not
    /// measure the chroma), it is replaced by <c>p − p·adm3</c>. Null when the model has none.
    /// </summary>
    public double? ChromaCorrection { get; }

    /// <summary>The score of one frame from raw feature values in feature order; NaN values are refused.</summary>
    public double Predict(ReadOnlySpan<double> features, bool transformAndClip = true)
    {
        if (features.Length != _features.Length)
        {
            throw new ArgumentException(
                $"{_source}: the model takes {_features.Length} features ({string.Join(", ", _features.Select(f => f.Key))}), got {features.Length}",
                nameof(features));
        }

        Span<double> normalized = stackalloc double[VmafModel.MaxFeatureCount];
        normalized = normalized[.._features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            double value = features[i];
            if (double.IsNaN(value))
            {
                throw new ArgumentException($"{_source}: feature '{_features[i].Key}' is NaN; libvmaf does not score a frame with a missing feature", nameof(features));
            }

            normalized[i] = Normalize(i, value);
        }

        if (ChromaCorrection is { } p && Denormalize(_guidedIndex, normalized[_guidedIndex]) == 0.0)
        {
            // libvmaf reads adm3 back from its normalised value, so the round trip's rounding is kept.
            double guiding = Denormalize(_guidingIndex, normalized[_guidingIndex]);
            normalized[_guidedIndex] = Normalize(_guidedIndex, (-p * guiding) + p);
        }

        double score = Svm.Predict(normalized);
        if (NormType == VmafNormType.LinearRescale)
        {
            score = (score - Intercept) / Slope;
        }

        return transformAndClip ? Clip(Transform.Apply(score)) : score;
    }

    /// <summary>The model's transform then its clip, as libvmaf applies them to a bootstrap collection's statistics.</summary>
    public double TransformAndClip(double score) => Clip(Transform.Apply(score));

    private double Clip(double score)
    {
        if (ScoreClip is var (min, max))
        {
            score = score < min ? min : score;
            score = score > max ? max : score;
        }

        return score;
    }

    private double Normalize(int i, double value) =>
        NormType == VmafNormType.LinearRescale ? (_featureSlopes[i] * value) + _featureIntercepts[i] : value;

    private double Denormalize(int i, double value) =>
        NormType == VmafNormType.LinearRescale ? (value - _featureIntercepts[i]) / _featureSlopes[i] : value;
}
