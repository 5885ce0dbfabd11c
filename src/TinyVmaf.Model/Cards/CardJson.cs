using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TinyVmaf.Model.Cards;

/// <summary>The JSON conventions of sidecars and registries: snake_case, indented, absent rather than null.</summary>
internal static class CardJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Files, not HTML: keep '+', '>' and non-ASCII readable instead of \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        IndentSize = 2,
        NewLine = "\n",
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // Generated at build time rather than found by reflection: the same contract, and a native (AOT) build works.
        TypeInfoResolver = CardJsonContext.Default,
    };

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>; anything wrong is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static T Read<T>(string path, string what)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the {what}: {e.Message}", e);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, TypeInfo<T>())
                ?? throw new InvalidDataException($"{path}: the {what} is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {what}: {e.Message}", e);
        }
    }

    public static byte[] Serialize<T>(T value)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());
        return [.. json, (byte)'\n'];
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}

/// <summary>The sidecar and registry types, for <see cref="CardJson.Options"/>.</summary>
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ModelRegistry))]
internal sealed partial class CardJsonContext : JsonSerializerContext;
