using System.Text;
using TinyVmaf.Corpus;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Fuzz.Targets;

/// <summary>Parquet corpora, read as <c>corpus describe</c>, <c>compare</c> and <c>train</c> read them.</summary>
internal sealed class ParquetTarget : FuzzTarget
{
    private readonly List<byte[]> _seeds = [];

    public ParquetTarget(FuzzEnvironment environment)
        : base(environment)
    {
        InputPath = File("input.parquet");
        for (int variant = 0; variant < 4; variant++)
        {
            _seeds.Add(Corpus(variant));
        }
    }

    public string InputPath { get; }

    public override string Name => "parquet";

    public override string Description => "CorpusParquet.ReadAsync: parquet corpora (InvalidDataException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
        [.. new[] { "PAR1", "source", "dis_basename", "frame_index", "codec", "mos", "vmaf", "adm2", "crf", "tinyvmaf.corpus.format" }.Select(Encoding.ASCII.GetBytes)];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(InvalidDataException)];

    public override void Run(byte[] input, int seedIndex)
    {
        using var stream = new MemoryStream(input, writable: false);
        CorpusParquet.ReadAsync(stream, InputPath, CancellationToken.None).GetAwaiter().GetResult();
    }

    public override bool NamesTheFile(string message) => message.Contains(InputPath, StringComparison.Ordinal);

    /// <summary>Small corpora in the layouts the code writes: labels or not, encode metadata with nulls, a few features.</summary>
    private static byte[] Corpus(int variant)
    {
        int rows = 3 + variant;
        string[] units = [.. Enumerable.Range(0, rows).Select(i => $"v{i / 2}")];
        int[] frames = [.. Enumerable.Range(0, rows).Select(i => i % 2)];
        double[] Column(double scale) => [.. Enumerable.Range(0, rows).Select(i => scale * (i + 1) / rows)];
        var features = new Dictionary<string, double[]>(StringComparer.Ordinal) { ["adm2"] = Column(1), ["motion2"] = Column(4) };
        if (variant >= 2)
        {
            features["vif_scale0"] = Column(0.9);
        }

        var table = new CorpusTable(
            [.. Enumerable.Range(0, rows).Select(i => $"src{i % 2}")],
            units,
            frames,
            [.. Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? "x264" : "libsvtav1")],
            [.. Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? "h264" : "av1")],
            variant % 2 == 0 ? Column(100) : null,
            variant != 1 ? Column(90) : null,
            variant == 3 ? [.. Enumerable.Range(0, rows).Select(i => i == 0 ? null : "libx264")] : null,
            variant == 3 ? [.. Enumerable.Range(0, rows).Select(i => i == 1 ? null : "medium")] : null,
            variant >= 2 ? [.. Enumerable.Range(0, rows).Select(i => i == 2 ? double.NaN : 20 + i)] : null,
            variant == 3 ? Column(1000) : null,
            features,
            new Dictionary<string, string> { ["tinyvmaf.imported_from"] = "seed.csv" });
        using var stream = new MemoryStream();
        CorpusParquet.WriteAsync(table, stream, CancellationToken.None).GetAwaiter().GetResult();
        return stream.ToArray();
    }
}

/// <summary>libvmaf JSON model files (the teacher), loaded and run on one frame of features.</summary>
internal sealed class VmafModelTarget : FuzzTarget
{
    private readonly List<byte[]> _seeds = [];

    public VmafModelTarget(FuzzEnvironment environment)
        : base(environment)
    {
        InputPath = File("model.json");
        foreach (string? model in new[]
                 {
                     environment.Shared("models", "vmaf_v0.6.1.json"),
                     environment.Shared("models", "vmaf_v0.6.1neg.json"),
                     environment.Shared("models", "vmaf_float_v0.6.1.json"),
                     environment.Shared("models", "vmaf_v1.0.16", "vmaf_v1.0.16_3d0h.json"),
                 })
        {
            if (model is not null)
            {
                _seeds.Add(System.IO.File.ReadAllBytes(model));
            }
        }

        // A small model in the same format, so that mutations reach every field often (and ../shared is optional).
        _seeds.Add(Encoding.UTF8.GetBytes("""
            {"param_dict": {"C": 4.0}, "model_dict": {
              "model_type": "LIBSVMNUSVR", "norm_type": "linear_rescale",
              "score_transform": {"enabled": true, "p0": 1.7, "p1": 1.05, "p2": -0.00705, "knee": [0, 0], "out_lte_in": "true", "out_gte_in": "false"},
              "score_clip": [0.0, 100.0],
              "feature_names": ["VMAF_integer_feature_adm2_score", "VMAF_integer_feature_motion2_score", "VMAF_integer_feature_vif_scale0_score"],
              "feature_opts_dicts": [{"adm_enhn_gain_limit": 1.0}, {}, {"vif_enhn_gain_limit": 1.0}],
              "slopes": [0.012, 2.8, 0.05, 2.1], "intercepts": [-0.3, -1.7, 0.0, -1.1],
              "model": "svm_type nu_svr\nkernel_type rbf\ngamma 0.04\nnr_class 2\ntotal_sv 2\nrho -1.9\nSV\n4.0 1:0.65 2:0.04 3:0.5 \n-4.0 1:-0.2 2:0.1 3:0.9 \n"
            }}
            """));
    }

    public string InputPath { get; }

    public override string Name => "vmafmodel";

    public override string Description => "VmafModel.Load + Predict: libvmaf JSON models (VmafModelException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "\"model_dict\"", "\"model_type\"", "\"LIBSVMNUSVR\"", "\"BOOTSTRAP_LIBSVMNUSVR\"", "\"norm_type\"", "\"none\"",
            "\"linear_rescale\"", "\"score_transform\"", "\"score_clip\"", "\"feature_names\"", "\"feature_opts_dicts\"", "\"slopes\"",
            "\"intercepts\"", "\"model\"", "\"knee\"", "\"enabled\"", "svm_type", "nu_svr", "epsilon_svr", "kernel_type", "rbf",
            "linear", "poly", "gamma", "nr_class", "total_sv", "rho", "SV\n", "1:", "99999:", "-1:", "\n", " ", "null", "[]", "{}",
            "1e999", "NaN", "\"VMAF_integer_feature_adm2_score\"", "\"VMAF_feature_vif_scale0_score\"", "\"cambi\"",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'],
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(VmafModelException)];

    public override void Run(byte[] input, int seedIndex)
    {
        System.IO.File.WriteAllBytes(InputPath, input);
        var model = VmafModel.Load(InputPath);
        Span<double> features = stackalloc double[model.Features.Count];
        features.Fill(0.5);
        double score = model.Predict(features);
        _ = score;
    }

    public override bool NamesTheFile(string message) => message.Contains(InputPath, StringComparison.Ordinal);
}
