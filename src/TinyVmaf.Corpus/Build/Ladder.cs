using System.Globalization;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// The encodes a ladder makes of every source: encoders, each with its presets and CRFs. Parsed from the command
/// line's <c>--encoders</c>, <c>--crf</c> and <c>--presets</c>: a bare list (<c>--crf 23,35</c>) applies to every
/// encoder, <c>ENCODER=LIST</c> (<c>--crf libsvtav1=30,50</c>) to one; an encoder that neither names takes its
/// defaults (<see cref="LadderEncoder.DefaultCrfs"/>, <see cref="LadderEncoder.DefaultPreset"/>).
/// </summary>
public sealed class Ladder
{
    private readonly Dictionary<LadderEncoder, IReadOnlyList<int>> _crfs;
    private readonly Dictionary<LadderEncoder, IReadOnlyList<string>> _presets;

    public Ladder(
        IReadOnlyList<LadderEncoder> encoders,
        IReadOnlyDictionary<LadderEncoder, IReadOnlyList<int>>? crfs = null,
        IReadOnlyDictionary<LadderEncoder, IReadOnlyList<string>>? presets = null)
    {
        if (encoders.Count == 0)
        {
            throw new ArgumentException("a ladder needs at least one encoder");
        }

        Encoders = encoders.Distinct().ToArray();
        _crfs = Encoders.ToDictionary(
            e => e,
            e => (IReadOnlyList<int>)(crfs?.GetValueOrDefault(e) ?? e.DefaultCrfs).Select(e.CheckCrf).Distinct().Order().ToArray());
        _presets = Encoders.ToDictionary(
            e => e,
            e => (IReadOnlyList<string>)(presets?.GetValueOrDefault(e) ?? [e.DefaultPreset]).Select(e.CheckPreset).Distinct(StringComparer.Ordinal).ToArray());
    }

    public IReadOnlyList<LadderEncoder> Encoders { get; }

    public IReadOnlyList<int> Crfs(LadderEncoder encoder) => _crfs[encoder];

    public IReadOnlyList<string> Presets(LadderEncoder encoder) => _presets[encoder];

    /// <summary>Every rung, encoder by encoder, preset by preset, CRF ascending.</summary>
    public IEnumerable<EncodeSettings> Rungs(IEnumerable<LadderEncoder>? only = null) =>
        from encoder in only ?? Encoders
        from preset in _presets[encoder]
        from crf in _crfs[encoder]
        select new EncodeSettings(encoder, preset, crf);

    /// <summary>
    /// Parses the command line's ladder. <paramref name="encoders"/> is a comma list of encoder names or codec aliases;
    /// <paramref name="crf"/> and <paramref name="presets"/> are any number of <c>LIST</c> or <c>ENCODER=LIST</c>
    /// values. Throws <see cref="ArgumentException"/> naming the option and what is wrong.
    /// </summary>
    public static Ladder Parse(string encoders, IEnumerable<string>? crf = null, IEnumerable<string>? presets = null)
    {
        var chosen = encoders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LadderEncoder.Find).ToArray();
        if (chosen.Length == 0)
        {
            throw new ArgumentException("--encoders: name at least one encoder");
        }

        var crfs = PerEncoder(chosen, crf, "--crf", text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new ArgumentException($"--crf: '{text}' is not a whole number"));
        var presetLists = PerEncoder(chosen, presets, "--presets", text => text);
        try
        {
            return new Ladder(chosen, crfs, presetLists);
        }
        catch (ArgumentException e) when (!e.Message.StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{(e.Message.Contains("CRF", StringComparison.Ordinal) ? "--crf" : "--presets")}: {e.Message}", e);
        }
    }

    private static Dictionary<LadderEncoder, IReadOnlyList<T>> PerEncoder<T>(
        IReadOnlyList<LadderEncoder> encoders, IEnumerable<string>? values, string option, Func<string, T> parse)
    {
        var result = new Dictionary<LadderEncoder, IReadOnlyList<T>>();
        IReadOnlyList<T>? all = null;
        foreach (string value in values ?? [])
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            var list = value[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
            if (list.Length == 0)
            {
                throw new ArgumentException($"{option}: '{value}' lists nothing");
            }

            if (equals < 0)
            {
                all = list;
                continue;
            }

            var encoder = LadderEncoder.Find(value[..equals]);
            if (!encoders.Contains(encoder))
            {
                throw new ArgumentException($"{option}: '{value}' names {encoder.Name}, which --encoders does not");
            }

            result[encoder] = list;
        }

        if (all is not null)
        {
            foreach (var encoder in encoders)
            {
                result.TryAdd(encoder, all);
            }
        }

        return result;
    }
}
