namespace TinyVmaf.Model.Regressor;

/// <summary>
/// One fully connected layer: <c>y = W·x + b</c>, with <see cref="Weight"/> row-major <c>[Outputs, Inputs]</c>
/// (the layout of ONNX Gemm with <c>transB = 1</c> and of PyTorch's <c>nn.Linear</c>).
/// </summary>
public sealed record DenseLayer(int Inputs, int Outputs, float[] Weight, float[] Bias)
{
    public float W(int output, int input) => Weight[output * Inputs + input];
}

/// <summary>
/// The regressor's trained weights, the one thing training hands to export and to the managed forward pass:
/// hidden layers each followed by exact (erf) GELU, then a last linear layer with 1 output (the score) or
/// 2 (score and log-variance). Dropout is identity at inference and has no weights.
/// </summary>
public sealed record MlpWeights(IReadOnlyList<DenseLayer> Layers)
{
    public int Inputs => Layers[0].Inputs;

    public int Outputs => Layers[^1].Outputs;
}
