using System.Globalization;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// One ffmpeg encoder a ladder can use: its codec vocabulary name, the range of its quality parameter (CRF, or
/// QP for libvvenc) and the ladder used when none is given, its presets, and the elementary-stream format its
/// output is written in. Elementary streams (raw H.264/HEVC/VVC, IVF for VP9 and AV1) carry almost nothing but
/// the bitstream, so the bitrate measured from the file's size is the codec's own.
/// </summary>
public sealed class LadderEncoder
{
    private readonly Func<string, int, IEnumerable<string>> _arguments;

    private LadderEncoder(
        string name,
        string codec,
        int crfMin,
        int crfMax,
        IReadOnlyList<int> defaultCrfs,
        string defaultPreset,
        IReadOnlyList<string>? presetNames,
        (int Min, int Max) presetRange,
        string muxer,
        string extension,
        Func<string, int, IEnumerable<string>> arguments)
    {
        Name = name;
        Codec = codec;
        CrfMin = crfMin;
        CrfMax = crfMax;
        DefaultCrfs = defaultCrfs;
        DefaultPreset = defaultPreset;
        PresetNames = presetNames;
        PresetRange = presetRange;
        Muxer = muxer;
        Extension = extension;
        _arguments = arguments;
    }

    /// <summary>ffmpeg's encoder name, written to the <c>encoder</c> column (<c>libx264</c>, …).</summary>
    public string Name { get; }

    /// <summary>The codec vocabulary name rows of this encoder carry (<c>x264</c>, …).</summary>
    public string Codec { get; }

    public int CrfMin { get; }

    public int CrfMax { get; }

    /// <summary>The ladder used when <c>--crf</c> names none for this encoder: spread over the useful part of the range.</summary>
    public IReadOnlyList<int> DefaultCrfs { get; }

    public string DefaultPreset { get; }

    /// <summary>The preset names the encoder takes, or null when its presets are numbers in <see cref="PresetRange"/>.</summary>
    public IReadOnlyList<string>? PresetNames { get; }

    public (int Min, int Max) PresetRange { get; }

    /// <summary>ffmpeg's muxer for the output (<c>h264</c>, <c>hevc</c>, <c>ivf</c>, <c>vvc</c>).</summary>
    internal string Muxer { get; }

    /// <summary>The encoded file's extension, with its dot.</summary>
    public string Extension { get; }

    /// <summary>x264: CRF 0..51; presets by name.</summary>
    public static LadderEncoder X264 { get; } = new(
        "libx264", "x264", 0, 51, [18, 24, 30, 36, 42, 48], "medium", X26xPresets, default, "h264", ".h264",
        (preset, crf) => ["-preset", preset, "-crf", Number(crf)]);

    /// <summary>x265: CRF 0..51; presets by name; its own thread pool held to one thread as ffmpeg's -threads does not reach it.</summary>
    public static LadderEncoder X265 { get; } = new(
        "libx265", "x265", 0, 51, [18, 24, 30, 36, 42, 48], "medium", X26xPresets, default, "hevc", ".hevc",
        (preset, crf) => ["-preset", preset, "-crf", Number(crf), "-x265-params", "log-level=error:pools=1:frame-threads=1"]);

    /// <summary>
    /// SVT-AV1: CRF 1..63, presets -1..13. CRF 0 is excluded: ffmpeg's wrapper reads 0 as "not set" and
    /// silently encodes at SVT-AV1's default (35), so a row labelled 0 would not be what it says. ffmpeg's
    /// -threads does not reach it either; <c>lp=1</c> does.
    /// </summary>
    public static LadderEncoder SvtAv1 { get; } = new(
        "libsvtav1", "libsvtav1", 1, 63, [20, 30, 40, 48, 55, 63], "8", null, (-1, 13), "ivf", ".ivf",
        (preset, crf) => ["-preset", preset, "-crf", Number(crf), "-svtav1-params", "lp=1"]);

    /// <summary>libvpx-vp9: constant quality (CRF 0..63 with <c>-b:v 0</c>); the preset is <c>-cpu-used</c> 0..8 at deadline good.</summary>
    public static LadderEncoder Vp9 { get; } = new(
        "libvpx-vp9", "libvpx-vp9", 0, 63, [20, 30, 40, 48, 55, 63], "4", null, (0, 8), "ivf", ".ivf",
        (preset, crf) => ["-deadline", "good", "-cpu-used", preset, "-crf", Number(crf), "-b:v", "0", "-row-mt", "0"]);

    /// <summary>VVenC: it has no CRF; the ladder's value is its constant QP, 0..63. Presets by name.</summary>
    public static LadderEncoder Vvenc { get; } = new(
        "libvvenc", "libvvenc", 0, 63, [22, 27, 32, 37, 42, 47], "fast", ["faster", "fast", "medium", "slow", "slower"], default, "vvc", ".266",
        (preset, crf) => ["-preset", preset, "-qp", Number(crf)]);

    /// <summary>Every encoder a ladder knows, in codec vocabulary order.</summary>
    public static IReadOnlyList<LadderEncoder> All { get; } = [X264, X265, SvtAv1, Vvenc, Vp9];

    private static IReadOnlyList<string> X26xPresets =>
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    /// <summary>
    /// The encoder a name means: ffmpeg's name or anything the codec vocabulary maps to it (<c>x264</c>,
    /// <c>h264</c>, <c>av1</c>, …). Throws <see cref="ArgumentException"/> naming the known encoders.
    /// </summary>
    public static LadderEncoder Find(string name)
    {
        string trimmed = name.Trim();
        var byName = All.FirstOrDefault(e => string.Equals(e.Name, trimmed, StringComparison.OrdinalIgnoreCase));
        if (byName is not null)
        {
            return byName;
        }

        int index = CodecVocabulary.IndexOf(trimmed);
        return All.FirstOrDefault(e => index != CodecVocabulary.Unknown && e.Codec == CodecVocabulary.Names[index])
            ?? throw new ArgumentException(
                $"'{name}' is not an encoder a ladder knows; use one of {string.Join(", ", All.Select(e => e.Codec == e.Name ? e.Name : $"{e.Codec} ({e.Name})"))}");
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="crf"/> is outside this encoder's range.</summary>
    public int CheckCrf(int crf) =>
        crf >= CrfMin && crf <= CrfMax
            ? crf
            : throw new ArgumentException($"CRF {crf} is outside {Name}'s range {CrfMin}..{CrfMax}");

    /// <summary>The preset as the encoder spells it; throws <see cref="ArgumentException"/> naming the allowed values.</summary>
    public string CheckPreset(string preset)
    {
        string p = preset.Trim();
        if (PresetNames is { } names)
        {
            return names.FirstOrDefault(n => string.Equals(n, p, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"'{preset}' is not a {Name} preset; use one of {string.Join(", ", names)}");
        }

        return int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= PresetRange.Min && n <= PresetRange.Max
            ? Number(n)
            : throw new ArgumentException($"'{preset}' is not a {Name} preset; use a number {PresetRange.Min}..{PresetRange.Max}");
    }

    /// <summary>The encoder's options after <c>-c:v</c> for one rung of the ladder.</summary>
    internal IEnumerable<string> Arguments(string preset, int crf) => _arguments(preset, crf);

    public override string ToString() => Name;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
