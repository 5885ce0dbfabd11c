using System.Security.Cryptography;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Model.Tests.Onnx;

namespace TinyVmaf.Model.Tests.Cards;

public sealed class ModelPackageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_shipped_model_is_written_with_its_sidecar_and_a_registry_pin_and_loads_back()
    {
        var weights = TestModels.RandomWeights(21, 12, hidden: 16);
        var written = ModelPackage.Write(_folder.Path, weights, codecAware: true, ModelCardTests.FullCard(), register: true);

        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(written.OnnxPath)));
        Assert.Equal(sha, written.Sha256);
        var card = ModelCard.Read(written.SidecarPath);
        Assert.Equal(sha, card.Sha256);
        Assert.Equal("tiny_v2.onnx", card.Onnx);
        Assert.Equal(["features", "codec_onehot"], card.InputNames);
        Assert.Equal(["score"], card.OutputNames);
        Assert.Equal("v2", card.Arch);
        var entry = ModelRegistry.Read(written.RegistryPath!).FindById("tiny_v2")!;
        Assert.Equal(sha, entry.Sha256);
        Assert.Equal("tiny_v2.json", entry.Sidecar);

        using var model = RegressorModel.Load(_folder.Path);
        Assert.Equal(written.RegistryPath, model.RegistryPath);
        Assert.True(model.IsCodecAware);
    }

    [Fact]
    public void Writing_the_same_weights_twice_reproduces_the_pinned_sha256()
    {
        var first = ModelPackage.Write(_folder.Path, TestModels.RandomWeights(22, 6), false, TestModels.Card("a", TestModels.Canonical6, false), true);
        var second = ModelPackage.Write(_folder.Path, TestModels.RandomWeights(22, 6), false, TestModels.Card("a", TestModels.Canonical6, false), true);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public void A_model_that_failed_its_gate_is_written_but_not_registered_and_its_old_pin_is_dropped()
    {
        var card = TestModels.Card("v1", TestModels.Canonical6, false);
        ModelPackage.Write(_folder.Path, TestModels.RandomWeights(23, 6), false, card, register: true);
        var failed = ModelPackage.Write(_folder.Path, TestModels.RandomWeights(24, 6), false, card with { Verdict = "no-ship" }, register: false);

        Assert.Null(failed.RegistryPath);
        Assert.True(File.Exists(failed.OnnxPath));
        Assert.Null(ModelRegistry.Read(_folder.File(ModelRegistry.FileName)).FindById("v1"));
        using var model = RegressorModel.Load(failed.OnnxPath);
        Assert.Null(model.RegistryPath);
    }

    [Fact]
    public void A_variance_model_names_its_output_score_logvar_and_predicts_a_log_variance_per_row()
    {
        var written = ModelPackage.Write(_folder.Path, TestModels.RandomWeights(25, 6, outputs: 2), false,
            TestModels.Card("var", TestModels.Canonical6, false), register: false);
        Assert.Equal(["score_logvar"], written.Card.OutputNames);
        using var model = RegressorModel.Load(written.OnnxPath);
        Assert.True(model.HasVariance);
        var columns = TestModels.Canonical6.ToDictionary(n => n, _ => new[] { 0.1, 0.2, 0.3 });
        var prediction = model.Predict(columns);
        Assert.Equal(3, prediction.LogVariances!.Length);
    }

    [Fact]
    public void A_card_whose_feature_count_does_not_match_the_weights_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            ModelPackage.Write(_folder.Path, TestModels.RandomWeights(26, 7), false, TestModels.Card("x", TestModels.Canonical6, false), true));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }
}
