using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyVmaf.Model.Cards;

/// <summary>
/// One registered model: its id, its files (names in the registry's folder) and the sha256 its .onnx bytes
/// must have. The fork's registry entries have the same core (id, kind, onnx, opset, sha256) and read as these.
/// </summary>
public sealed record RegistryEntry
{
    public required string Id { get; init; }

    public string? Kind { get; init; }

    public required string Onnx { get; init; }

    public string? Sidecar { get; init; }

    /// <summary>Lower-case hex sha256 of the .onnx bytes: a model whose bytes differ is refused at load.</summary>
    public required string Sha256 { get; init; }

    /// <summary>sha256 of each external-data file the .onnx reads, by its location in the graph; a file not pinned here or in the sidecar is refused.</summary>
    public IReadOnlyDictionary<string, string>? ExternalData { get; init; }

    public int? Opset { get; init; }

    public string? Arch { get; init; }

    public string? Target { get; init; }

    public string? Notes { get; init; }

    // Settable, not init-only: generated serialisers fill init-only members through the constructor, which
    // extension data cannot take part in.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// <c>registry.json</c>: the models shipped from a folder, each pinned by sha256. Read-modify-write through
/// <see cref="With"/>/<see cref="Without"/> and <see cref="Write"/>, which replaces the file atomically.
/// </summary>
public sealed record ModelRegistry
{
    public const string FileName = "registry.json";

    public int SchemaVersion { get; init; } = 1;

    public IReadOnlyList<RegistryEntry> Models { get; init; } = [];

    // Settable, not init-only: generated serialisers fill init-only members through the constructor, which
    // extension data cannot take part in.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Reads a registry; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static ModelRegistry Read(string path)
    {
        var registry = CardJson.Read<ModelRegistry>(path, "model registry");
        // The serializer refuses a missing required field, but not a null entry in the list or a null pin in a map.
        if (registry.Models is null || registry.Models.Any(m => m is null || m.Id is null || m.Onnx is null || m.Sha256 is null || m.ExternalData?.Values.Any(v => v is null) == true))
        {
            throw new InvalidDataException($"{path}: 'models' must list entries with an id, an onnx file name and a sha256");
        }

        var duplicate = registry.Models.GroupBy(m => m.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}: model '{duplicate.Key}' is registered {duplicate.Count()} times");
        }

        foreach (var entry in registry.Models)
        {
            if (!ModelCard.IsBareFileName(entry.Onnx))
            {
                throw new InvalidDataException($"{path}: model '{entry.Id}' names onnx '{entry.Onnx}', not a file name in the registry's folder");
            }
        }

        return registry;
    }

    /// <summary>Reads the registry when the file exists, else an empty one.</summary>
    public static ModelRegistry ReadOrEmpty(string path) => File.Exists(path) ? Read(path) : new ModelRegistry();

    /// <summary>The entry of a model by its .onnx file name, or null when it is not registered.</summary>
    public RegistryEntry? FindByOnnx(string onnxFileName) =>
        Models.FirstOrDefault(m => string.Equals(m.Onnx, onnxFileName, StringComparison.Ordinal));

    public RegistryEntry? FindById(string id) => Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>This registry with <paramref name="entry"/> added, or replacing the entry of the same id in place.</summary>
    public ModelRegistry With(RegistryEntry entry)
    {
        var models = Models.ToList();
        int index = models.FindIndex(m => string.Equals(m.Id, entry.Id, StringComparison.Ordinal));
        if (index >= 0)
        {
            models[index] = entry;
        }
        else
        {
            models.Add(entry);
        }

        return this with { Models = models };
    }

    /// <summary>This registry without the entry of <paramref name="id"/>.</summary>
    public ModelRegistry Without(string id) =>
        this with { Models = [.. Models.Where(m => !string.Equals(m.Id, id, StringComparison.Ordinal))] };

    /// <summary>Writes the registry atomically (temp file, then rename).</summary>
    public void Write(string path) => AtomicFile.WriteBytes(path, CardJson.Serialize(this));
}
