using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Onnx;

/// <summary>
/// The ONNX contract of ARCHITECTURE.md (load-bearing: change only with a version bump). Names, opset and the
/// ops our exporter may emit live here once, so the exporter, the runtime and the tests cannot drift apart.
/// </summary>
internal static class OnnxContract
{
    /// <summary>Standardised features, float32 <c>[N, F]</c>.</summary>
    public const string FeaturesInput = "features";

    /// <summary>Codec one-hot of the codec vocabulary, float32 <c>[N, 6]</c> (v2 only).</summary>
    public const string CodecOneHotInput = "codec_onehot";

    /// <summary>The score, float32 <c>[N]</c>.</summary>
    public const string ScoreOutput = "score";

    /// <summary>Variance mode: float32 <c>[N, 2]</c>, column 0 the score, column 1 its log-variance.</summary>
    public const string ScoreLogVarianceOutput = "score_logvar";

    /// <summary>The symbolic batch dimension.</summary>
    public const string BatchDimension = "N";

    public const int Opset = 17;

    /// <summary>
    /// IR version 8 came with opset 17 (onnx 1.12). Runtimes refuse IR versions newer than they know, so the
    /// lowest IR that carries opset 17 loads in every runtime that can run the graph at all.
    /// </summary>
    public const long IrVersion = 8;

    /// <summary>Width of the codec one-hot: the size of the codec vocabulary.</summary>
    public const int CodecOneHotWidth = CodecVocabulary.Count;

    /// <summary>Every op our exporter emits; a subset of <see cref="OpAllowlist"/>.</summary>
    public static readonly IReadOnlyList<string> ExportedOps = ["Gemm", "Add", "Mul", "Div", "Erf", "Concat", "Squeeze"];
}
