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
        Read(name, defaultValue, "a number",
            static text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null);

    public int Int(string name, int defaultValue) =>
        Read(name, defaultValue, "an integer",
            static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null);

    public bool Bool(string name, bool defaultValue) =>
        Read(name, defaultValue, "true or false", static text => text switch { "true" => true, "false" => false, _ => (bool?)null });

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

    /// <summary>The option's value parsed (null: not <paramref name="expected"/>), or the default when it is not given.</summary>
    private T Read<T>(string name, T defaultValue, string expected, Func<string, T?> parse) where T : struct =>
        Take(name) is { } text
            ? parse(text) ?? throw new ArgumentException($"{request.Extractor}: option {name}={text} is not {expected}")
            : defaultValue;
}
