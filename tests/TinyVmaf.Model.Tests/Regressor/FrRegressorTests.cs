using System.Runtime.InteropServices;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Regressor;

public sealed class FrRegressorTests
{
    internal const int FeatureCount = 4;

    // Four features on very different scales (one constant), a smooth non-linear label on 0..100, and a
    // per-codec offset that only a codec-aware model can see.
    internal static (float[] Features, double[] Labels, int[] Codecs) Synthetic(int n, ulong seed, double codecEffect = 0, double noise = 0)
    {
        var random = new SeededRandom(seed);
        var features = new float[n * FeatureCount];
        var labels = new double[n];
        var codecs = new int[n];
        for (int i = 0; i < n; i++)
        {
            double x0 = random.NextDouble();
            double x1 = 100 * random.NextDouble();
            double x2 = 10 * random.NextDouble() - 5;
            int codec = random.NextInt(3);
            features[i * FeatureCount] = (float)x0;
            features[i * FeatureCount + 1] = (float)x1;
            features[i * FeatureCount + 2] = (float)x2;
            features[i * FeatureCount + 3] = 7f;
            codecs[i] = codec;
            labels[i] = 45 + 25 * Math.Tanh(3 * x0 - 1.5) + 0.2 * (x1 - 50) + 5 * Math.Sin(x2)
                + codecEffect * (codec - 1) + noise * (2 * random.NextDouble() - 1);
        }
        return (features, labels, codecs);
    }

    private static double Rmse(ReadOnlySpan<float> predicted, ReadOnlySpan<double> labels)
    {
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
            sum += (predicted[i] - labels[i]) * (predicted[i] - labels[i]);
        return Math.Sqrt(sum / labels.Length);
    }

    private static double Std(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values)
            mean += v;
        mean /= values.Length;
        double sum = 0;
        foreach (double v in values)
            sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Length);
    }

    private static byte[] Bytes(MlpWeights weights)
        => weights.Layers.SelectMany(l => MemoryMarshal.AsBytes(l.Weight.AsSpan()).ToArray()
            .Concat(MemoryMarshal.AsBytes(l.Bias.AsSpan()).ToArray())).ToArray();

    [Fact]
    public void The_same_seed_and_data_give_identical_weight_bytes()
    {
        var (x, y, codecs) = Synthetic(700, 1, codecEffect: 5);
        var options = new FrRegressorOptions { Epochs = 4, Seed = 42, BatchSize = 64 };
        var a = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, options);
        var b = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, options);
        Assert.Equal(Bytes(a.Weights), Bytes(b.Weights));
        Assert.Equal(a.FeatureMean, b.FeatureMean);
        Assert.Equal(a.FeatureStd, b.FeatureStd);

        var c = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, options with { Seed = 43 });
        Assert.NotEqual(Bytes(a.Weights), Bytes(c.Weights));
    }

    [Fact]
    public void It_learns_a_smooth_synthetic_function_to_well_below_the_label_spread()
    {
        var (x, y, _) = Synthetic(4000, 2);
        var (xTest, yTest, _) = Synthetic(1000, 3);
        // Small batches: more optimiser steps for the same arithmetic, so the test stays quick.
        var model = FrRegressor.Train(x, FeatureCount, y, [], codecAware: false, new FrRegressorOptions { Seed = 1, BatchSize = 64 });

        double rmse = Rmse(model.Predict(xTest, []), yTest);
        double spread = Std(yTest);
        Assert.True(rmse < 0.1 * spread, $"held-out RMSE {rmse:F3} against a label std of {spread:F3}");
        Assert.True(model.EpochLoss[^1] < 0.25 * model.EpochLoss[0], "the training loss fell");
    }

    [Fact]
    public void A_codec_aware_model_learns_what_the_codec_adds_and_a_codec_blind_one_cannot()
    {
        var (x, y, codecs) = Synthetic(3000, 4, codecEffect: 8);
        var (xTest, yTest, codecsTest) = Synthetic(800, 5, codecEffect: 8);
        var options = new FrRegressorOptions { Seed = 3, BatchSize = 64 };
        var blind = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: false, options);
        var aware = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, options);
        Assert.Equal(FeatureCount, blind.Weights.Inputs);
        Assert.Equal(FeatureCount + 6, aware.Weights.Inputs);

        double blindRmse = Rmse(blind.Predict(xTest, codecsTest), yTest);
        double awareRmse = Rmse(aware.Predict(xTest, codecsTest), yTest);
        // The blind model cannot explain the ±8 offsets (their RMS alone is 8·√(2/3) ≈ 6.5).
        Assert.True(blindRmse > 5, $"blind RMSE {blindRmse:F3}");
        Assert.True(awareRmse < 0.5 * blindRmse, $"aware RMSE {awareRmse:F3}, blind {blindRmse:F3}");
    }

    [Fact]
    public void Variance_mode_predicts_a_larger_log_variance_where_the_labels_are_noisier()
    {
        // Noise whose spread grows with x0: σ = 1 at x0 = 0 up to σ = 10 at x0 = 1.
        var random = new SeededRandom(9);
        int n = 4000;
        var (x, y, _) = Synthetic(n, 6);
        for (int i = 0; i < n; i++)
        {
            double sigma = 1 + 9 * x[i * FeatureCount];
            y[i] += sigma * Math.Sqrt(3) * (2 * random.NextDouble() - 1);
        }
        var model = FrRegressor.Train(x, FeatureCount, y, [], codecAware: false, new FrRegressorOptions { Seed = 2, Variance = true, BatchSize = 64 });
        Assert.True(model.Variance);
        Assert.Equal(2, model.Weights.Outputs);

        float[] probe = [0.05f, 50f, 0f, 7f, 0.95f, 50f, 0f, 7f];
        var outputs = model.PredictOutputs(probe, []);
        double quietLogVariance = outputs[1];
        double noisyLogVariance = outputs[3];
        // True log-variances: 2·ln(1.45) ≈ 0.74 and 2·ln(9.55) ≈ 4.5.
        Assert.True(noisyLogVariance - quietLogVariance > 2, $"log-variance {quietLogVariance:F2} (quiet) vs {noisyLogVariance:F2} (noisy)");
        Assert.Equal(outputs[0], model.Predict(probe, [])[0]);
    }

    [Fact]
    public void Standardisation_uses_population_mean_and_std_and_divides_a_constant_feature_by_one()
    {
        float[] x =
        [
            1f, 10f, 5f,
            2f, 10f, 5f,
            3f, 10f, 5.000000001f,
            6f, 10f, 5f,
        ];
        var (mean, std) = FrRegressor.Standardisation(x, 3);
        Assert.Equal([3f, 10f, 5f], mean);
        // Population variance of 1, 2, 3, 6: (4 + 1 + 0 + 9)/4 = 3.5.
        Assert.Equal(MathF.Sqrt(3.5f), std[0], 6);
        Assert.Equal(1f, std[1]);
        Assert.Equal(1f, std[2]);
    }

    [Fact]
    public void The_label_scale_is_folded_back_so_an_affine_change_of_labels_only_changes_the_scale_of_predictions()
    {
        // y' = 4y + 100 has std ×4, a power of two, so training sees exactly the same standardised targets and
        // learns the same net; the folded weights must then predict exactly 4p + 100.
        var (x, y, _) = Synthetic(600, 7);
        var options = new FrRegressorOptions { Epochs = 3, Seed = 5 };
        var plain = FrRegressor.Train(x, FeatureCount, y, [], codecAware: false, options);
        var shifted = FrRegressor.Train(x, FeatureCount, Array.ConvertAll(y, v => 4 * v + 100), [], codecAware: false, options);
        Assert.Equal(4 * plain.LabelScale, shifted.LabelScale);

        var p = plain.Predict(x, []);
        var q = shifted.Predict(x, []);
        for (int i = 0; i < p.Length; i++)
            Assert.InRange(Math.Abs(q[i] - (4.0 * p[i] + 100)), 0, 1e-4 * Math.Abs(q[i]));
    }

    [Fact]
    public void Bad_training_input_is_refused_with_the_row_named()
    {
        float[] x = [1f, 2f, float.NaN, 4f];
        double[] y = [1, 2];
        var error = Assert.Throws<ArgumentException>(() => FrRegressor.Train(x, 2, y, [], codecAware: false));
        Assert.Contains("row 1", error.Message);
        Assert.Throws<ArgumentException>(() => FrRegressor.Train([1f, 2f, 3f], 2, y, [], codecAware: false));
        Assert.Throws<ArgumentException>(() => FrRegressor.Train([1f, 2f, 3f, 4f], 2, y, [0], codecAware: true));
        Assert.Throws<ArgumentException>(() => FrRegressor.Train([1f, 2f, 3f, 4f], 2, y, [], false, new FrRegressorOptions { Dropout = 1f }));
    }

    [Fact]
    public void A_warm_start_with_no_epochs_gives_back_the_model_it_started_from()
    {
        var (x, y, codecs) = Synthetic(500, 8, codecEffect: 3);
        var options = new FrRegressorOptions { Epochs = 3, Seed = 1 };
        var pretrained = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, options);

        // Other labels, so other label offset and scale: the unfold and refold must cancel.
        var (x2, y2, codecs2) = Synthetic(300, 9, codecEffect: 3);
        var shifted = Array.ConvertAll(y2, v => 0.5 * v + 30);
        var same = FrRegressor.Train(x2, FeatureCount, shifted, codecs2, codecAware: true, options with { Epochs = 0 }, pretrained);
        Assert.Equal(pretrained.FeatureMean, same.FeatureMean);
        Assert.Equal(pretrained.FeatureStd, same.FeatureStd);
        var p = pretrained.Predict(x2, codecs2);
        var q = same.Predict(x2, codecs2);
        for (int i = 0; i < p.Length; i++)
            Assert.InRange(Math.Abs(p[i] - q[i]), 0, 1e-4 * Math.Max(1, Math.Abs(p[i])));
    }

    [Fact]
    public void Fine_tuning_from_a_warm_start_moves_the_model_towards_the_new_labels()
    {
        var (x, y, _) = Synthetic(3000, 10);
        var options = new FrRegressorOptions { Seed = 4, BatchSize = 64 };
        var pretrained = FrRegressor.Train(x, FeatureCount, y, [], codecAware: false, options);

        // The new target differs by a smooth tilt the pretrained model has never seen.
        var (x2, y2, _) = Synthetic(400, 11);
        var (xTest, yTest, _) = Synthetic(500, 12);
        double Tilt(float[] features, int row) => 8 * features[row * FeatureCount];
        var target = y2.Select((v, i) => v + Tilt(x2, i)).ToArray();
        var targetTest = yTest.Select((v, i) => v + Tilt(xTest, i)).ToArray();
        var tuned = FrRegressor.Train(x2, FeatureCount, target, [], codecAware: false, options with { Epochs = 10 }, pretrained);

        double before = Rmse(pretrained.Predict(xTest, []), targetTest);
        double after = Rmse(tuned.Predict(xTest, []), targetTest);
        Assert.True(after < 0.7 * before, $"RMSE before fine-tuning {before:F3}, after {after:F3}");
    }

    [Fact]
    public void A_warm_start_of_another_shape_is_refused()
    {
        var (x, y, codecs) = Synthetic(200, 13);
        var small = FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: false, new FrRegressorOptions { Epochs = 1, Hidden = 8 });
        Assert.Throws<ArgumentException>(() => FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: false, new FrRegressorOptions { Epochs = 1 }, small));
        Assert.Throws<ArgumentException>(() => FrRegressor.Train(x, FeatureCount, y, codecs, codecAware: true, new FrRegressorOptions { Epochs = 1, Hidden = 8 }, small));
    }
}
