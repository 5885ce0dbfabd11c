using TinyVmaf.Model.Cards;

namespace TinyVmaf.Model.Onnx;

/// <summary>
/// How to feed a loaded regressor and read it back, resolved from its graph and checked against its sidecar:
/// the <c>features</c> width, the optional <c>codec_onehot</c> input, and the output (<c>score</c> as
/// <c>[N]</c> or <c>[N, 1]</c>, or <c>score_logvar</c> as <c>[N, 2]</c>).
/// </summary>
internal sealed record RegressorSignature(
    int FeatureCount,
    bool CodecAware,
    string OutputName,
    int OutputWidth,
    int OutputRank)
{
    public bool Variance => OutputWidth == 2;

    /// <summary>The signature our exporter writes for these widths.</summary>
    public static RegressorSignature OfExport(int featureCount, bool codecAware, bool variance) =>
        variance
            ? new(featureCount, codecAware, OnnxContract.ScoreLogVarianceOutput, 2, 2)
            : new(featureCount, codecAware, OnnxContract.ScoreOutput, 1, 1);

    /// <summary>
    /// Resolves the signature of <paramref name="model"/> and checks that <paramref name="card"/> describes it
    /// (same input and output names, one feature name per <c>features</c> column). The codec input, when there
    /// is one, must already have passed the vocabulary check.
    /// </summary>
    public static RegressorSignature Resolve(VerifiedOnnxModel model, ModelCard card, string cardPath)
    {
        string path = model.Path;
        string graphInputs = string.Join(", ", model.Inputs);
        var features = model.Inputs.FirstOrDefault(i => i.Name == OnnxContract.FeaturesInput)
            ?? throw new UnsupportedModelSignatureException(path,
                $"the graph has no '{OnnxContract.FeaturesInput}' input (it has {graphInputs}); we feed v1 and v2 regressors only");
        int featureCount = MatrixWidth(path, features);

        var others = model.Inputs.Where(i => i.Name != OnnxContract.FeaturesInput).ToList();
        bool codecAware = false;
        if (others.Count == 1 && others[0].Name == OnnxContract.CodecOneHotInput)
        {
            int width = MatrixWidth(path, others[0]);
            if (width != OnnxContract.CodecOneHotWidth)
            {
                throw new UnsupportedModelSignatureException(path,
                    $"'{OnnxContract.CodecOneHotInput}' is {width} wide; the codec vocabulary has {OnnxContract.CodecOneHotWidth} entries");
            }

            codecAware = true;
        }
        else if (others.Count > 0)
        {
            throw new UnsupportedModelSignatureException(path,
                $"the graph takes {graphInputs}; we feed '{OnnxContract.FeaturesInput}' [N, F] and optionally '{OnnxContract.CodecOneHotInput}' [N, {OnnxContract.CodecOneHotWidth}]");
        }

        if (model.Outputs.Count != 1)
        {
            throw new UnsupportedModelSignatureException(path,
                $"the graph has {model.Outputs.Count} outputs ({string.Join(", ", model.Outputs)}); a regressor has one");
        }

        var output = model.Outputs[0];
        var (outputWidth, outputRank) = OutputShape(path, output);

        if (!card.InputNames.Order(StringComparer.Ordinal).SequenceEqual(model.Inputs.Select(i => i.Name).Order(StringComparer.Ordinal)))
        {
            throw new ModelCardMismatchException(cardPath,
                $"input_names [{string.Join(", ", card.InputNames)}] are not the graph's inputs [{string.Join(", ", model.Inputs.Select(i => i.Name))}]");
        }

        if (!card.OutputNames.SequenceEqual([output.Name]))
        {
            throw new ModelCardMismatchException(cardPath,
                $"output_names [{string.Join(", ", card.OutputNames)}] are not the graph's output [{output.Name}]");
        }

        if (card.FeatureOrder.Count != featureCount)
        {
            throw new ModelCardMismatchException(cardPath,
                $"feature_order names {card.FeatureOrder.Count} features but the graph's '{OnnxContract.FeaturesInput}' is {featureCount} wide");
        }

        return new RegressorSignature(featureCount, codecAware, output.Name, outputWidth, outputRank);
    }

    private static int MatrixWidth(string path, TensorSignature input)
    {
        if (!input.IsFloat32 || input.Shape is not { Count: 2 } || input.Shape[1].Value is not long width || width <= 0)
        {
            throw new UnsupportedModelSignatureException(path, $"input {input} is not float32 [N, F] with a fixed F");
        }

        return checked((int)width);
    }

    private static (int Width, int Rank) OutputShape(string path, TensorSignature output)
    {
        bool score = output.Name == OnnxContract.ScoreOutput;
        bool scoreLogVariance = output.Name == OnnxContract.ScoreLogVarianceOutput;
        if (output.IsFloat32 && output.Shape is { } shape)
        {
            if (score && shape.Count == 1)
            {
                return (1, 1);
            }

            if (score && shape.Count == 2 && shape[1].Value == 1)
            {
                return (1, 2);
            }

            if (scoreLogVariance && shape.Count == 2 && shape[1].Value == 2)
            {
                return (2, 2);
            }
        }

        throw new UnsupportedModelSignatureException(path,
            $"output {output} is neither '{OnnxContract.ScoreOutput}' float32 [N] nor '{OnnxContract.ScoreLogVarianceOutput}' float32 [N, 2]");
    }
}
