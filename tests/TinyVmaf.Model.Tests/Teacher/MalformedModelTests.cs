using System.Text.Json.Nodes;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>A model that is missing or damaged is refused at load, with an error naming the file and the fault.</summary>
public sealed class MalformedModelTests
{
    [Fact]
    public void A_missing_model_file_is_named_in_the_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinyvmaf-absent-{Guid.NewGuid():N}", "vmaf_v0.6.1.json");

        var error = Assert.Throws<VmafModelException>(() => VmafModel.Load(path));

        Assert.Equal(path, error.ModelPath);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no such model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused()
    {
        AssertRefused("svm_type nu_svr\nkernel_type rbf\n", "not a JSON model file");
    }

    [Fact]
    public void A_json_file_without_model_dict_is_refused()
    {
        AssertRefused("""{"param_dict": {}}""", "no 'model_dict'");
    }

    [Fact]
    public void A_broken_model_of_a_collection_is_refused_naming_it()
    {
        AssertRefused("""{"0": {"model_dict": {}}, "1": {"model_dict": {}}}""", "model \"0\" of the collection");
    }

    public static TheoryData<string, string> Damages() => new()
    {
        { "feature_names", "feature_names" },
        { "model", "libsvm 'model'" },
        { "norm_type", "norm_type" },
        { "slopes", "slopes" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_model_missing_a_key_libvmaf_needs_is_refused(string key, string reason)
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict().Remove(key);

        AssertRefused(json.ToJsonString(), reason);
    }

    [Theory]
    [InlineData("norm_type", "\"log\"", "norm_type 'log'")]
    [InlineData("model_type", "\"RANDOMFOREST\"", "model_type 'RANDOMFOREST'")]
    [InlineData("slopes", "[0.01, 2.0]", "3 slopes and intercepts")]
    [InlineData("score_clip", "[0.0]", "score_clip")]
    [InlineData("feature_names", "[\"VMAF_integer_feature_adm2_score\", 7]", "feature_names[] is not a string")]
    [InlineData("model", "\"svm_type nu_svr\\nkernel_type linear\\nnr_class 2\\ntotal_sv 1\\nrho 0\\nSV\\n1 1:0.5\\n\"", "kernel_type is 'linear'")]
    [InlineData("model", "\"svm_type c_svc\\nkernel_type rbf\\ngamma 1\\nnr_class 2\\ntotal_sv 1\\nrho 0\\nSV\\n1 1:0.5\\n\"", "svm_type is 'c_svc'")]
    [InlineData("model", "\"svm_type nu_svr\\nkernel_type rbf\\ngamma 1\\nnr_class 2\\ntotal_sv 3\\nrho 0\\nSV\\n1 1:0.5\\n\"", "total_sv is 3 but 1")]
    [InlineData("model", "\"svm_type nu_svr\\nkernel_type rbf\\ngamma 1\\nnr_class 2\\ntotal_sv 1\\nrho 0\\nSV\\n1 2:0.5 1:0.25\\n\"", "ascending")]
    [InlineData("model", "\"svm_type nu_svr\\nkernel_type rbf\\ngamma x\\nnr_class 2\\ntotal_sv 1\\nrho 0\\nSV\\n1 1:0.5\\n\"", "gamma: 'x'")]
    [InlineData("feature_opts_dicts", "[{\"adm_enhn_gain_limit\": 0.5}]", "outside libvmaf's range")]
    [InlineData("feature_opts_dicts", "[{\"adm_enhn_gain_limit\": true}]", "is not a double")]
    [InlineData("score_transform", "{\"knots\": [[0, 0], [0, 10]]}", "strictly increasing")]
    [InlineData("chroma_correction_parameter", "\"x\"", "chroma_correction_parameter")]
    public void A_model_with_a_value_libvmaf_would_not_score_with_is_refused(string key, string value, string reason)
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()[key] = JsonNode.Parse(value);

        AssertRefused(json.ToJsonString(), reason);
    }

    [Fact]
    public void Options_on_a_feature_whose_extractor_table_is_unknown_are_refused()
    {
        var json = SyntheticModels.TwoFeatures();
        json.Dict()["feature_names"] = new JsonArray("float_ssim", "VMAF_integer_feature_motion2_score");
        json.Dict()["feature_opts_dicts"] = new JsonArray(new JsonObject { ["scale"] = 1 });

        AssertRefused(json.ToJsonString(), "float_ssim");
    }

    private static void AssertRefused(string text, string reason)
    {
        string path = SyntheticModels.Write(text);
        try
        {
            var error = Assert.Throws<VmafModelException>(() => VmafModel.Load(path));

            Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
