namespace TinyVmaf.Model.Onnx;

/// <summary>
/// The codec vocabulary a loaded model must pin to be fed a codec one-hot: version 1 of ARCHITECTURE.md.
/// </summary>
/// <remarks>
/// Stand-in until the regressor branch's <c>Codecs/CodecVocabulary</c> is merged; then this delegates to it
/// (one list, not two).
/// </remarks>
internal static class CodecVocabularyPin
{
    public const int Version = 1;

    private static readonly string[] Entries = ["x264", "x265", "libsvtav1", "libvvenc", "libvpx-vp9", "unknown"];

    public static IReadOnlyList<string> Names => Entries;

    /// <summary>The one-hot index of a raw codec label, through the aliases; <c>unknown</c> for anything else.</summary>
    public static int IndexOf(string? label)
    {
        string key = (label ?? "").Trim().ToLowerInvariant();
        key = key switch
        {
            "h264" or "avc" => "x264",
            "hevc" or "h265" => "x265",
            "av1" => "libsvtav1",
            "vp9" => "libvpx-vp9",
            "vvc" or "h266" => "libvvenc",
            _ => key,
        };
        int index = Array.IndexOf(Entries, key);
        return index >= 0 ? index : Names.Count - 1;
    }
}
