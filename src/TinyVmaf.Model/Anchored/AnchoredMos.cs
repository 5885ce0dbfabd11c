using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Model.Anchored;

/// <summary>
/// The trained numbers of a VMAF-anchored MOS model. Per frame,
/// <c>score = Intercept + Slope · ((clip(vmaf, 0, 100) / 100)^Exponent + Σ_j w_j · (min(x_j, cap_j) − μ_j) / σ_j + δ[codec])</c>:
/// VMAF (libvmaf's vmaf_v0.6.1 on the frame's own features) bent by a monotone power curve, plus a small, ridge-shrunk
/// linear correction from a few other features, plus a per-codec offset (codec-aware models only). A video's
/// score is the mean of its frames'.
/// </summary>
/// <remarks>
/// Why this shape: on held-out subjective datasets VMAF already ranks videos well within a source, and what it
/// misses is a curvature (people saturate earlier than VMAF at the top of the scale) and offsets between sources
/// and codecs. A model that keeps VMAF as its base and learns only a shrunk correction generalises to tests it
/// never saw; models that learn the whole mapping from a few hundred videos do not (docs/models card).
/// </remarks>
public sealed record AnchoredMosParameters
{
    public required double Exponent { get; init; }

    /// <summary>FULL_FEATURES names of the correction terms, in the order of the arrays below.</summary>
    public required IReadOnlyList<string> CorrectionFeatures { get; init; }

    public required IReadOnlyList<double> CorrectionMean { get; init; }

    public required IReadOnlyList<double> CorrectionStd { get; init; }

    public required IReadOnlyList<double> CorrectionWeights { get; init; }

    /// <summary>One offset per codec vocabulary entry (codec-aware), or null (codec-blind).</summary>
    public IReadOnlyList<double>? CodecOffsets { get; init; }

    public required double Intercept { get; init; }

    public required double Slope { get; init; }

    public bool CodecAware => CodecOffsets is not null;

    /// <summary>
    /// The cap a correction feature is clipped to, frame by frame, before use. PSNRs at 60 dB (libvmaf's 8-bit
    /// peak), so a 10-bit log (peak 72 dB) or an identical frame reads the same as an 8-bit one. Motion at 20: the
    /// opinion data's frames reach 20.6 (99.5th percentile 18.7), and a linear correction must not grow far past
    /// what it saw.
    /// </summary>
    public static double CapOf(string feature) => feature switch
    {
        _ when feature.StartsWith("psnr", StringComparison.Ordinal) => 60.0,
        "motion" or "motion2" or "motion3" => 20.0,
        _ => double.PositiveInfinity,
    };

    /// <summary>Monotone calibration of a VMAF score: <c>(clip(vmaf, 0, 100) / 100)^Exponent</c>.</summary>
    public double Calibrate(double vmaf) => Math.Pow(Math.Clamp(vmaf, 0.0, 100.0) / 100.0, Exponent);

    /// <summary>The correction for capped feature values given in <see cref="CorrectionFeatures"/> order.</summary>
    public double Correction(ReadOnlySpan<double> cappedFeatures)
    {
        double sum = 0;
        for (int j = 0; j < CorrectionWeights.Count; j++)
            sum += CorrectionWeights[j] * (cappedFeatures[j] - CorrectionMean[j]) / CorrectionStd[j];
        return sum;
    }

    public double CodecOffset(int codec) => CodecOffsets is { } offsets ? offsets[codec] : 0.0;

    /// <summary>The score of a video from its frames' mean calibrated VMAF, its mean capped features and its codec.</summary>
    public double Score(double meanCalibratedVmaf, ReadOnlySpan<double> meanCappedFeatures, int codec) =>
        Intercept + Slope * (meanCalibratedVmaf + Correction(meanCappedFeatures) + CodecOffset(codec));

    internal void Validate()
    {
        int k = CorrectionFeatures.Count;
        if (CorrectionMean.Count != k || CorrectionStd.Count != k || CorrectionWeights.Count != k)
            throw new ArgumentException($"{k} correction features need {k} means, stds and weights.");
        if (CodecOffsets is { } offsets && offsets.Count != CodecVocabulary.Count)
            throw new ArgumentException($"A codec-aware model needs {CodecVocabulary.Count} codec offsets, not {offsets.Count}.");
        if (!double.IsFinite(Exponent) || Exponent <= 0 || !double.IsFinite(Intercept) || !double.IsFinite(Slope))
            throw new ArgumentException("The exponent must be positive and the output mapping finite.");
        if (CorrectionStd.Any(s => !(s > 0)) || CorrectionWeights.Concat(CorrectionMean).Concat(CodecOffsets ?? []).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Correction statistics and weights must be finite, with positive stds.");
    }
}

/// <summary>
/// A VMAF-anchored MOS model bound to the libvmaf model it is anchored on: the managed forward pass, frame by
/// frame, in double precision (the reference the exported ONNX graph is tested against).
/// </summary>
public sealed class AnchoredMos
{
    private readonly int[] _vmafColumns;
    private readonly int[] _correctionColumns;
    private readonly double[] _caps;

    public AnchoredMos(VmafModel vmaf, AnchoredMosParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(vmaf);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Vmaf = vmaf;
        Parameters = parameters;
        VmafFeatures = VmafInputNames(vmaf);
        FeatureOrder = [.. VmafFeatures, .. parameters.CorrectionFeatures.Where(f => !VmafFeatures.Contains(f))];
        _vmafColumns = vmaf.FeatureKeys.Select(k => IndexOf(NameOfKey(k))).ToArray();
        _correctionColumns = parameters.CorrectionFeatures.Select(f => IndexOf(f)).ToArray();
        _caps = parameters.CorrectionFeatures.Select(AnchoredMosParameters.CapOf).ToArray();
    }

    public VmafModel Vmaf { get; }

    public AnchoredMosParameters Parameters { get; }

    /// <summary>The model's inputs (FULL_FEATURES names): the VMAF model's features in canonical order, then the corrections.</summary>
    public IReadOnlyList<string> FeatureOrder { get; }

    /// <summary>The VMAF model's inputs as FULL_FEATURES names, in canonical-6 order (the start of <see cref="FeatureOrder"/>).</summary>
    public IReadOnlyList<string> VmafFeatures { get; }

    /// <summary>The score of one frame from its raw features in <see cref="FeatureOrder"/> and its codec index.</summary>
    public double PredictFrame(ReadOnlySpan<double> features, int codec)
    {
        Span<double> svr = stackalloc double[_vmafColumns.Length];
        for (int i = 0; i < svr.Length; i++)
            svr[i] = features[_vmafColumns[i]];
        double calibrated = Parameters.Calibrate(Vmaf.Predict(svr));
        Span<double> capped = stackalloc double[_correctionColumns.Length];
        for (int j = 0; j < capped.Length; j++)
            capped[j] = Math.Min(features[_correctionColumns[j]], _caps[j]);
        return Parameters.Score(calibrated, capped, codec);
    }

    /// <summary>
    /// The FULL_FEATURES names a libvmaf model reads, in canonical-6 order when it is a subset of it. Only models
    /// on the integer (or float) ADM, VIF and motion features are accepted: the anchor must be computable from the
    /// features of every libvmaf era's logs.
    /// </summary>
    public static IReadOnlyList<string> VmafInputNames(VmafModel vmaf)
    {
        var names = vmaf.FeatureKeys.Select(NameOfKey).ToHashSet(StringComparer.Ordinal);
        string[] canonical = ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"];
        var unknown = names.Except(canonical).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{vmaf.Path}: an anchored model needs a VMAF model on adm2, vif_scale0..3 and motion2; this one also reads {string.Join(", ", unknown)}");
        return canonical.Where(names.Contains).ToArray();
    }

    /// <summary>A libvmaf key of an ADM, VIF or motion score (<c>integer_adm2</c>, <c>adm2</c>) as its FULL_FEATURES name.</summary>
    internal static string NameOfKey(string key) => key.StartsWith("integer_", StringComparison.Ordinal) ? key["integer_".Length..] : key;

    private int IndexOf(string feature)
    {
        for (int i = 0; i < FeatureOrder.Count; i++)
        {
            if (FeatureOrder[i] == feature)
                return i;
        }
        throw new ArgumentException($"'{feature}' is not an input of the model.");
    }
}
