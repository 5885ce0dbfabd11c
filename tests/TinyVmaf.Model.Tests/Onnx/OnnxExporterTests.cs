using System.Security.Cryptography;
using Onnx;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Onnx;

public sealed class OnnxExporterTests(ITestOutputHelper log)
{
    public static TheoryData<bool, int> Variants => new()
    {
        { false, 1 }, // v1
        { true, 1 },  // v2
        { false, 2 }, // v1, variance mode
        { true, 2 },  // v2, variance mode
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_graph_has_exactly_the_contracts_inputs_outputs_opset_and_ops(bool codecAware, int outputs)
    {
        const int features = 9;
        var weights = TestModels.RandomWeights(1, features + (codecAware ? 6 : 0), outputs: outputs);
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(weights, codecAware));

        Assert.Equal(8, model.IrVersion);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(17, opset.Version);

        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        Assert.Equal(codecAware ? ["features", "codec_onehot"] : new[] { "features" }, inputs.Select(i => i.Name));
        AssertFloatTensor(inputs[0], features);
        if (codecAware)
        {
            AssertFloatTensor(inputs[1], 6);
        }

        var output = Assert.Single(graph.Output);
        if (outputs == 2)
        {
            Assert.Equal("score_logvar", output.Name);
            AssertFloatTensor(output, 2);
        }
        else
        {
            Assert.Equal("score", output.Name);
            AssertFloatTensor(output, null);
        }

        Assert.All(graph.Node, n => Assert.Equal("", n.Domain));
        Assert.Subset(new HashSet<string>(OnnxContract.ExportedOps), graph.Node.Select(n => n.OpType).ToHashSet());
        Assert.Subset(OpAllowlist.Names.ToHashSet(), graph.Node.Select(n => n.OpType).ToHashSet());
        Assert.Equal(2 * weights.Layers.Count, graph.Initializer.Count(t => t.Name.StartsWith("layer", StringComparison.Ordinal)));
        Assert.All(graph.Initializer, t => Assert.Empty(t.ExternalData));
    }

    [Fact]
    public void The_same_weights_give_the_same_bytes_and_one_changed_weight_changes_them()
    {
        var weights = TestModels.RandomWeights(2, 6 + 6);
        byte[] first = OnnxExporter.Export(weights, codecAware: true);
        byte[] second = OnnxExporter.Export(TestModels.RandomWeights(2, 6 + 6), codecAware: true);
        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));

        weights.Layers[1].Weight[7] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(weights.Layers[1].Weight[7]) + 1);
        Assert.NotEqual(SHA256.HashData(first), SHA256.HashData(OnnxExporter.Export(weights, codecAware: true)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Onnx_runtime_agrees_with_the_managed_forward_pass_at_batch_sizes_1_7_and_1024(bool codecAware, int outputs)
    {
        const int features = 6;
        var weights = TestModels.RandomWeights(3 + outputs, features + (codecAware ? 6 : 0), outputs: outputs);
        var signature = RegressorSignature.OfExport(features, codecAware, variance: outputs == 2);
        using var session = new OnnxRegressorSession(OnnxExporter.Export(weights, codecAware), signature, maxBatch: 100);

        foreach (int rows in new[] { 1, 7, 1024 })
        {
            float[] x = TestModels.RandomRows(rows, rows, features);
            float[] codec = codecAware ? TestModels.RandomOneHot(rows + 1, rows) : [];
            float[] scores = new float[rows], logVariance = new float[outputs == 2 ? rows : 0];
            session.Run(x, codec, scores, logVariance);

            float[] expected = codecAware ? MlpForward.RunWithCodec(weights, x, codec) : MlpForward.Run(weights, x);
            double maxDelta = 0;
            for (int i = 0; i < rows; i++)
            {
                maxDelta = Math.Max(maxDelta, Math.Abs(scores[i] - expected[i * outputs]));
                if (outputs == 2)
                {
                    maxDelta = Math.Max(maxDelta, Math.Abs(logVariance[i] - expected[i * 2 + 1]));
                }

                Assert.True(Math.Abs(scores[i] - expected[i * outputs]) <= 1e-4,
                    $"batch {rows}, row {i}: ONNX score {scores[i]} vs managed {expected[i * outputs]}");
                if (outputs == 2)
                {
                    Assert.True(Math.Abs(logVariance[i] - expected[i * 2 + 1]) <= 1e-4,
                        $"batch {rows}, row {i}: ONNX log-variance {logVariance[i]} vs managed {expected[i * 2 + 1]}");
                }
            }

            log.WriteLine($"v{(codecAware ? 2 : 1)}{(outputs == 2 ? " variance" : "")}, batch {rows}: max |ONNX − managed| {maxDelta:E2}");
        }
    }

    [Fact]
    public void Weights_whose_layers_do_not_chain_are_refused()
    {
        var weights = TestModels.RandomWeights(4, 6);
        var broken = new MlpWeights([weights.Layers[0], weights.Layers[0], weights.Layers[2]]);
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(broken, codecAware: false));
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(TestModels.RandomWeights(4, 6, outputs: 3), codecAware: false));
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(TestModels.RandomWeights(4, 6), codecAware: true));
    }

    private static void AssertFloatTensor(ValueInfoProto info, int? width)
    {
        var tensor = info.Type.TensorType;
        Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.ElemType);
        Assert.Equal(width is null ? 1 : 2, tensor.Shape.Dim.Count);
        Assert.Equal("N", tensor.Shape.Dim[0].DimParam);
        Assert.False(tensor.Shape.Dim[0].HasDimValue);
        if (width is int w)
        {
            Assert.Equal(w, tensor.Shape.Dim[1].DimValue);
        }
    }
}
