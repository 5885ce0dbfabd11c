using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Model.Anchored;

/// <summary>Writes an anchored MOS model as a shippable folder: .onnx, sidecar, registry entry (see <see cref="ModelPackage"/>).</summary>
public static class AnchoredMosPackage
{
    /// <summary>The sidecar's <c>family</c> for this kind of model (the MLP regressors have none).</summary>
    public const string Family = "vmaf_anchored";

    /// <param name="card">
    /// The caller's card: id, target and scale, training and evaluation results, verdict. The graph-derived
    /// fields (feature order, identity standardisation, tensor names, codec vocabulary, sha256) are set here.
    /// </param>
    public static WrittenModel Write(string directory, AnchoredMos model, ModelCard card, bool register)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        byte[] onnx = AnchoredMosGraph.Export(model);
        bool codecAware = model.Parameters.CodecAware;
        var training = card.Training is null ? new JsonObject() : (JsonObject)card.Training.DeepClone();
        training["family"] = Family;
        training["anchor"] = Path.GetFileName(model.Vmaf.Path);
        training["parameters"] = Describe(model.Parameters);
        var complete = card with
        {
            Arch = codecAware ? "v2" : "v1",
            Variance = false,
            Onnx = card.Id + ".onnx",
            Opset = OnnxContract.Opset,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)),
            InputNames = codecAware ? [OnnxContract.FeaturesInput, OnnxContract.CodecOneHotInput] : [OnnxContract.FeaturesInput],
            OutputNames = [OnnxContract.ScoreOutput],
            FeatureOrder = model.FeatureOrder,
            FeatureMean = model.FeatureOrder.Select(_ => 0.0).ToArray(),
            FeatureStd = model.FeatureOrder.Select(_ => 1.0).ToArray(),
            CodecVocab = CodecVocabulary.Names,
            CodecVocabVersion = CodecVocabulary.Version,
            Training = training,
        };
        return ModelPackage.WriteGraph(directory, onnx, complete, register);
    }

    /// <summary>The fitted numbers, as the card shows them to a reader.</summary>
    public static JsonObject Describe(AnchoredMosParameters p)
    {
        var corrections = new JsonObject();
        for (int j = 0; j < p.CorrectionFeatures.Count; j++)
        {
            corrections[p.CorrectionFeatures[j]] = new JsonObject
            {
                ["weight"] = p.CorrectionWeights[j],
                ["mean"] = p.CorrectionMean[j],
                ["std"] = p.CorrectionStd[j],
                ["cap"] = double.IsFinite(AnchoredMosParameters.CapOf(p.CorrectionFeatures[j])) ? AnchoredMosParameters.CapOf(p.CorrectionFeatures[j]) : null,
            };
        }

        var result = new JsonObject
        {
            ["formula"] = "score = intercept + slope * ((clip(vmaf,0,100)/100)^exponent + sum_j weight_j*(min(x_j,cap_j)-mean_j)/std_j + codec_offset[codec])",
            ["exponent"] = p.Exponent,
            ["intercept"] = p.Intercept,
            ["slope"] = p.Slope,
            ["corrections"] = corrections,
        };
        if (p.CodecOffsets is { } offsets)
        {
            var codecs = new JsonObject();
            for (int c = 0; c < offsets.Count; c++)
                codecs[CodecVocabulary.Names[c]] = offsets[c];
            result["codec_offsets"] = codecs;
        }
        return result;
    }
}
