using System.Security.Cryptography;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Cards;

/// <summary>Where <see cref="ModelPackage.Write"/> put a model, and the sha256 it pinned.</summary>
public sealed record WrittenModel(string OnnxPath, string SidecarPath, string? RegistryPath, string Sha256, ModelCard Card);

/// <summary>
/// Writes a trained regressor as a shippable folder: <c>&lt;id&gt;.onnx</c>, its sidecar <c>&lt;id&gt;.json</c>
/// (completed with the file name, opset, sha256 and tensor names of the graph just written) and, when the
/// model is to be registered, its entry in the folder's <c>registry.json</c>. Every file is replaced
/// atomically.
/// </summary>
public static class ModelPackage
{
    /// <param name="card">
    /// The caller's card: id, feature order and standardisation, codec vocabulary, target, training and
    /// evaluation results, verdict. The graph-derived fields are overwritten here.
    /// </param>
    /// <param name="register">
    /// True when the model passed its gate. False also removes an older entry of the same id, whose pin would
    /// no longer match the file just written.
    /// </param>
    public static WrittenModel Write(string directory, MlpWeights weights, bool codecAware, ModelCard card, bool register)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (!ModelCard.IsBareFileName(card.Id + ".onnx"))
        {
            throw new ArgumentException($"Model id '{card.Id}' cannot be a file name.", nameof(card));
        }

        byte[] onnx = OnnxExporter.Export(weights, codecAware);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx));
        bool variance = weights.Outputs == 2;
        string output = variance ? OnnxContract.ScoreLogVarianceOutput : OnnxContract.ScoreOutput;
        var complete = card with
        {
            Arch = codecAware ? "v2" : "v1",
            Variance = variance,
            Onnx = card.Id + ".onnx",
            Opset = OnnxContract.Opset,
            Sha256 = sha256,
            InputNames = codecAware ? [OnnxContract.FeaturesInput, OnnxContract.CodecOneHotInput] : [OnnxContract.FeaturesInput],
            OutputNames = [output],
        };

        int featureCount = weights.Inputs - (codecAware ? OnnxContract.CodecOneHotWidth : 0);
        if (complete.FeatureOrder.Count != featureCount)
        {
            throw new ArgumentException(
                $"The card names {complete.FeatureOrder.Count} features but the regressor takes {featureCount}.", nameof(card));
        }

        if (codecAware && complete.CodecVocabVersion is null)
        {
            throw new ArgumentException("A codec-aware model's card must pin codec_vocab_version.", nameof(card));
        }

        return WriteGraph(directory, onnx, complete, register);
    }

    /// <summary>
    /// Writes any graph of ours with its completed card (sha256, file name, tensor names already set by the
    /// caller's kind of model), and registers it or drops a stale entry of its id, as <see cref="Write"/> does.
    /// </summary>
    internal static WrittenModel WriteGraph(string directory, byte[] onnx, ModelCard complete, bool register)
    {
        if (!ModelCard.IsBareFileName(complete.Id + ".onnx"))
        {
            throw new ArgumentException($"Model id '{complete.Id}' cannot be a file name.", nameof(complete));
        }

        string sha256 = complete.Sha256 ?? throw new ArgumentException("The card must pin the graph's sha256.", nameof(complete));
        string full = Path.GetFullPath(directory);
        string onnxPath = Path.Combine(full, complete.Onnx);
        string sidecarPath = ModelCard.SidecarPathOf(onnxPath);
        AtomicFile.WriteBytes(onnxPath, onnx);
        complete.Write(sidecarPath);

        string registryPath = Path.Combine(full, ModelRegistry.FileName);
        var registry = ModelRegistry.ReadOrEmpty(registryPath);
        if (register)
        {
            registry.With(new RegistryEntry
            {
                Id = complete.Id,
                Kind = complete.Kind,
                Onnx = complete.Onnx,
                Sidecar = Path.GetFileName(sidecarPath),
                Sha256 = sha256,
                Opset = complete.Opset,
                Arch = complete.Arch,
                Target = complete.Target,
            }).Write(registryPath);
        }
        else if (registry.FindById(complete.Id) is not null)
        {
            registry.Without(complete.Id).Write(registryPath);
        }

        return new WrittenModel(onnxPath, sidecarPath, register ? registryPath : null, sha256, complete);
    }
}
