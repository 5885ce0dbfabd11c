using System.Globalization;

namespace TinyVmaf.Features.Extraction;

/// <summary>
/// Reads an <see cref="ExtractorRequest"/>'s options into an extractor's options record: each option read
/// once, typed as libvmaf's option table types it; options nobody read are refused by <see cref="Finish"/>.
/// </summary>
internal sealed class ExtractorOptionReader(ExtractorRequest request)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string Extractor => request.Extractor;

    public double Double(string name, double defaultValue) =>
        Take(name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : throw Bad(name, text, "a number")
            : defaultValue;

    public int Int(string name, int defaultValue) =>
        Take(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Bad(name, text, "an integer")
            : defaultValue;

    public bool Bool(string name, bool defaultValue) =>
        Take(name) switch
        {
            null => defaultValue,
            "true" => true,
            "false" => false,
            var text => throw Bad(name, text, "true or false"),
        };

    public string String(string name, string defaultValue) => Take(name) ?? defaultValue;

    /// <summary>An option libvmaf has and we do not implement: accepted only at its default value.</summary>
    public void RequireDefault(string name, string defaultValue)
    {
        if (Take(name) is { } text && text != defaultValue)
        {
            throw new NotSupportedException($"{request.Extractor}: option {name}={text} is not implemented (only its default, {defaultValue})");
        }
    }

    /// <summary>Refuses any option that no one read: it is not one of this extractor's.</summary>
    public void Finish()
    {
        var unknown = request.Options.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new NotSupportedException($"{request.Extractor}: unknown or unsupported option(s): {string.Join(", ", unknown)}");
        }
    }

    private string? Take(string name)
    {
        _read.Add(name);
        return request.Options.TryGetValue(name, out string? text) ? text : null;
    }

    private ArgumentException Bad(string name, string text, string expected) =>
        new($"{request.Extractor}: option {name}={text} is not {expected}");
}
