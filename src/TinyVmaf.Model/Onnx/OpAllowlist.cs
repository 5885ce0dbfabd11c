namespace TinyVmaf.Model.Onnx;

/// <summary>
/// The ONNX operators a model may use to be loaded at all: the same names libvmaf's DNN loader admits
/// (lusoris fork, <c>libvmaf/src/dnn/op_allowlist.c</c>), so a model we accept is one libvmaf would run and
/// the other way round. Only ops of the default ONNX domain count: a custom-domain op may borrow a listed name.
/// </summary>
internal static class OpAllowlist
{
    /// <summary>
    /// libvmaf caps Loop nodes over the whole model (subgraphs included) because a wire-level scan cannot
    /// bound a Loop's trip count; we keep the same cap so the two loaders agree.
    /// </summary>
    public const int MaxLoopNodes = 16;

    /// <summary>Deepest nesting of control-flow subgraphs (If/Loop bodies) that is scanned; deeper is refused.</summary>
    public const int MaxSubgraphDepth = 8;

    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        // Shape and structure.
        "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Concat", "Slice", "Gather",
        "Cast", "Shape", "Expand",
        // Element-wise arithmetic.
        "Add", "Sub", "Mul", "Div", "Neg", "Abs", "Sqrt", "Pow", "Exp", "Log", "Clip", "Min", "Max", "Sum", "Mean",
        // Reductions and global pooling.
        "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "GlobalAveragePool", "GlobalMaxPool",
        // Dense and convolutional layers.
        "Gemm", "MatMul", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "Resize",
        // Normalisation.
        "BatchNormalization", "LayerNormalization", "InstanceNormalization",
        // Activations.
        "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "Elu", "Selu", "Softplus", "Softsign", "Gelu", "Erf",
        "HardSigmoid", "HardSwish", "PRelu",
        // Identity at inference.
        "Dropout",
        // Quantise/dequantise pairs around the dense ops above (QDQ int8 models).
        "QuantizeLinear", "DequantizeLinear",
        // Constants, padding and indexing.
        "Constant", "ConstantOfShape", "Pad", "Reciprocal", "ReduceProd", "GatherND", "ScatterND", "BitShift",
        // Control flow: admitted only because every op of their bodies is scanned too.
        "Loop", "If",
    };

    /// <summary>The allowed op names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Allowed.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="opType"/> of <paramref name="domain"/> may appear in a loaded model.</summary>
    public static bool IsAllowed(string opType, string domain) =>
        IsDefaultDomain(domain) && Allowed.Contains(opType);

    /// <summary>The default ONNX operator set is named by the empty string or by its alias <c>ai.onnx</c>.</summary>
    public static bool IsDefaultDomain(string domain) => domain is "" or "ai.onnx";
}
