using System.Text.Json;
using TinyVmaf.Model.Cards;

namespace TinyVmaf.Scoring.Models;

/// <summary>
/// The models shipped under <c>models/</c> (or <c>TINYVMAF_MODELS</c>): <c>registry.json</c> pins each regressor's
/// sha256 and names the default; Netflix's libvmaf model files (<c>vmaf_v0.6.1.json</c>, …) lie beside them unchanged.
/// </summary>
internal static class ShippedModels
{
    public const string FolderVariable = "TINYVMAF_MODELS";

    /// <summary>
    /// The shipped models folder: <c>TINYVMAF_MODELS</c>, else the first <c>models/</c> holding a registry in the
    /// tool's folder or above it (a build output, a repository, an installed .NET tool), or null when none is found.
    /// </summary>
    public static string? Folder()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(candidate, ModelRegistry.FileName)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Resolves a regressor: a path to a model or its folder; else the id of a shipped model; else (null) the
    /// registry's default.
    /// </summary>
    public static string Resolve(string? model, string? folder = null)
    {
        if (model is not null && (File.Exists(model) || Directory.Exists(model)))
        {
            return model;
        }

        folder ??= Folder() ?? throw new FileNotFoundException(
            model is null
                ? $"no shipped models found (looked for models/{ModelRegistry.FileName} above the tool, and ${FolderVariable}); give --model PATH"
                : $"model '{model}' is neither a file nor a folder, and no shipped models were found to look it up in");
        var registry = ModelRegistry.Read(Path.Combine(folder, ModelRegistry.FileName));
        string id = model ?? DefaultId(registry)
            ?? throw new InvalidDataException($"{Path.Combine(folder, ModelRegistry.FileName)} names no default model; give --model");
        var entry = registry.FindById(id) ?? throw new ArgumentException(
            $"no model '{id}': give a path, or one of the shipped models: {string.Join(", ", registry.Models.Select(m => m.Id))}");
        return Path.Combine(folder, entry.Onnx);
    }

    private static string? DefaultId(ModelRegistry registry) =>
        registry.Extra is { } extra && extra.TryGetValue("default", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
