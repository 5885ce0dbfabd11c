using System.Text.Json.Nodes;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>Each stage of libvmaf's prediction on a model small enough to score by hand.</summary>
public sealed class SyntheticModelTests
{
    [Fact]
    public void A_two_vector_model_scores_what_the_rbf_formula_gives_by_hand()
    {
        var model = Load(SyntheticModels.TwoFeatures(), VmafModelFlags.DisableClip);
        double adm2 = 0.8, motion2 = 3.5;

        double x1 = 2.0 * adm2 - 1.0, x2 = 0.1 * motion2 + 0.05;
        double k1 = Math.Exp(-0.5 * (Math.Pow(x1 - 0.25, 2) + Math.Pow(x2 - 0.5, 2)));
        double k2 = Math.Exp(-0.5 * (Math.Pow(x1, 2) + Math.Pow(x2 - 0.125, 2)));
        double expected = (0.75 * k1 - 0.4 * k2 - 0.2 - -0.5) / 0.01;

        Assert.Equal(expected, model.Predict([adm2, motion2]), 1e-10);
        Assert.Equal(2, model.Svm.Dimension);
    }

    [Fact]
    public void Norm_type_none_feeds_the_raw_features_and_leaves_the_score_as_the_svr_gives_it()
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["norm_type"] = "none";
        json.Dict().Remove("slopes");
        json.Dict().Remove("intercepts");
        var model = Load(json, VmafModelFlags.DisableClip);

        double k1 = Math.Exp(-0.5 * (Math.Pow(0.3 - 0.25, 2) + Math.Pow(0.4 - 0.5, 2)));
        double k2 = Math.Exp(-0.5 * (Math.Pow(0.3, 2) + Math.Pow(0.4 - 0.125, 2)));

        Assert.Equal(0.75 * k1 - 0.4 * k2 - 0.2, model.Predict([0.3, 0.4]), 1e-14);
    }

    [Fact]
    public void An_enabled_transform_runs_the_polynomial_then_rectifies_against_the_plain_score()
    {
        var plain = Load(SyntheticModels.TwoFeatures(), VmafModelFlags.DisableClip);
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["score_transform"]!["enabled"] = true;
        var transformed = Load(json, VmafModelFlags.DisableClip);

        foreach (double adm2 in new[] { 0.2, 0.5, 0.8, 1.0 })
        {
            double y = plain.Predict([adm2, 1.0]);
            // p0 + p1·y = 1 + 2y, and out_lte_in keeps it from exceeding y.
            Assert.Equal(Math.Min(1 + 2 * y, y), transformed.Predict([adm2, 1.0]), 1e-12);
        }
    }

    [Fact]
    public void Knots_map_piecewise_linearly_extending_the_end_segments()
    {
        (double, double)[] knots = [(0, 0), (50, 60), (100, 100)];

        Assert.Equal(30, ScoreTransform.PiecewiseLinear(25, knots), 12);
        Assert.Equal(80, ScoreTransform.PiecewiseLinear(75, knots), 12);
        Assert.Equal(60, ScoreTransform.PiecewiseLinear(50, knots), 12);
        Assert.Equal(-12, ScoreTransform.PiecewiseLinear(-10, knots), 12);
        Assert.Equal(108, ScoreTransform.PiecewiseLinear(110, knots), 12);

        (double, double)[] flatStart = [(10, 20), (40, 20), (60, 30)];
        Assert.Equal(20, ScoreTransform.PiecewiseLinear(0, flatStart));
        Assert.Equal(20, ScoreTransform.PiecewiseLinear(25, flatStart));
        Assert.Equal(25, ScoreTransform.PiecewiseLinear(50, flatStart), 12);
    }

    [Fact]
    public void Knots_in_a_model_apply_after_the_polynomial()
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["score_transform"] = new JsonObject
        {
            ["enabled"] = true,
            ["p0"] = 10.0,
            ["p1"] = 1.0,
            ["knots"] = new JsonArray(new JsonArray(0.0, 0.0), new JsonArray(100.0, 50.0)),
        };
        var plain = Load(SyntheticModels.TwoFeatures(), VmafModelFlags.DisableClip);
        var transformed = Load(json, VmafModelFlags.DisableClip);

        double y = plain.Predict([0.7, 2.0]);
        Assert.Equal((10 + y) * 0.5, transformed.Predict([0.7, 2.0]), 1e-12);
    }

    [Theory]
    [InlineData("adm_enhn_gain_limit", 1.0, "integer_adm2_egl_1")]
    [InlineData("adm_enhn_gain_limit", 1.2, "integer_adm2_egl_1.2")]
    [InlineData("adm_enhn_gain_limit", 100.0, "integer_adm2")]
    [InlineData("adm_norm_view_dist", 1.5, "integer_adm2_nvd_1.5")]
    [InlineData("adm_ref_display_height", 2160, "integer_adm2_rdh_2160")]
    [InlineData("debug", true, "integer_adm2")]
    [InlineData("no_such_option", 7, "integer_adm2")]
    public void Extractor_options_that_differ_from_the_default_name_the_key_as_libvmaf_does(string option, object value, string key)
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["feature_opts_dicts"] = new JsonArray(new JsonObject { [option] = JsonValue.Create(value) }, new JsonObject());

        var model = Load(json);

        Assert.Equal([key, "integer_motion2"], model.FeatureKeys);
    }

    [Fact]
    public void Several_options_are_named_in_the_alphabetical_order_of_their_libvmaf_names()
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["feature_opts_dicts"] = new JsonArray(
            new JsonObject { ["adm_norm_view_dist"] = 5.0, ["adm_enhn_gain_limit"] = 1.0 },
            new JsonObject { ["motion_force_zero"] = true });

        var model = Load(json);

        Assert.Equal(["integer_adm2_egl_1_nvd_5", "integer_motion2_force_0"], model.FeatureKeys);
        Assert.Equal("1", model.Features[0].ExtractorOptions["adm_enhn_gain_limit"]);
        Assert.Equal("5", model.Features[0].ExtractorOptions["adm_norm_view_dist"]);
        Assert.Equal("true", model.Features[1].ExtractorOptions["motion_force_zero"]);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.2, "1.2")]
    [InlineData(0.75, "0.75")]
    [InlineData(100.0, "100")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.23457e+06")]
    [InlineData(1e6, "1e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001234, "1.234e-05")]
    [InlineData(2.0 / 3.0, "0.666667")]
    [InlineData(-3.5, "-3.5")]
    public void Option_values_are_printed_like_c_printf_percent_g(double value, string expected)
    {
        Assert.Equal(expected, LibvmafFeatureNames.FormatG(value));
    }

    private static VmafModel Load(JsonNode json, VmafModelFlags flags = VmafModelFlags.Default)
    {
        string path = SyntheticModels.Write(json);
        try
        {
            return VmafModel.Load(path, flags);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
