using System.Collections.Frozen;

namespace TinyVmaf.Model.Codecs;

/// <summary>
/// The codec vocabulary a codec-aware model is trained on (version 1): six entries in a fixed order,
/// <c>x264, x265, libsvtav1, libvvenc, libvpx-vp9, unknown</c> (indices 0..5), the order of the one-hot
/// input <c>codec_onehot</c>. The order never changes; a new codec is appended and bumps <see cref="Version"/>,
/// and every model pins the version it was trained on.
/// </summary>
public static class CodecVocabulary
{
    /// <summary>The vocabulary version models pin in their sidecar (<c>codec_vocab_version</c>).</summary>
    public const int Version = 1;

    /// <summary>Number of entries, the width of the one-hot input.</summary>
    public const int Count = 6;

    public const int X264 = 0;
    public const int X265 = 1;
    public const int LibSvtAv1 = 2;
    public const int LibVvenc = 3;
    public const int LibVpxVp9 = 4;
    public const int Unknown = 5;

    /// <summary>The canonical names, index = one-hot position.</summary>
    public static IReadOnlyList<string> Names { get; } = ["x264", "x265", "libsvtav1", "libvvenc", "libvpx-vp9", "unknown"];

    // Keys are already trimmed and lower-cased. Besides the contract's aliases, each canonical name maps to
    // itself and ffmpeg's encoder names (libx264, libx265, …) map to their codec, because that is what corpus
    // tables and ffprobe usually say.
    private static readonly FrozenDictionary<string, int> Aliases = new Dictionary<string, int>
    {
        ["x264"] = X264, ["libx264"] = X264, ["h264"] = X264, ["avc"] = X264,
        ["x265"] = X265, ["libx265"] = X265, ["hevc"] = X265, ["h265"] = X265,
        ["libsvtav1"] = LibSvtAv1, ["av1"] = LibSvtAv1,
        ["libvvenc"] = LibVvenc, ["vvc"] = LibVvenc, ["h266"] = LibVvenc,
        ["libvpx-vp9"] = LibVpxVp9, ["vp9"] = LibVpxVp9,
        ["unknown"] = Unknown,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The vocabulary index of a raw codec label (trimmed, lower-cased, then through the aliases);
    /// <see cref="Unknown"/> for null, empty and unrecognised labels.
    /// </summary>
    public static int IndexOf(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
            return Unknown;
        return Aliases.TryGetValue(label.Trim().ToLowerInvariant(), out int index) ? index : Unknown;
    }

    /// <summary>The canonical vocabulary name of a raw label (<c>"HEVC"</c> → <c>"x265"</c>).</summary>
    public static string Canonical(string? label) => Names[IndexOf(label)];

    /// <summary>Writes the one-hot of a raw label into <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    public static void OneHot(string? label, Span<float> destination) => OneHot(IndexOf(label), destination);

    /// <summary>The one-hot of a raw label.</summary>
    public static float[] OneHot(string? label)
    {
        var result = new float[Count];
        OneHot(label, result);
        return result;
    }

    /// <summary>Writes the one-hot of a vocabulary index into <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    public static void OneHot(int index, Span<float> destination)
    {
        if ((uint)index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A codec index is 0..{Count - 1}.");
        if (destination.Length != Count)
            throw new ArgumentException($"A codec one-hot has {Count} entries, not {destination.Length}.", nameof(destination));
        destination.Clear();
        destination[index] = 1f;
    }

    /// <summary>The one-hot of a batch of raw labels, row-major <c>[N, 6]</c>.</summary>
    public static float[] OneHot(IReadOnlyList<string?> labels)
    {
        var result = new float[labels.Count * Count];
        for (int i = 0; i < labels.Count; i++)
            OneHot(labels[i], result.AsSpan(i * Count, Count));
        return result;
    }

    /// <summary>The one-hot of a batch of vocabulary indices, row-major <c>[N, 6]</c>.</summary>
    public static float[] OneHot(ReadOnlySpan<int> indices)
    {
        var result = new float[indices.Length * Count];
        for (int i = 0; i < indices.Length; i++)
            OneHot(indices[i], result.AsSpan(i * Count, Count));
        return result;
    }
}
