using System.Text.Json;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>Reading Netflix's vmaf_v0.6.1 as libvmaf 3.0 reads it, and the flags that change how it scores.</summary>
public sealed class VmafModelLoadTests
{
    [Fact]
    public void Vmaf_v0_6_1_asks_for_the_six_integer_features_in_the_models_own_order()
    {
        SharedData.RequireOrSkip();
        var model = VmafModel.Load(SharedData.VmafModel);

        Assert.Equal(
            ["integer_adm2", "integer_motion2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3"],
            model.FeatureKeys);
        Assert.Equal(ModelFile()["feature_names"].EnumerateArray().Select(e => e.GetString()), model.Features.Select(f => f.ModelName));
        Assert.Equal(["adm", "motion", "vif", "vif", "vif", "vif"], model.Features.Select(f => f.Extractor));
        Assert.All(model.Features, f => Assert.Empty(f.ExtractorOptions));
        Assert.Equal("vmaf", model.ScoreKey);
    }

    [Fact]
    public void Vmaf_v0_6_1_is_a_linearly_rescaled_nu_svr_clipped_to_0_100()
    {
        SharedData.RequireOrSkip();
        var model = VmafModel.Load(SharedData.VmafModel);
        var file = ModelFile();
        string[] libsvm = file["model"].GetString()!.Split('\n');

        Assert.Equal(file["model_type"].GetString(), model.ModelType);
        Assert.Equal(VmafNormType.LinearRescale, model.NormType);
        Assert.Equal((file["score_clip"][0].GetDouble(), file["score_clip"][1].GetDouble()), model.ScoreClip);
        Assert.Equal(file["slopes"][0].GetDouble(), model.Slope);
        Assert.Equal(file["intercepts"][0].GetDouble(), model.Intercept);
        Assert.Equal(file["slopes"].EnumerateArray().Skip(1).Select(e => e.GetDouble()), model.FeatureSlopes.ToArray());
        Assert.Equal("nu_svr", model.Svm.SvmType);
        Assert.Equal(libsvm.Count(line => line.Contains(':', StringComparison.Ordinal)), model.Svm.SupportVectorCount);
        Assert.Equal(model.FeatureKeys.Count, model.Svm.Dimension);
    }

    [Fact]
    public void The_v0_6_1_score_transform_is_read_but_off_because_the_model_does_not_enable_it()
    {
        SharedData.RequireOrSkip();
        var model = VmafModel.Load(SharedData.VmafModel);
        var transform = ModelFile()["score_transform"];

        Assert.False(transform.TryGetProperty("enabled", out _));
        Assert.False(model.Transform.Enabled);
        Assert.Equal(transform.GetProperty("p0").GetDouble(), model.Transform.P0);
        Assert.Equal(transform.GetProperty("p1").GetDouble(), model.Transform.P1);
        Assert.Equal(transform.GetProperty("p2").GetDouble(), model.Transform.P2);
        Assert.True(model.Transform.OutGteIn);
        Assert.False(model.Transform.OutLteIn);
    }

    [Fact]
    public void Enable_transform_applies_the_polynomial_never_below_the_plain_score_then_clips()
    {
        SharedData.RequireOrSkip();
        var plain = VmafModel.Load(SharedData.VmafModel, VmafModelFlags.DisableClip);
        var transformed = VmafModel.Load(SharedData.VmafModel, VmafModelFlags.EnableTransform);
        var transform = ModelFile()["score_transform"];
        double p0 = transform.GetProperty("p0").GetDouble();
        double p1 = transform.GetProperty("p1").GetDouble();
        double p2 = transform.GetProperty("p2").GetDouble();

        foreach (double[] features in FeatureVectors())
        {
            double y = plain.Predict(features);
            double expected = Math.Clamp(Math.Max(p0 + p1 * y + p2 * y * y, y), 0, 100);

            Assert.Equal(expected, transformed.Predict(features), 1e-12);
        }

        Assert.False(VmafModel.Load(SharedData.VmafModel, VmafModelFlags.EnableTransform | VmafModelFlags.DisableTransform).Transform.Enabled);
    }

    [Fact]
    public void The_score_is_clipped_to_0_100_unless_clipping_is_disabled()
    {
        SharedData.RequireOrSkip();
        var clipped = VmafModel.Load(SharedData.VmafModel);
        var unclipped = VmafModel.Load(SharedData.VmafModel, VmafModelFlags.DisableClip);
        Assert.Null(unclipped.ScoreClip);

        var raw = FeatureVectors().Select(f => unclipped.Predict(f)).ToArray();
        Assert.Contains(raw, y => y < 0);
        Assert.Contains(raw, y => y > 100);
        Assert.Equal(raw.Select(y => Math.Clamp(y, 0, 100)), FeatureVectors().Select(f => clipped.Predict(f)));
    }

    [Fact]
    public void A_frame_with_a_missing_feature_or_the_wrong_count_is_refused()
    {
        SharedData.RequireOrSkip();
        var model = VmafModel.Load(SharedData.VmafModel);

        var nan = Assert.Throws<ArgumentException>(() => model.Predict([0.9, double.NaN, 0.5, 0.6, 0.7, 0.8]));
        Assert.Contains("integer_motion2", nan.Message, StringComparison.Ordinal);
        var count = Assert.Throws<ArgumentException>(() => model.Predict([0.9, 1, 0.5]));
        Assert.Contains("6 features", count.Message, StringComparison.Ordinal);
        var ragged = Assert.Throws<ArgumentException>(() =>
            model.PredictFrames(key => key == "integer_motion2" ? new double[2] : new double[3]));
        Assert.Contains("integer_motion2", ragged.Message, StringComparison.Ordinal);
    }

    /// <summary>Raw features from well inside to far outside the training range (both clip ends are reached).</summary>
    private static IEnumerable<double[]> FeatureVectors() =>
    [
        [0, 0, 0, 0, 0, 0],
        [0.5, 5, 0.3, 0.5, 0.6, 0.7],
        [0.9, 3, 0.6, 0.85, 0.9, 0.93],
        [1, 0, 1, 1, 1, 1],
        [1, 20, 1, 1, 1, 1],
        [1.2, 0, 1.2, 1.2, 1.2, 1.2],
    ];

    private static Dictionary<string, JsonElement> ModelFile()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedData.VmafModel));
        return document.RootElement.GetProperty("model_dict").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
