using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Onnx;

/// <summary>How <see cref="RegressorModel.Load"/> finds pins and how much it accepts.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>The registry whose sha256 pins apply; null: <c>registry.json</c> beside the model, when there is one.</summary>
    public string? RegistryPath { get; init; }

    /// <summary>Cap on the .onnx and its external data together; libvmaf's 50 MiB by default.</summary>
    public long MaxBytes { get; init; } = OnnxModelGuard.DefaultMaxBytes;

    /// <summary>Rows per ONNX Runtime call; buffers of this many rows are allocated once.</summary>
    public int MaxBatch { get; init; } = OnnxRegressorSession.DefaultMaxBatch;
}

/// <summary>Per-row scores, and per-row log-variances for a variance-mode model (null otherwise).</summary>
public sealed record RegressorPrediction(float[] Scores, float[]? LogVariances);

/// <summary>
/// A regressor loaded safely with its sidecar, ready to score rows of named features. Every load goes through
/// the same checks, whoever made the model: the size cap, the sha256 pins of the registry and of the sidecar,
/// the op allowlist, external data confined to the model's folder, the sidecar's codec vocabulary against
/// ours, and the graph's inputs and outputs against the sidecar. Features are standardised here with the
/// sidecar's mean and std (the graph does not), so callers pass raw libvmaf values; scores are clipped to
/// <see cref="ScoreRange"/>, as libvmaf clips <c>vmaf</c> (its model's <c>score_clip</c>) and the fork clips
/// its regressors' output.
/// </summary>
public sealed class RegressorModel : IDisposable
{
    private readonly OnnxRegressorSession _session;

    private RegressorModel(string onnxPath, string sidecarPath, ModelCard card, VerifiedOnnxModel verified,
        string? registryPath, OnnxRegressorSession session)
    {
        OnnxPath = onnxPath;
        SidecarPath = sidecarPath;
        Card = card;
        Sha256 = verified.Sha256;
        RegistryPath = registryPath;
        OpTypes = verified.OpTypes;
        _session = session;
    }

    public string Id => Card.Id;

    public ModelCard Card { get; }

    public string OnnxPath { get; }

    public string SidecarPath { get; }

    /// <summary>sha256 of the .onnx bytes that were checked and loaded.</summary>
    public string Sha256 { get; }

    /// <summary>The registry that pinned this model, or null when no registry lists it.</summary>
    public string? RegistryPath { get; }

    /// <summary>
    /// False for a model no registry lists: it was loaded on its sidecar's sha256 pin alone, which whoever wrote the
    /// sidecar also chose. Callers should say so (the CLI prints a notice).
    /// </summary>
    public bool IsRegistered => RegistryPath is not null;

    /// <summary>The op types of the graph (all on <see cref="OpAllowlist"/>).</summary>
    public IReadOnlyList<string> OpTypes { get; }

    /// <summary>
    /// Scores are clipped to this: the sidecar's <c>target_scale</c>, or 0..100 (the VMAF and MOS scale of
    /// ARCHITECTURE.md) when the sidecar states none, as the fork's do. An MLP extrapolates linearly past its
    /// training range (a reference against itself sits several std above the training mean) and would
    /// otherwise score above the top of the scale.
    /// </summary>
    public (double Low, double High) ScoreRange => Card.TargetScale is [double low, double high] ? (low, high) : (0, 100);

    /// <summary>The feature names the model reads, in its column order.</summary>
    public IReadOnlyList<string> FeatureOrder => Card.FeatureOrder;

    /// <summary>True for a v2 model: it also takes the codec one-hot.</summary>
    public bool IsCodecAware => _session.Signature.CodecAware;

    /// <summary>True in variance mode: predictions carry a log-variance per row.</summary>
    public bool HasVariance => _session.Signature.Variance;

    internal RegressorSignature Signature => _session.Signature;

    /// <summary>
    /// Loads a model from its .onnx, its sidecar .json, or a folder holding exactly one .onnx. Throws a
    /// <see cref="ModelRefusedException"/> subclass naming the file for each refusal, and
    /// <see cref="FileNotFoundException"/> when the model is not there. A model no registry lists loads only when
    /// its sidecar pins its sha256 (<see cref="UnpinnedModelException"/> otherwise), and then reports
    /// <see cref="IsRegistered"/> false; external data must be pinned too (<c>external_data</c>).
    /// </summary>
    public static RegressorModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var (onnxPath, sidecarPath) = Locate(Path.GetFullPath(path));
        if (!File.Exists(sidecarPath))
        {
            throw new ModelCardMismatchException(onnxPath,
                $"has no sidecar {Path.GetFileName(sidecarPath)} beside it; its feature order and standardisation are unknown");
        }

        ModelCard card;
        try
        {
            card = ModelCard.Read(sidecarPath);
        }
        catch (InvalidDataException e)
        {
            throw new ModelCardMismatchException(sidecarPath, e.Message, e);
        }

        if (!string.Equals(card.Onnx, Path.GetFileName(onnxPath), StringComparison.Ordinal))
        {
            throw new ModelCardMismatchException(sidecarPath, $"describes '{card.Onnx}', not {Path.GetFileName(onnxPath)}");
        }

        var pins = new List<Sha256Pin>();
        string? registryPath = options.RegistryPath is null
            ? Path.Combine(Path.GetDirectoryName(onnxPath)!, ModelRegistry.FileName)
            : Path.GetFullPath(options.RegistryPath);
        var entry = FindRegistryEntry(registryPath, onnxPath, card, explicitRegistry: options.RegistryPath is not null);
        if (entry is not null)
        {
            pins.Add(new Sha256Pin(entry.Sha256, registryPath, entry.ExternalData));
        }
        else
        {
            registryPath = null;
        }

        if (card.Sha256 is { Length: > 0 } pinned)
        {
            pins.Add(new Sha256Pin(pinned, sidecarPath, card.ExternalData));
        }
        else if (entry is null)
        {
            // Outside a registry the sidecar's pin is the only one: without it any bytes at this path would run.
            throw new UnpinnedModelException(onnxPath,
                $"is in no model registry and its sidecar {Path.GetFileName(sidecarPath)} pins no sha256; an unregistered model loads only on its sidecar's sha256");
        }

        var verified = OnnxModelGuard.Verify(onnxPath, pins, options.MaxBytes);
        CheckCodecVocabulary(verified, card, sidecarPath);
        var signature = RegressorSignature.Resolve(verified, card, sidecarPath);
        OnnxRegressorSession session;
        try
        {
            session = new OnnxRegressorSession(verified.RuntimeBytes, signature, options.MaxBatch);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            // The guard checks what may run, not that the graph is well formed (tensor sizes against shapes, node
            // arity): ONNX Runtime's own validation refuses the rest.
            throw new MalformedModelException(onnxPath, $"ONNX Runtime refused the graph: {e.Message}", e);
        }

        return new RegressorModel(onnxPath, sidecarPath, card, verified, registryPath, session);
    }

    /// <summary>
    /// Scores rows given as raw feature columns by name (every name of <see cref="FeatureOrder"/>, all of one
    /// length) and, for a codec-aware model, one codec label for every row (mapped through the vocabulary's
    /// aliases; null or unrecognised is <c>unknown</c>). Codec-blind models ignore the codec.
    /// </summary>
    public RegressorPrediction Predict(IReadOnlyDictionary<string, double[]> columns, string? codec = null)
    {
        int rows = RowCount(columns);
        return Predict(columns, rows, _ => codec);
    }

    /// <summary>As <see cref="Predict(IReadOnlyDictionary{string, double[]}, string?)"/>, with a codec label per row.</summary>
    public RegressorPrediction Predict(IReadOnlyDictionary<string, double[]> columns, IReadOnlyList<string?> codecs)
    {
        int rows = RowCount(columns);
        if (IsCodecAware && codecs.Count != rows)
        {
            throw new ArgumentException($"{rows} rows need {rows} codec labels, got {codecs.Count}.", nameof(codecs));
        }

        return Predict(columns, rows, i => codecs[i]);
    }

    /// <summary>Scores already standardised rows (row-major N×F, plus N×6 codec one-hot for v2), unclipped: the graph's output as it is.</summary>
    internal void PredictStandardised(ReadOnlySpan<float> features, ReadOnlySpan<float> codecOneHot, Span<float> scores, Span<float> logVariance) =>
        _session.Run(features, codecOneHot, scores, logVariance);

    public void Dispose() => _session.Dispose();

    private RegressorPrediction Predict(IReadOnlyDictionary<string, double[]> columns, int rows, Func<int, string?> codecOf)
    {
        int f = FeatureOrder.Count;
        float[] features = new float[rows * f];
        for (int j = 0; j < f; j++)
        {
            double[] column = columns[FeatureOrder[j]];
            double mean = Card.FeatureMean[j], std = Card.FeatureStd[j];
            for (int i = 0; i < rows; i++)
            {
                features[i * f + j] = (float)((column[i] - mean) / std);
            }
        }

        float[] codec = [];
        if (IsCodecAware)
        {
            codec = new float[rows * OnnxContract.CodecOneHotWidth];
            for (int i = 0; i < rows; i++)
            {
                codec[i * OnnxContract.CodecOneHotWidth + CodecVocabulary.IndexOf(codecOf(i))] = 1f;
            }
        }

        float[] scores = new float[rows];
        float[]? logVariances = HasVariance ? new float[rows] : null;
        try
        {
            _session.Run(features, codec, scores, logVariances);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            // A graph that loads can still fail on its first batch (a shape that only breaks at run time).
            throw new MalformedModelException(OnnxPath, $"ONNX Runtime could not run the graph: {e.Message}", e);
        }

        var (low, high) = ScoreRange;
        for (int i = 0; i < rows; i++)
        {
            scores[i] = (float)Math.Clamp(scores[i], low, high);
        }

        return new RegressorPrediction(scores, logVariances);
    }

    private int RowCount(IReadOnlyDictionary<string, double[]> columns)
    {
        var missing = FeatureOrder.Where(name => !columns.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Model '{Id}' reads {string.Join(", ", FeatureOrder)}; missing: {string.Join(", ", missing)}.", nameof(columns));
        }

        int rows = columns[FeatureOrder[0]].Length;
        foreach (string name in FeatureOrder)
        {
            if (columns[name].Length != rows)
            {
                throw new ArgumentException($"Feature '{name}' has {columns[name].Length} rows, '{FeatureOrder[0]}' has {rows}.", nameof(columns));
            }
        }

        return rows;
    }

    private static (string Onnx, string Sidecar) Locate(string path)
    {
        if (Directory.Exists(path))
        {
            var models = Directory.GetFiles(path, "*.onnx").Order(StringComparer.Ordinal).ToList();
            return models.Count == 1
                ? (models[0], ModelCard.SidecarPathOf(models[0]))
                : throw new FileNotFoundException(models.Count == 0
                    ? $"{path}: the folder holds no .onnx model"
                    : $"{path}: the folder holds {models.Count} models ({string.Join(", ", models.Select(Path.GetFileName))}); name one", path);
        }

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such model sidecar", path);
            }

            ModelCard card;
            try
            {
                card = ModelCard.Read(path);
            }
            catch (InvalidDataException e)
            {
                throw new ModelCardMismatchException(path, e.Message, e);
            }

            return (Path.Combine(Path.GetDirectoryName(path)!, card.Onnx), path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such model file", path);
        }

        return (path, ModelCard.SidecarPathOf(path));
    }

    private static RegistryEntry? FindRegistryEntry(string registryPath, string onnxPath, ModelCard card, bool explicitRegistry)
    {
        if (!File.Exists(registryPath))
        {
            return explicitRegistry ? throw new FileNotFoundException($"{registryPath}: no such model registry", registryPath) : null;
        }

        ModelRegistry registry;
        try
        {
            registry = ModelRegistry.Read(registryPath);
        }
        catch (InvalidDataException e)
        {
            throw new ModelCardMismatchException(registryPath, e.Message, e);
        }

        // A registry beside the model pins it by file name; one given explicitly may live elsewhere and
        // pins it by file name or by the sidecar's id.
        return registry.FindByOnnx(Path.GetFileName(onnxPath)) ?? (explicitRegistry ? registry.FindById(card.Id) : null);
    }

    /// <summary>
    /// A codec-aware graph is only fed our one-hot when its sidecar pins our vocabulary, version and entries:
    /// slot 2 means libsvtav1 to us and may mean something else to the model. A codec-blind graph computes
    /// nothing from the vocabulary, so the version it records (if any) is not held against it.
    /// </summary>
    private static void CheckCodecVocabulary(VerifiedOnnxModel model, ModelCard card, string sidecarPath)
    {
        if (model.Inputs.All(i => i.Name == OnnxContract.FeaturesInput))
        {
            return;
        }

        string ours = $"ours is version {CodecVocabulary.Version} [{string.Join(", ", CodecVocabulary.Names)}]";
        if (card.EncoderVocab is not null || card.EncoderVocabVersion is not null)
        {
            if (card.EncoderVocabVersion != CodecVocabulary.Version || card.EncoderVocab?.SequenceEqual(CodecVocabulary.Names) != true)
            {
                string layout = card.CodecBlockLayout is { Count: > 0 } l ? $"; its codec input has {l.Count} columns ({string.Join(", ", l)})" : "";
                throw new CodecVocabularyMismatchException(sidecarPath,
                    $"pins codec vocabulary encoder_vocab version {card.EncoderVocabVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} " +
                    $"[{string.Join(", ", card.EncoderVocab ?? [])}]{layout}; {ours}, so its codec slots mean other codecs and it is not run");
            }

            return;
        }

        if (card.CodecVocabVersion is not int version)
        {
            throw new CodecVocabularyMismatchException(sidecarPath,
                $"the model takes a codec input but the sidecar pins no codec_vocab_version; {ours}");
        }

        if (version != CodecVocabulary.Version || (card.CodecVocab is not null && !card.CodecVocab.SequenceEqual(CodecVocabulary.Names)))
        {
            throw new CodecVocabularyMismatchException(sidecarPath,
                $"pins codec vocabulary version {version} [{string.Join(", ", card.CodecVocab ?? [])}]; {ours}, so it is not run");
        }
    }
}
