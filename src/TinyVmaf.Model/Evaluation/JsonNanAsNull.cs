using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// Writes an undefined metric (NaN, e.g. a correlation over a constant fold) as JSON <c>null</c> and reads it
/// back as NaN, so reports serialise with default options.
/// </summary>
public sealed class JsonNanAsNull : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
