using System.Text.Json.Nodes;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Tests.Onnx;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Cards;

public sealed class ModelCardTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_card_written_and_read_back_keeps_every_field_and_writes_snake_case()
    {
        var card = FullCard();
        string path = _folder.File("m.json");
        card.Write(path);
        string json = File.ReadAllText(path);
        foreach (string field in new[]
        {
            "\"id\"", "\"kind\"", "\"onnx\"", "\"opset\"", "\"sha256\"", "\"input_names\"", "\"output_names\"", "\"feature_order\"",
            "\"feature_mean\"", "\"feature_std\"", "\"codec_vocab\"", "\"codec_vocab_version\"", "\"target\"", "\"target_scale\"",
            "\"training\"", "\"evaluation\"", "\"verdict\"", "\"gate\"",
        })
        {
            Assert.Contains(field, json);
        }

        var back = ModelCard.Read(path);
        Assert.Equal(card.Id, back.Id);
        Assert.Equal(card.FeatureOrder, back.FeatureOrder);
        Assert.Equal(card.FeatureMean, back.FeatureMean);
        Assert.Equal(card.FeatureStd, back.FeatureStd);
        Assert.Equal(card.CodecVocab, back.CodecVocab);
        Assert.Equal(card.CodecVocabVersion, back.CodecVocabVersion);
        Assert.Equal(card.TargetScale, back.TargetScale);
        Assert.Equal(card.Verdict, back.Verdict);
        Assert.Equal(card.Evaluation!.ToJsonString(), back.Evaluation!.ToJsonString());
        Assert.Equal(card.Training!.ToJsonString(), back.Training!.ToJsonString());
        Assert.Equal(card.Gate!.ToJsonString(), back.Gate!.ToJsonString());
    }

    [Fact]
    public void The_same_card_is_written_to_the_same_bytes()
    {
        FullCard().Write(_folder.File("a.json"));
        FullCard().Write(_folder.File("b.json"));
        Assert.Equal(File.ReadAllBytes(_folder.File("a.json")), File.ReadAllBytes(_folder.File("b.json")));
    }

    [Fact]
    public void Fields_the_card_does_not_define_survive_a_round_trip()
    {
        string path = _folder.File("m.json");
        var node = JsonNode.Parse(File.ReadAllText(Written(FullCard())))!.AsObject();
        node["quant_mode"] = "fp32";
        File.WriteAllText(path, node.ToJsonString());
        var card = ModelCard.Read(path);
        card.Write(path);
        Assert.Equal("fp32", JsonNode.Parse(File.ReadAllText(path))!["quant_mode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"id":"m","onnx":"m.onnx","input_names":["features"],"output_names":["score"],"feature_order":["a"],"feature_mean":[0]}""")]
    [InlineData("""{"id":"m","onnx":"m.onnx","input_names":["features"],"output_names":["score"],"feature_order":["a","b"],"feature_mean":[0],"feature_std":[1]}""")]
    [InlineData("""{"id":"m","onnx":"m.onnx","input_names":["features"],"output_names":["score"],"feature_order":["a"],"feature_mean":[0],"feature_std":[0]}""")]
    [InlineData("""{"id":"m","onnx":"../m.onnx","input_names":["features"],"output_names":["score"],"feature_order":["a"],"feature_mean":[0],"feature_std":[1]}""")]
    [InlineData("""{"id":"m","onnx":"m.onnx","input_names":["features"],"output_names":["score"],"feature_order":["a"],"feature_mean":[0],"feature_std":[1],"target_scale":[100,0]}""")]
    public void A_broken_sidecar_is_an_invalid_data_error_naming_the_file(string json)
    {
        string path = _folder.File("broken.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<InvalidDataException>(() => ModelCard.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void The_fork_v1_sidecar_reads_with_its_standardisation_and_training_results()
    {
        SharedData.RequireOrSkip();
        var card = ModelCard.Read(Path.Combine(SharedData.Require(), "interop", "lusoris-fr-regressor", "fr_regressor_v1.json"));
        Assert.Equal("fr_regressor_v1", card.Id);
        Assert.Equal("fr", card.Kind);
        Assert.Equal("fr_regressor_v1.onnx", card.Onnx);
        Assert.Equal(17, card.Opset);
        Assert.Equal(["features"], card.InputNames);
        Assert.Equal(["score"], card.OutputNames);
        Assert.Equal(TestModels.Canonical6, card.FeatureOrder);
        Assert.Equal(6, card.FeatureMean.Count);
        Assert.All(card.FeatureStd, s => Assert.True(s > 0));
        Assert.Null(card.CodecVocabVersion);
        Assert.True(card.Training!["loso_mean_plcc"]!.GetValue<double>() > 0.99);
        Assert.NotNull(card.Notes);
    }

    private string Written(ModelCard card)
    {
        string path = _folder.File("written.json");
        card.Write(path);
        return path;
    }

    internal static ModelCard FullCard() => TestModels.Card("tiny_v2", TestModels.Canonical6, codecAware: true) with
    {
        Arch = "v2",
        InputNames = ["features", "codec_onehot"],
        Sha256 = new string('a', 64),
        FeatureMean = [0.9, 0.4, 0.7, 0.8, 0.87, 8.95],
        FeatureStd = [0.1, 0.16, 0.19, 0.17, 0.14, 6.2],
        Training = new JsonObject { ["epochs"] = 30, ["seed"] = 1, ["in_sample_plcc"] = 0.987654321 },
        Evaluation = new JsonObject
        {
            ["loso"] = new JsonObject { ["plcc"] = 0.97, ["folds"] = new JsonArray(0.95, 0.98) },
            ["per_codec"] = new JsonObject { ["x264"] = new JsonObject { ["plcc"] = 0.96 } },
        },
        Verdict = "ship",
        Gate = new JsonObject { ["rule"] = "loso plcc >= 0.95", ["value"] = 0.97 },
    };
}
