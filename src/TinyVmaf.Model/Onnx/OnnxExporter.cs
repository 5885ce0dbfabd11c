using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Onnx;

/// <summary>
/// Writes <see cref="MlpWeights"/> as an ONNX model through the official protobuf schema (OnnxSharp's generated
/// classes). The graph is the contract of <see cref="OnnxContract"/>: <c>Concat</c> of the two inputs (v2),
/// then per hidden layer <c>Gemm</c> and exact GELU spelled <c>x·(1 + Erf(x/√2))·0.5</c>, then the last
/// <c>Gemm</c>, squeezed to <c>[N]</c> unless in variance mode. Weights are initializers in the file.
/// </summary>
/// <remarks>
/// The bytes are a function of the weights and the flag only (no timestamps, no tool version, fields in a
/// fixed order, floats little-endian), so a re-run of training that reproduces the weights reproduces the
/// sha256 pinned in the registry.
/// </remarks>
internal static class OnnxExporter
{
    /// <summary>Changes only when the graph layout changes; it is part of the bytes, so it moves every pin.</summary>
    internal const string ProducerName = "tinyvmaf";

    internal const string ProducerVersion = "regressor-graph-1";

    /// <summary>Serialises the model; see <see cref="Build"/>.</summary>
    public static byte[] Export(MlpWeights weights, bool codecAware) => Build(weights, codecAware).ToByteArray();

    /// <summary>
    /// Builds the ModelProto. <paramref name="codecAware"/> (v2) splits the first layer's inputs into
    /// <c>features</c> (all but the last 6) and <c>codec_onehot</c> (the last 6), the order the trainer
    /// concatenates them in. The last layer's width picks the output: 1 → <c>score [N]</c>,
    /// 2 → <c>score_logvar [N, 2]</c>.
    /// </summary>
    public static ModelProto Build(MlpWeights weights, bool codecAware)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Validate(weights, codecAware);

        var graph = new GraphProto { Name = codecAware ? "tinyvmaf_regressor_v2" : "tinyvmaf_regressor_v1" };
        int featureCount = codecAware ? weights.Inputs - OnnxContract.CodecOneHotWidth : weights.Inputs;
        graph.Input.Add(FloatTensorInfo(OnnxContract.FeaturesInput, featureCount));

        string x = OnnxContract.FeaturesInput;
        if (codecAware)
        {
            graph.Input.Add(FloatTensorInfo(OnnxContract.CodecOneHotInput, OnnxContract.CodecOneHotWidth));
            graph.Node.Add(Node("Concat", "concat_inputs", [OnnxContract.FeaturesInput, OnnxContract.CodecOneHotInput], ["inputs"],
                IntAttribute("axis", 1)));
            x = "inputs";
        }

        // Scalars of the GELU, shared by every layer; broadcast against [N, hidden].
        graph.Initializer.Add(FloatTensor("gelu_sqrt2", [], [MathF.Sqrt(2f)]));
        graph.Initializer.Add(FloatTensor("gelu_one", [], [1f]));
        graph.Initializer.Add(FloatTensor("gelu_half", [], [0.5f]));

        bool variance = weights.Outputs == 2;
        for (int i = 0; i < weights.Layers.Count; i++)
        {
            var layer = weights.Layers[i];
            bool last = i == weights.Layers.Count - 1;
            string weight = $"layer{i}.weight", bias = $"layer{i}.bias";
            graph.Initializer.Add(FloatTensor(weight, [layer.Outputs, layer.Inputs], layer.Weight));
            graph.Initializer.Add(FloatTensor(bias, [layer.Outputs], layer.Bias));

            string linear = last ? (variance ? OnnxContract.ScoreLogVarianceOutput : "score_column") : $"layer{i}.linear";
            graph.Node.Add(Node("Gemm", $"layer{i}_gemm", [x, weight, bias], [linear], IntAttribute("transB", 1)));
            x = last ? linear : AddGelu(graph, i, linear);
        }

        if (variance)
        {
            graph.Output.Add(FloatTensorInfo(OnnxContract.ScoreLogVarianceOutput, 2));
        }
        else
        {
            // Squeeze takes its axes as an input tensor from opset 13 on.
            graph.Initializer.Add(Int64Tensor("squeeze_axes", [1], [1]));
            graph.Node.Add(Node("Squeeze", "score_squeeze", [x, "squeeze_axes"], [OnnxContract.ScoreOutput]));
            graph.Output.Add(FloatTensorInfo(OnnxContract.ScoreOutput, null));
        }

        var model = new ModelProto
        {
            IrVersion = OnnxContract.IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxContract.Opset });
        return model;
    }

    /// <summary>Exact GELU, <c>x · (1 + erf(x / √2)) · 0.5</c>, from ops on the allowlist (no Gelu op before opset 20).</summary>
    private static string AddGelu(GraphProto graph, int layer, string x)
    {
        string p = $"layer{layer}.gelu";
        graph.Node.Add(Node("Div", $"{p}_div", [x, "gelu_sqrt2"], [$"{p}.scaled"]));
        graph.Node.Add(Node("Erf", $"{p}_erf", [$"{p}.scaled"], [$"{p}.erf"]));
        graph.Node.Add(Node("Add", $"{p}_add", [$"{p}.erf", "gelu_one"], [$"{p}.one_plus_erf"]));
        graph.Node.Add(Node("Mul", $"{p}_mul", [x, $"{p}.one_plus_erf"], [$"{p}.product"]));
        graph.Node.Add(Node("Mul", $"{p}_half", [$"{p}.product", "gelu_half"], [p]));
        return p;
    }

    private static void Validate(MlpWeights weights, bool codecAware)
    {
        if (weights.Layers.Count == 0)
        {
            throw new ArgumentException("The regressor has no layers.", nameof(weights));
        }

        for (int i = 0; i < weights.Layers.Count; i++)
        {
            var layer = weights.Layers[i];
            if (layer.Weight.Length != layer.Inputs * layer.Outputs || layer.Bias.Length != layer.Outputs)
            {
                throw new ArgumentException(
                    $"Layer {i} declares {layer.Outputs}×{layer.Inputs} but holds {layer.Weight.Length} weights and {layer.Bias.Length} biases.",
                    nameof(weights));
            }

            if (i > 0 && layer.Inputs != weights.Layers[i - 1].Outputs)
            {
                throw new ArgumentException(
                    $"Layer {i} takes {layer.Inputs} inputs but layer {i - 1} gives {weights.Layers[i - 1].Outputs}.", nameof(weights));
            }
        }

        if (weights.Outputs is not (1 or 2))
        {
            throw new ArgumentException($"The last layer has {weights.Outputs} outputs; the contract has 1 (score) or 2 (score, log-variance).", nameof(weights));
        }

        if (codecAware && weights.Inputs <= OnnxContract.CodecOneHotWidth)
        {
            throw new ArgumentException(
                $"A codec-aware regressor takes F features + {OnnxContract.CodecOneHotWidth} codec one-hot inputs; this one takes {weights.Inputs}.",
                nameof(weights));
        }
    }

    internal static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    internal static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float32 tensor of shape <c>[N]</c> (<paramref name="width"/> null) or <c>[N, width]</c>.</summary>
    internal static ValueInfoProto FloatTensorInfo(string name, int? width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxContract.BatchDimension });
        if (width is int w)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = w });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    internal static TensorProto FloatTensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        // raw_data is little-endian by the ONNX spec, whatever the machine.
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    internal static TensorProto Int64Tensor(string name, long[] dims, ReadOnlySpan<long> values)
    {
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
