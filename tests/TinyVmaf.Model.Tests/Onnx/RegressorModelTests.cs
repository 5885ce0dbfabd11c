using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Onnx;

/// <summary>The public predict path: named raw columns and codec labels in, scores out.</summary>
public sealed class RegressorModelTests : IDisposable
{
    private static readonly double[] Mean = [0.9, 0.4, 0.7, 0.8, 0.87, 8.9];
    private static readonly double[] Std = [0.1, 0.16, 0.19, 0.17, 0.14, 6.2];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Predict_standardises_with_the_sidecar_and_one_hots_each_codec_label_through_the_aliases()
    {
        var weights = TestModels.RandomWeights(31, 12, hidden: 16);
        var card = TestModels.Card("v2", TestModels.Canonical6, codecAware: true) with { FeatureMean = Mean, FeatureStd = Std, TargetScale = [-1e9, 1e9] };
        ModelPackage.Write(_folder.Path, weights, codecAware: true, card, register: true);
        using var model = RegressorModel.Load(_folder.File("v2.json"));

        string?[] codecs = ["HEVC", "av1", null, "vp9", "h266", "mpeg2"];
        var columns = RawColumns(codecs.Length);
        var prediction = model.Predict(columns, codecs);

        float[] standardised = Standardise(columns, codecs.Length);
        float[] expected = MlpForward.RunWithCodec(weights, standardised, CodecVocabulary.OneHot(codecs));
        for (int i = 0; i < codecs.Length; i++)
        {
            Assert.True(Math.Abs(prediction.Scores[i] - expected[i]) <= 1e-4, $"row {i} ({codecs[i]}): {prediction.Scores[i]} vs {expected[i]}");
        }

        Assert.Null(prediction.LogVariances);
    }

    [Fact]
    public void Scores_are_clipped_to_the_target_scale_of_the_sidecar()
    {
        var weights = TestModels.RandomWeights(32, 6, hidden: 16);
        var card = TestModels.Card("v1", TestModels.Canonical6, codecAware: false) with { FeatureMean = Mean, FeatureStd = Std, TargetScale = [-0.5, 0.5] };
        ModelPackage.Write(_folder.Path, weights, codecAware: false, card, register: false);
        using var model = RegressorModel.Load(_folder.File("v1.onnx"));

        var columns = RawColumns(50);
        float[] raw = MlpForward.Run(weights, Standardise(columns, 50));
        Assert.Contains(raw, s => s is < -0.5f or > 0.5f);
        var scores = model.Predict(columns).Scores;
        for (int i = 0; i < raw.Length; i++)
        {
            Assert.Equal(Math.Clamp(raw[i], -0.5f, 0.5f), scores[i], 1e-4f);
        }
    }

    [Fact]
    public void A_missing_feature_column_is_named_in_the_error()
    {
        ModelPackage.Write(_folder.Path, TestModels.RandomWeights(33, 6, hidden: 8), false, TestModels.Card("v1", TestModels.Canonical6, false), false);
        using var model = RegressorModel.Load(_folder.Path);
        var columns = RawColumns(3);
        columns.Remove("motion2");
        var error = Assert.Throws<ArgumentException>(() => model.Predict(columns));
        Assert.Contains("missing: motion2", error.Message);
    }

    [Fact]
    public void A_folder_with_several_models_must_name_one()
    {
        ModelPackage.Write(_folder.Path, TestModels.RandomWeights(34, 6, hidden: 8), false, TestModels.Card("a", TestModels.Canonical6, false), false);
        ModelPackage.Write(_folder.Path, TestModels.RandomWeights(35, 6, hidden: 8), false, TestModels.Card("b", TestModels.Canonical6, false), false);
        var error = Assert.Throws<FileNotFoundException>(() => RegressorModel.Load(_folder.Path));
        Assert.Contains("a.onnx, b.onnx", error.Message);
    }

    private static Dictionary<string, double[]> RawColumns(int rows) =>
        TestModels.Canonical6.Select((name, j) => (name, j)).ToDictionary(
            c => c.name,
            c => Enumerable.Range(0, rows).Select(i => Mean[c.j] + Std[c.j] * 2.5 * Math.Sin(1.7 * i + c.j)).ToArray());

    private static float[] Standardise(Dictionary<string, double[]> columns, int rows)
    {
        float[] x = new float[rows * 6];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                x[i * 6 + j] = (float)((columns[TestModels.Canonical6[j]][i] - Mean[j]) / Std[j]);
            }
        }

        return x;
    }
}
