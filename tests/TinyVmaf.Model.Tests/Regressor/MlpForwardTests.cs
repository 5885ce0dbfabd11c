using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Regressor;

public sealed class MlpForwardTests
{
    [Fact]
    public void A_one_unit_net_computes_its_linear_gelu_linear_by_hand()
    {
        // out = 2·GELU(2x − 1) + 1; Φ(1) = 0.8413447460685429, Φ(−0.5) = 0.3085375387259869 (C library erf).
        var weights = new MlpWeights([new DenseLayer(1, 1, [2f], [-1f]), new DenseLayer(1, 1, [2f], [1f])]);
        var output = MlpForward.Run(weights, [1f, 0.25f]);
        Assert.Equal(2 * 1 * 0.8413447460685429 + 1, output[0], 6);
        Assert.Equal(2 * -0.5 * 0.3085375387259869 + 1, output[1], 6);
    }

    [Fact]
    public void It_agrees_with_the_training_network_in_double_at_every_output()
    {
        foreach (int outputs in new[] { 1, 2 })
        {
            const int inputs = 7, hidden = 6, depth = 3, rows = 5;
            var network = new MlpNetwork<double>(inputs, hidden, depth, outputs, rows);
            network.Initialise(new SeededRandom(8));
            // Round the parameters to float first, so that both passes start from the same numbers.
            for (int i = 0; i < network.Parameters.Length; i++)
                network.Parameters[i] = (float)network.Parameters[i];
            var layers = new List<DenseLayer>();
            for (int l = 0; l <= depth; l++)
            {
                int fanIn = l == 0 ? inputs : hidden;
                int fanOut = l == depth ? outputs : hidden;
                layers.Add(new DenseLayer(fanIn, fanOut,
                    Array.ConvertAll(network.Weight(l).ToArray(), v => (float)v),
                    Array.ConvertAll(network.Bias(l).ToArray(), v => (float)v)));
            }
            var random = new SeededRandom(4);
            var rowMajor = new float[rows * inputs];
            for (int i = 0; i < rowMajor.Length; i++)
                rowMajor[i] = (float)(4 * random.NextDouble() - 2);
            var featureMajor = new double[rows * inputs];
            for (int r = 0; r < rows; r++)
                for (int k = 0; k < inputs; k++)
                    featureMajor[k * rows + r] = rowMajor[r * inputs + k];

            var expected = network.Forward(featureMajor, rows, null, 0f).ToArray();
            var actual = MlpForward.Run(new MlpWeights(layers), rowMajor);
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < outputs; o++)
                    Assert.Equal(expected[o * rows + r], actual[r * outputs + o], 5);
        }
    }

    [Fact]
    public void The_two_input_form_is_features_then_codec_one_hot_per_row()
    {
        var (x, y, codecs) = FrRegressorTests.Synthetic(300, 1, codecEffect: 4);
        var model = FrRegressor.Train(x, FrRegressorTests.FeatureCount, y, codecs, codecAware: true,
            new FrRegressorOptions { Epochs = 2, Seed = 1 });
        var standardised = new float[x.Length];
        model.Standardise(x, standardised);
        var split = MlpForward.RunWithCodec(model.Weights, standardised, TinyVmaf.Model.Codecs.CodecVocabulary.OneHot(codecs));
        Assert.Equal(model.Predict(x, codecs), split);
    }

    [Fact]
    public void Weights_that_do_not_chain_are_refused()
    {
        var weights = new MlpWeights([new DenseLayer(2, 3, new float[6], new float[3]), new DenseLayer(2, 1, new float[2], new float[1])]);
        Assert.Throws<ArgumentException>(() => MlpForward.Run(weights, [1f, 2f]));
    }
}
