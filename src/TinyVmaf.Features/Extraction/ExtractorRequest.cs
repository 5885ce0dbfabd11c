using System.Globalization;

namespace TinyVmaf.Features.Extraction;

/// <summary>
/// One libvmaf extractor instance to run: the extractor's libvmaf name (<c>adm</c>, <c>vif</c>, <c>motion</c>,
/// <c>cambi</c>, …), its options under libvmaf's option names with values as libvmaf spells them, and the suffix
/// libvmaf appends to every key of an instance with those options (e.g. <c>_egl_1</c>; empty with the defaults).
/// A libvmaf model lists the instances it needs with their suffixes; two requests with the same
/// <see cref="Id"/> are one instance and run once.
/// </summary>
/// <remarks>
/// <c>motion</c> here is libvmaf 3.2's motion (<c>VMAF_integer_feature_motion_sad_score</c>, motion2, motion3),
/// which the zoo's models read; the FULL_FEATURES names keep the fork's motion the golden logs hold.
/// </remarks>
public sealed record ExtractorRequest(string Extractor, IReadOnlyDictionary<string, string> Options, string KeySuffix = "")
{
    /// <summary>libvmaf's identity of an instance: the extractor's name with its options' suffix.</summary>
    public string Id => Extractor + KeySuffix;
}

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

/// <summary>
/// An extractor whose keys are renamed (libvmaf's option suffix appended) or dropped (provided by another
/// instance already). The map is built once; a write costs one dictionary lookup and allocates nothing.
/// </summary>
internal sealed class RenamedExtractor(IFeatureExtractor inner, IReadOnlyDictionary<string, string?> keyMap) : IFeatureExtractor
{
    private readonly Sink _sink = new(keyMap);

    public void Extract(Video.FramePair pair, IFeatureSink sink) => inner.Extract(pair, _sink.To(sink));

    public void Flush(IFeatureSink sink) => inner.Flush(_sink.To(sink));

    public void Dispose() => inner.Dispose();

    private sealed class Sink(IReadOnlyDictionary<string, string?> keyMap) : IFeatureSink
    {
        private IFeatureSink? _target;

        public Sink To(IFeatureSink target)
        {
            _target = target;
            return this;
        }

        public void Write(int frameIndex, string libvmafKey, double value)
        {
            if (keyMap.TryGetValue(libvmafKey, out string? renamed))
            {
                if (renamed is not null)
                {
                    _target!.Write(frameIndex, renamed, value);
                }
            }
            else
            {
                _target!.Write(frameIndex, libvmafKey, value);
            }
        }
    }
}
