using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TinyVmaf.Model.Cards;

/// <summary>
/// A model's sidecar, <c>&lt;id&gt;.json</c> beside <c>&lt;id&gt;.onnx</c> (ARCHITECTURE.md): what the graph
/// expects (input and output names, feature order, the standardisation pinned at training), the codec
/// vocabulary it was trained on, its target, and the evidence for shipping it (training and evaluation
/// results, the ship-gate verdict).
/// </summary>
/// <remarks>
/// The same type reads the lusoris fork's sidecars, which share the core fields and name their codec
/// vocabulary <c>encoder_vocab</c> / <c>encoder_vocab_version</c>; those are kept in their own properties
/// so a loader can tell the two vocabularies apart. Fields neither of us defines survive a read-write
/// round trip in <see cref="Extra"/>.
/// </remarks>
public sealed record ModelCard
{
    public required string Id { get; init; }

    /// <summary><c>fr</c>: full-reference, the only kind we make.</summary>
    public string Kind { get; init; } = "fr";

    /// <summary>Ours: <c>v1</c> (codec-blind) or <c>v2</c> (codec-aware). Absent in the fork's sidecars.</summary>
    public string? Arch { get; init; }

    /// <summary>Ours: true when the output is <c>score_logvar</c> (score and log-variance).</summary>
    public bool? Variance { get; init; }

    /// <summary>The .onnx file's name, in the sidecar's folder.</summary>
    public required string Onnx { get; init; }

    public int Opset { get; init; } = 17;

    /// <summary>Lower-case hex sha256 of the .onnx bytes.</summary>
    public string? Sha256 { get; init; }

    /// <summary>
    /// Lower-case hex sha256 of each external-data file the graph reads, by the location the graph names it with
    /// (<c>x.onnx.data</c>): the .onnx pin covers only the file names, not these bytes.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExternalData { get; init; }

    public required IReadOnlyList<string> InputNames { get; init; }

    public required IReadOnlyList<string> OutputNames { get; init; }

    /// <summary>Feature names (FULL_FEATURES names) in the order of the <c>features</c> input's columns.</summary>
    public required IReadOnlyList<string> FeatureOrder { get; init; }

    /// <summary>Population mean per feature over the training rows; the caller subtracts it.</summary>
    public required IReadOnlyList<double> FeatureMean { get; init; }

    /// <summary>Population std per feature (below 1e-8 stored as 1); the caller divides by it.</summary>
    public required IReadOnlyList<double> FeatureStd { get; init; }

    /// <summary>Ours: the codec vocabulary, in one-hot order.</summary>
    public IReadOnlyList<string>? CodecVocab { get; init; }

    /// <summary>Ours: the codec vocabulary's version the model was trained on.</summary>
    public int? CodecVocabVersion { get; init; }

    /// <summary><c>mos</c> or <c>vmaf</c> (the teacher).</summary>
    public string? Target { get; init; }

    /// <summary>The target's range as <c>[low, high]</c>, e.g. <c>[0, 100]</c>.</summary>
    public IReadOnlyList<double>? TargetScale { get; init; }

    /// <summary>Training settings and in-sample results, as the trainer gives them.</summary>
    public JsonObject? Training { get; init; }

    /// <summary>Evaluation results (LOSO folds, pooled and per-codec metrics), as the evaluator gives them.</summary>
    public JsonObject? Evaluation { get; init; }

    /// <summary>The ship-gate verdict: <c>ship</c> or <c>no-ship</c>.</summary>
    public string? Verdict { get; init; }

    /// <summary>The gate's rule and the numbers it judged.</summary>
    public JsonObject? Gate { get; init; }

    public string? Notes { get; init; }

    /// <summary>The fork's flag for a model that takes a codec block.</summary>
    public bool? CodecAware { get; init; }

    /// <summary>The fork's codec (encoder) vocabulary, in one-hot order.</summary>
    public IReadOnlyList<string>? EncoderVocab { get; init; }

    /// <summary>The fork's codec vocabulary version (2 in its v2 regressor).</summary>
    public int? EncoderVocabVersion { get; init; }

    /// <summary>The fork's description of each column of its codec input.</summary>
    public IReadOnlyList<string>? CodecBlockLayout { get; init; }

    /// <summary>Every other field of the file, kept as it was.</summary>
    // Settable, not init-only: generated serialisers fill init-only members through the constructor, which
    // extension data cannot take part in.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The sidecar path of a model file: <c>x.onnx</c> → <c>x.json</c>.</summary>
    public static string SidecarPathOf(string onnxPath) => Path.ChangeExtension(onnxPath, ".json");

    /// <summary>
    /// Reads a sidecar (ours or the fork's). Throws <see cref="InvalidDataException"/> naming the file when it is
    /// not JSON, lacks a required field, or its statistics do not line up with its feature order.
    /// </summary>
    public static ModelCard Read(string path)
    {
        var card = CardJson.Read<ModelCard>(path, "model sidecar");
        card.Validate(path);
        return card;
    }

    /// <summary>Writes the sidecar atomically (temp file, then rename). The bytes depend on the card only.</summary>
    public void Write(string path)
    {
        Validate(path);
        AtomicFile.WriteBytes(path, CardJson.Serialize(this));
    }

    /// <summary>A name with no folder part on any platform (so it cannot point out of the sidecar's folder), and no NUL (which no file name holds).</summary>
    internal static bool IsBareFileName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', ':', '\0']) < 0;

    private void Validate(string path)
    {
        // The serializer refuses a null where a field must be, but not a null inside a list or a map.
        foreach (var (name, list) in new[] { ("feature_order", FeatureOrder), ("input_names", InputNames), ("output_names", OutputNames), ("codec_vocab", CodecVocab), ("encoder_vocab", EncoderVocab) })
        {
            if (list?.Any(string.IsNullOrEmpty) == true)
            {
                throw new InvalidDataException($"{path}: {name} holds a null or empty name");
            }
        }

        if (ExternalData?.Any(p => string.IsNullOrEmpty(p.Key) || string.IsNullOrEmpty(p.Value)) == true)
        {
            throw new InvalidDataException($"{path}: external_data maps each external-data file of the model to its sha256");
        }

        int f = FeatureOrder.Count;
        if (f == 0)
        {
            throw new InvalidDataException($"{path}: feature_order is empty");
        }

        if (FeatureMean.Count != f || FeatureStd.Count != f)
        {
            throw new InvalidDataException(
                $"{path}: feature_order has {f} names but feature_mean has {FeatureMean.Count} and feature_std {FeatureStd.Count} values");
        }

        for (int i = 0; i < f; i++)
        {
            if (!double.IsFinite(FeatureMean[i]) || !double.IsFinite(FeatureStd[i]) || FeatureStd[i] <= 0)
            {
                throw new InvalidDataException(
                    $"{path}: feature '{FeatureOrder[i]}' has mean {FeatureMean[i]} and std {FeatureStd[i]}; a finite mean and a positive std are needed");
            }
        }

        if (FeatureOrder.Distinct(StringComparer.Ordinal).Count() != f)
        {
            throw new InvalidDataException($"{path}: feature_order names a feature twice");
        }

        if (InputNames.Count == 0 || OutputNames.Count == 0)
        {
            throw new InvalidDataException($"{path}: input_names and output_names must each name at least one tensor");
        }

        if (!IsBareFileName(Onnx))
        {
            throw new InvalidDataException($"{path}: onnx '{Onnx}' must be a file name in the sidecar's folder, not a path");
        }

        if (TargetScale is not null && (TargetScale is not [double low, double high] || !(low < high)))
        {
            throw new InvalidDataException($"{path}: target_scale must be [low, high] with low below high");
        }
    }
}
