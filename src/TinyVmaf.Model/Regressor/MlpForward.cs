using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Regressor;

/// <summary>
/// The managed inference pass over <see cref="MlpWeights"/>: the reference the ONNX graph is checked against.
/// Each row runs independently in double precision with the exact GELU; dropout is the identity.
/// </summary>
public static class MlpForward
{
    /// <summary>
    /// Runs a batch, <paramref name="input"/> row-major <c>[N, Inputs]</c> (already standardised, with the codec
    /// one-hot appended for a codec-aware model), and returns row-major <c>[N, Outputs]</c>.
    /// </summary>
    public static float[] Run(MlpWeights weights, ReadOnlySpan<float> input)
    {
        Validate(weights);
        if (input.Length % weights.Inputs != 0)
            throw new ArgumentException($"The input is not whole rows of {weights.Inputs}.", nameof(input));
        int n = input.Length / weights.Inputs;
        var output = new float[n * weights.Outputs];
        Run(weights, input, output);
        return output;
    }

    /// <summary>
    /// The codec-aware graph's two inputs, as ONNX takes them: <c>features</c> <c>[N, F]</c> and
    /// <c>codec_onehot</c> <c>[N, 6]</c>, concatenated per row.
    /// </summary>
    public static float[] RunWithCodec(MlpWeights weights, ReadOnlySpan<float> features, ReadOnlySpan<float> codecOneHot)
    {
        int featureCount = weights.Inputs - CodecVocabulary.Count;
        if (featureCount < 1 || features.Length % featureCount != 0)
            throw new ArgumentException($"The features are not whole rows of {featureCount}.", nameof(features));
        int n = features.Length / featureCount;
        if (codecOneHot.Length != n * CodecVocabulary.Count)
            throw new ArgumentException($"The codec one-hot must be [{n}, {CodecVocabulary.Count}].", nameof(codecOneHot));
        var input = new float[n * weights.Inputs];
        for (int row = 0; row < n; row++)
        {
            features.Slice(row * featureCount, featureCount).CopyTo(input.AsSpan(row * weights.Inputs));
            codecOneHot.Slice(row * CodecVocabulary.Count, CodecVocabulary.Count)
                .CopyTo(input.AsSpan(row * weights.Inputs + featureCount));
        }
        return Run(weights, input);
    }

    /// <summary>Runs a batch into <paramref name="output"/> (<c>[N, Outputs]</c>).</summary>
    public static void Run(MlpWeights weights, ReadOnlySpan<float> input, Span<float> output)
    {
        Validate(weights);
        int n = input.Length / weights.Inputs;
        if (input.Length != n * weights.Inputs || output.Length < n * weights.Outputs)
            throw new ArgumentException("Input and output must be whole rows of the model's width.");
        int widest = weights.Layers.Max(l => Math.Max(l.Inputs, l.Outputs));
        var current = new double[widest];
        var next = new double[widest];
        var layers = weights.Layers;
        for (int row = 0; row < n; row++)
        {
            var x = input.Slice(row * weights.Inputs, weights.Inputs);
            for (int k = 0; k < x.Length; k++)
                current[k] = x[k];
            for (int l = 0; l < layers.Count; l++)
            {
                var layer = layers[l];
                bool hidden = l < layers.Count - 1;
                for (int j = 0; j < layer.Outputs; j++)
                {
                    double z = layer.Bias[j];
                    var w = layer.Weight.AsSpan(j * layer.Inputs, layer.Inputs);
                    for (int k = 0; k < w.Length; k++)
                        z += w[k] * current[k];
                    next[j] = hidden ? Gelu.Exact(z) : z;
                }
                (current, next) = (next, current);
            }
            for (int j = 0; j < weights.Outputs; j++)
                output[row * weights.Outputs + j] = (float)current[j];
        }
    }

    private static void Validate(MlpWeights weights)
    {
        if (weights.Layers.Count == 0)
            throw new ArgumentException("The model has no layers.", nameof(weights));
        for (int l = 0; l < weights.Layers.Count; l++)
        {
            var layer = weights.Layers[l];
            if (layer.Weight.Length != layer.Inputs * layer.Outputs || layer.Bias.Length != layer.Outputs)
                throw new ArgumentException($"Layer {l} holds {layer.Weight.Length} weights and {layer.Bias.Length} biases for {layer.Outputs}×{layer.Inputs}.", nameof(weights));
            if (l > 0 && layer.Inputs != weights.Layers[l - 1].Outputs)
                throw new ArgumentException($"Layer {l} takes {layer.Inputs} inputs but layer {l - 1} gives {weights.Layers[l - 1].Outputs}.", nameof(weights));
        }
    }
}
