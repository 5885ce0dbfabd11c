namespace TinyVmaf.Corpus;

/// <summary>
/// The bridge to the codec vocabulary (version 1, ARCHITECTURE.md). Temporary: it mirrors the contract until
/// <c>TinyVmaf.Model</c>'s <c>CodecVocabulary</c> lands, and then simply calls it.
/// </summary>
internal static class CodecLabels
{
    public const string Unknown = "unknown";

    private static readonly string[] Names = ["x264", "x265", "libsvtav1", "libvvenc", "libvpx-vp9", "unknown"];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["h264"] = "x264", ["avc"] = "x264",
        ["hevc"] = "x265", ["h265"] = "x265",
        ["av1"] = "libsvtav1",
        ["vp9"] = "libvpx-vp9",
        ["vvc"] = "libvvenc", ["h266"] = "libvvenc",
    };

    public static string Normalize(string? raw)
    {
        string label = (raw ?? "").Trim().ToLowerInvariant();
        return Aliases.TryGetValue(label, out string? name) ? name : Array.IndexOf(Names, label) >= 0 ? label : Unknown;
    }
}
