using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Onnx;

/// <summary>Random regressors and throw-away model folders for the export, guard and runtime tests.</summary>
internal static class TestModels
{
    /// <summary>Weights drawn like PyTorch's default init (uniform ±1/√fan_in), with larger biases to exercise GELU's tails.</summary>
    public static MlpWeights RandomWeights(int seed, int inputs, int hidden = 64, int depth = 2, int outputs = 1)
    {
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        int fanIn = inputs;
        for (int i = 0; i <= depth; i++)
        {
            int fanOut = i == depth ? outputs : hidden;
            float bound = 1f / MathF.Sqrt(fanIn);
            float[] weight = new float[fanOut * fanIn];
            float[] bias = new float[fanOut];
            for (int k = 0; k < weight.Length; k++)
            {
                weight[k] = (float)((random.NextDouble() * 2 - 1) * bound * 3);
            }

            for (int k = 0; k < bias.Length; k++)
            {
                bias[k] = (float)((random.NextDouble() * 2 - 1) * 2);
            }

            layers.Add(new DenseLayer(fanIn, fanOut, weight, bias));
            fanIn = fanOut;
        }

        return new MlpWeights(layers);
    }

    /// <summary>Standard-normal rows, as standardised features look.</summary>
    public static float[] RandomRows(int seed, int rows, int width)
    {
        var random = new Random(seed);
        float[] values = new float[rows * width];
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    /// <summary>A random codec one-hot per row.</summary>
    public static float[] RandomOneHot(int seed, int rows)
    {
        var random = new Random(seed);
        float[] values = new float[rows * OnnxContract.CodecOneHotWidth];
        for (int i = 0; i < rows; i++)
        {
            values[i * OnnxContract.CodecOneHotWidth + random.Next(OnnxContract.CodecOneHotWidth)] = 1f;
        }

        return values;
    }

    /// <summary>A card for a model of <paramref name="features"/> features with mean 0 and std 1.</summary>
    public static ModelCard Card(string id, IReadOnlyList<string> features, bool codecAware) => new()
    {
        Id = id,
        Onnx = id + ".onnx",
        InputNames = ["features"],
        OutputNames = ["score"],
        FeatureOrder = features,
        FeatureMean = [.. features.Select(_ => 0.0)],
        FeatureStd = [.. features.Select(_ => 1.0)],
        CodecVocab = codecAware ? CodecVocabulary.Names : null,
        CodecVocabVersion = codecAware ? CodecVocabulary.Version : null,
        Target = "vmaf",
        TargetScale = [0, 100],
    };

    public static readonly IReadOnlyList<string> Canonical6 =
        ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"];
}

/// <summary>A temporary folder removed at dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("tinyvmaf-onnx-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
