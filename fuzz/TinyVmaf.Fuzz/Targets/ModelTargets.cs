using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Onnx;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Fuzz.Targets;

/// <summary>A model as it ships: the .onnx bytes, its sidecar card, and its external-data file when it has one.</summary>
internal sealed record SeedModel(byte[] Onnx, ModelCard Card, byte[]? ExternalData)
{
    public const string DataFile = "model.onnx.data";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Tiny regressors of every signature (v1, v2 codec-aware, variance, weights in external data), the shipped ones, and the fork's v1.</summary>
    public static List<SeedModel> All(FuzzEnvironment environment)
    {
        string[] canonical = ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"];
        var models = new List<SeedModel>
        {
            Tiny(canonical, codecAware: false, outputs: 1, external: false, seed: 1),
            Tiny(canonical[..3], codecAware: true, outputs: 1, external: false, seed: 2),
            Tiny(canonical[..2], codecAware: false, outputs: 2, external: false, seed: 3),
            Tiny(canonical, codecAware: false, outputs: 1, external: true, seed: 4),
        };

        foreach (string id in new[] { "fr_regressor_v1", "fr_regressor_v2_codec_aware" })
        {
            string onnx = environment.Repo("models", id + ".onnx");
            if (File.Exists(onnx))
            {
                models.Add(new SeedModel(File.ReadAllBytes(onnx), ModelCard.Read(environment.Repo("models", id + ".json")) with { Onnx = "model.onnx" }, null));
            }
        }

        if (environment.Shared("interop", "lusoris-fr-regressor", "fr_regressor_v1.onnx") is { } fork)
        {
            // The fork's weights live in fr_regressor_v1.onnx.data; its graph is rewritten to name our data file.
            var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fork));
            foreach (var entry in proto.Graph.Initializer.SelectMany(t => t.ExternalData).Where(e => e.Key == "location"))
            {
                entry.Value = DataFile;
            }

            var card = ModelCard.Read(Path.ChangeExtension(fork, ".json")) with { Onnx = "model.onnx" };
            models.Add(new SeedModel(proto.ToByteArray(), card, File.ReadAllBytes(fork + ".data")));
        }

        return models;
    }

    private static SeedModel Tiny(string[] features, bool codecAware, int outputs, bool external, int seed)
    {
        var random = new FuzzRandom((ulong)seed);
        int inputs = features.Length + (codecAware ? OnnxContract.CodecOneHotWidth : 0);
        var layers = new List<DenseLayer>();
        int fanIn = inputs;
        foreach (int fanOut in new[] { 4, 3, outputs })
        {
            float[] weight = [.. Enumerable.Range(0, fanIn * fanOut).Select(_ => (random.Next(2001) - 1000) / 1000f)];
            float[] bias = [.. Enumerable.Range(0, fanOut).Select(_ => (random.Next(2001) - 1000) / 500f)];
            layers.Add(new DenseLayer(fanIn, fanOut, weight, bias));
            fanIn = fanOut;
        }

        var proto = OnnxExporter.Build(new MlpWeights(layers), codecAware);
        byte[]? data = null;
        if (external)
        {
            using var stream = new MemoryStream();
            foreach (var tensor in proto.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float))
            {
                stream.Write(new byte[3]);
                long offset = stream.Position;
                stream.Write(tensor.RawData.Span);
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = DataFile });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(CultureInfo.InvariantCulture) });
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.RawData = ByteString.Empty;
            }

            data = stream.ToArray();
        }

        var card = new ModelCard
        {
            Id = "model",
            Arch = codecAware ? "v2" : "v1",
            Variance = outputs == 2,
            Onnx = "model.onnx",
            InputNames = codecAware ? [OnnxContract.FeaturesInput, OnnxContract.CodecOneHotInput] : [OnnxContract.FeaturesInput],
            OutputNames = [outputs == 2 ? OnnxContract.ScoreLogVarianceOutput : OnnxContract.ScoreOutput],
            FeatureOrder = features,
            FeatureMean = [.. features.Select((_, i) => 0.5 + i)],
            FeatureStd = [.. features.Select((_, i) => 0.25 + i)],
            CodecVocab = codecAware ? CodecVocabulary.Names : null,
            CodecVocabVersion = codecAware ? CodecVocabulary.Version : null,
            Target = "vmaf",
            TargetScale = [0, 100],
        };
        return new SeedModel(proto.ToByteArray(), card, data);
    }

    /// <summary>The card pinned to these bytes: sha256 of the .onnx and of the external data.</summary>
    public ModelCard Pinned(byte[] onnx, byte[]? data) => Card with
    {
        Sha256 = Sha256(onnx),
        ExternalData = data is null ? null : new Dictionary<string, string> { [DataFile] = Sha256(data) },
    };

    /// <summary>Scores a few rows of every feature the model reads, as predict and score do.</summary>
    public static void Exercise(RegressorModel model)
    {
        var columns = model.FeatureOrder.ToDictionary(name => name, name => new[] { 0.1, 0.9, 3.5 }, StringComparer.Ordinal);
        model.Predict(columns, "x265");
    }
}

/// <summary>
/// ONNX models through the safe loader: the size cap, the protobuf parse, the op allowlist, external data, the graph
/// against the sidecar, ONNX Runtime's session, a prediction. The sidecar beside each mutant pins the mutant's own
/// sha256 (an attacker who controls the folder controls both), so mutants get past the pin to the parser.
/// </summary>
internal sealed class OnnxTarget : FuzzTarget
{
    private readonly List<SeedModel> _models;
    private readonly List<byte[]> _seeds;

    public OnnxTarget(FuzzEnvironment environment)
        : base(environment)
    {
        _models = SeedModel.All(environment);
        _seeds = [.. _models.Select(m => m.Onnx)];
    }

    public IReadOnlyList<SeedModel> Models => _models;

    public override string Name => "onnx";

    public override string Description => "RegressorModel.Load (OnnxModelGuard, RegressorSignature, ONNX Runtime) + Predict (ModelRefusedException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "features", "codec_onehot", "score", "score_logvar", "Gemm", "Erf", "Add", "Mul", "Div", "Squeeze", "Loop", "If", "Scan",
            "NonZero", "location", "offset", "length", "model.onnx.data", "../model.onnx.data", "/etc/passwd", "com.microsoft", "ai.onnx",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(ModelRefusedException)];

    public override void Run(byte[] input, int seedIndex)
    {
        var seed = _models[seedIndex];
        string onnx = File("model.onnx"), data = File(SeedModel.DataFile);
        System.IO.File.WriteAllBytes(onnx, input);
        if (seed.ExternalData is { } bytes)
        {
            System.IO.File.WriteAllBytes(data, bytes);
        }
        else
        {
            System.IO.File.Delete(data);
        }

        seed.Pinned(input, seed.ExternalData).Write(File("model.json"));
        using var model = RegressorModel.Load(onnx);
        SeedModel.Exercise(model);
    }
}

/// <summary>Model sidecars (ours and the fork's layout) beside an intact model, loaded and run.</summary>
internal sealed class SidecarTarget : FuzzTarget
{
    private readonly List<SeedModel> _models;
    private readonly List<byte[]> _seeds;
    private int _written = -1;

    public SidecarTarget(FuzzEnvironment environment)
        : base(environment)
    {
        _models = SeedModel.All(environment);
        _seeds = [.. _models.Select(m => CardJson.Serialize(m.Pinned(m.Onnx, m.ExternalData)))];
    }

    public override string Name => "sidecar";

    public override string Description => "ModelCard.Read via RegressorModel.Load + Predict: sidecars (ModelRefusedException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "\"id\"", "\"onnx\"", "\"sha256\"", "\"external_data\"", "\"model.onnx.data\"", "\"input_names\"", "\"output_names\"",
            "\"feature_order\"", "\"feature_mean\"", "\"feature_std\"", "\"codec_vocab\"", "\"codec_vocab_version\"", "\"encoder_vocab\"",
            "\"encoder_vocab_version\"", "\"target_scale\"", "\"model.onnx\"", "\"../model.onnx\"", "\"/etc/passwd\"", "\"adm2\"",
            "\"features\"", "\"codec_onehot\"", "\"score_logvar\"", "null", "[]", "{}", "0", "-1", "1e999", "\"\"", "true",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'],
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(ModelRefusedException), typeof(FileNotFoundException)];

    public override void Run(byte[] input, int seedIndex)
    {
        WriteModel(seedIndex);
        string sidecar = File("model.json");
        System.IO.File.WriteAllBytes(sidecar, input);
        // Half the inputs name the sidecar (which then names the .onnx), half the .onnx.
        using var model = RegressorModel.Load((input.Length & 1) == 0 ? sidecar : File("model.onnx"));
        SeedModel.Exercise(model);
    }

    private void WriteModel(int seedIndex)
    {
        if (_written == seedIndex)
        {
            return;
        }

        var seed = _models[seedIndex];
        System.IO.File.WriteAllBytes(File("model.onnx"), seed.Onnx);
        if (seed.ExternalData is { } data)
        {
            System.IO.File.WriteAllBytes(File(SeedModel.DataFile), data);
        }
        else
        {
            System.IO.File.Delete(File(SeedModel.DataFile));
        }

        _written = seedIndex;
    }
}

/// <summary>
/// Model registries: read as the CLI reads the shipped one, and as the pins of a model beside them (here a model
/// with external data, so the registry's external_data pins matter).
/// </summary>
internal sealed class RegistryTarget : FuzzTarget
{
    private readonly List<byte[]> _seeds = [];

    public RegistryTarget(FuzzEnvironment environment)
        : base(environment)
    {
        var model = SeedModel.All(environment).First(m => m.ExternalData is not null);
        System.IO.File.WriteAllBytes(File("model.onnx"), model.Onnx);
        System.IO.File.WriteAllBytes(File(SeedModel.DataFile), model.ExternalData!);
        model.Card.Write(File("model.json"));
        var pins = new Dictionary<string, string> { [SeedModel.DataFile] = SeedModel.Sha256(model.ExternalData!) };
        var entry = new RegistryEntry { Id = "model", Kind = "fr", Onnx = "model.onnx", Sidecar = "model.json", Sha256 = SeedModel.Sha256(model.Onnx), Opset = 17, Arch = "v1", Target = "vmaf", ExternalData = pins };
        _seeds.Add(CardJson.Serialize(new ModelRegistry().With(entry)));
        _seeds.Add(CardJson.Serialize(new ModelRegistry().With(entry with { ExternalData = null }).With(entry with { Id = "other", Onnx = "other.onnx" })));
        string shipped = environment.Repo("models", ModelRegistry.FileName);
        if (System.IO.File.Exists(shipped))
        {
            _seeds.Add(System.IO.File.ReadAllBytes(shipped));
            _seeds.Add(Encoding.UTF8.GetBytes(System.IO.File.ReadAllText(shipped).Replace("fr_regressor_v1.onnx", "model.onnx", StringComparison.Ordinal)));
        }
    }

    public override string Name => "registry";

    public override string Description => "ModelRegistry.Read + RegressorModel.Load with the registry's pins (InvalidDataException from Read, ModelRefusedException from Load)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "\"schema_version\"", "\"models\"", "\"id\"", "\"onnx\"", "\"sha256\"", "\"external_data\"", "\"model.onnx.data\"", "\"default\"",
            "\"model\"", "\"model.onnx\"", "\"../model.onnx\"", "\"/etc/passwd\"", "null", "[]", "{}", "\"\"", "0", "-1", "1e999",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'],
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(ModelRefusedException), typeof(InvalidDataException)];

    public override void Run(byte[] input, int seedIndex)
    {
        string registry = File(ModelRegistry.FileName);
        System.IO.File.WriteAllBytes(registry, input);
        try
        {
            ModelRegistry.Read(registry);
        }
        catch (InvalidDataException)
        {
            // As the CLI reads the shipped registry; now the same bytes as a model's pins, which must refuse too.
        }

        using var model = RegressorModel.Load(File("model.onnx"), (input.Length & 1) == 0 ? null : new ModelLoadOptions { RegistryPath = registry });
        SeedModel.Exercise(model);
    }
}
