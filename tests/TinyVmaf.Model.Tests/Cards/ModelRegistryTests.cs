using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Tests.Onnx;

namespace TinyVmaf.Model.Tests.Cards;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Entries_are_added_replaced_by_id_removed_and_read_back()
    {
        string path = _folder.File(ModelRegistry.FileName);
        new ModelRegistry()
            .With(Entry("a", "1"))
            .With(Entry("b", "2"))
            .With(Entry("a", "3"))
            .Write(path);

        var registry = ModelRegistry.Read(path);
        Assert.Equal(["a", "b"], registry.Models.Select(m => m.Id));
        Assert.Equal(new string('3', 64), registry.FindById("a")!.Sha256);
        Assert.Equal("b", registry.FindByOnnx("b.onnx")!.Id);
        Assert.Null(registry.FindByOnnx("c.onnx"));
        Assert.Equal(["b"], registry.Without("a").Models.Select(m => m.Id));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_registry_in_the_forks_layout_reads_with_its_extra_fields_kept()
    {
        string path = _folder.File(ModelRegistry.FileName);
        File.WriteAllText(path, """
            {
              "$schema": "./registry.schema.json",
              "models": [
                { "id": "fr_regressor_v1", "kind": "fr", "license": "BSD", "onnx": "fr_regressor_v1.onnx", "opset": 17,
                  "sha256": "447334948e1cc63497ad3143f2342bd6a334adbb6d9a8dbf3685b1b3595979e9", "sigstore_bundle": "x.sigstore.json" }
              ],
              "schema_version": 1
            }
            """);
        var registry = ModelRegistry.Read(path);
        var entry = Assert.Single(registry.Models);
        Assert.Equal("fr_regressor_v1.onnx", entry.Onnx);
        Assert.Equal(17, entry.Opset);
        Assert.True(entry.Extra!.ContainsKey("sigstore_bundle"));

        registry.Write(path);
        Assert.Contains("\"$schema\"", File.ReadAllText(path));
        Assert.Contains("\"license\"", File.ReadAllText(path));
    }

    [Fact]
    public void A_registry_naming_a_model_twice_or_a_path_outside_its_folder_is_invalid()
    {
        string path = _folder.File(ModelRegistry.FileName);
        File.WriteAllText(path, """{"models":[{"id":"a","onnx":"a.onnx","sha256":"00"},{"id":"a","onnx":"b.onnx","sha256":"00"}]}""");
        Assert.Contains("'a' is registered 2 times", Assert.Throws<InvalidDataException>(() => ModelRegistry.Read(path)).Message);

        File.WriteAllText(path, """{"models":[{"id":"a","onnx":"../a.onnx","sha256":"00"}]}""");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => ModelRegistry.Read(path)).Message);
    }

    [Fact]
    public void An_absent_registry_reads_as_empty()
    {
        Assert.Empty(ModelRegistry.ReadOrEmpty(_folder.File("none.json")).Models);
    }

    private static RegistryEntry Entry(string id, string shaDigit) =>
        new() { Id = id, Onnx = id + ".onnx", Sidecar = id + ".json", Sha256 = new string(shaDigit[0], 64) };
}
