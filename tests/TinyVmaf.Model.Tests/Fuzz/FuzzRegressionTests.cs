using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Model.Tests.Teacher;

namespace TinyVmaf.Model.Tests.Fuzz;

/// <summary>
/// The inputs the fuzzer (fuzz/) found breaking the Model readers, each cut down to what triggers it: each now ends in
/// the documented exception naming the file, without allocating what the input only claims.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Fact]
    public void A_libvmaf_model_with_an_undecodable_string_is_a_model_error_naming_the_file()
    {
        // An escaped lone surrogate is valid JSON and valid UTF-8, but no .NET string: reading it threw InvalidOperationException.
        var model = SyntheticModels.TwoFeatures();
        string path = SyntheticModels.Write(model.ToJsonString().Replace("\"LIBSVMNUSVR\"", "\"\\ud800\"", StringComparison.Ordinal));
        var refused = Assert.Throws<VmafModelException>(() => VmafModel.Load(path));
        Assert.StartsWith(path + ": ", refused.Message);
    }

    [Theory]
    [InlineData("total_sv 2\n", "total_sv 2000000000\n", "total_sv is 2000000000 but 2")]
    [InlineData("2:0.125", "570186:0.125", "index 570186 is past")]
    public void A_libsvm_size_claim_is_refused_before_it_is_allocated(string from, string to, string reason)
    {
        // Found by the fuzzer: a support vector index of 570186 made the dense support vectors 918 MB.
        var model = SyntheticModels.TwoFeatures();
        string text = model.Dict()["model"]!.GetValue<string>();
        model.Dict()["model"] = text.Replace(from, to, StringComparison.Ordinal);
        string path = SyntheticModels.Write(model);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<VmafModelException>(() => VmafModel.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(reason, refused.Message);
        Assert.StartsWith(path + ": ", refused.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("\"feature_order\": [\"adm2\", null]")]
    [InlineData("\"input_names\": [null]")]
    [InlineData("\"output_names\": [\"\"]")]
    [InlineData("\"external_data\": {\"m.onnx.data\": null}")]
    public void A_sidecar_with_a_null_in_a_list_or_map_is_refused(string field)
    {
        // Found by the fuzzer: "feature_order": [null] loaded, and scoring then threw ArgumentNullException.
        string json = $$"""
            {"id": "m", "onnx": "m.onnx", "input_names": ["features"], "output_names": ["score"],
             "feature_order": ["adm2", "motion2"], "feature_mean": [0, 0], "feature_std": [1, 1], {{field}} }
            """;
        string path = SyntheticModels.Write(json);
        var refused = Assert.Throws<InvalidDataException>(() => ModelCard.Read(path));
        Assert.StartsWith(path, refused.Message);
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("[{\"id\": \"m\", \"onnx\": \"m.onnx\", \"sha256\": \"00\", \"external_data\": {\"m.onnx.data\": null}}]")]
    public void A_registry_with_a_null_entry_or_pin_is_refused(string models)
    {
        string path = SyntheticModels.Write($$"""{"schema_version": 1, "models": {{models}}}""");
        var refused = Assert.Throws<InvalidDataException>(() => ModelRegistry.Read(path));
        Assert.StartsWith(path, refused.Message);
    }

    [Fact]
    public void A_sidecar_naming_an_onnx_with_a_NUL_is_refused()
    {
        // Found by the fuzzer (sidecar target, seed 20261206, input 907490): "onnx": "m\u0000.onnx" passed the file-name
        // check and made Path.GetFullPath throw ArgumentException.
        string path = SyntheticModels.Write("""
            {"id": "m", "onnx": "m\u0000.onnx", "input_names": ["features"], "output_names": ["score"],
             "feature_order": ["adm2"], "feature_mean": [0], "feature_std": [1]}
            """);
        var refused = Assert.Throws<InvalidDataException>(() => ModelCard.Read(path));
        Assert.StartsWith(path, refused.Message);
    }
}
