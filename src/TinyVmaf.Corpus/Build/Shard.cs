using System.Globalization;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// <c>--shard I/N</c>: shard <see cref="Index"/> (0-based) of <see cref="Count"/>. The pairs are ordered by their
/// unit name (ordinal), which every host computes alike from the same inputs and options, and shard I takes every
/// N-th of them starting at the I-th, so the shards are disjoint, together cover the whole build, and differ in
/// size by at most one pair.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard Whole => new(0, 1);

    public bool IsWhole => Count <= 1;

    /// <summary>Parses <c>I/N</c> with 0 ≤ I &lt; N. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Shard Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new FormatException($"'{text}' is not a shard: expected I/N, e.g. 0/4 (I counts from 0)");
        }

        if (count < 1 || index >= count)
        {
            throw new FormatException($"'{text}' is not a shard: I must be 0..N-1 and N at least 1 (I counts from 0)");
        }

        return new Shard(index, count);
    }

    /// <summary>This shard's pairs, in unit order.</summary>
    public IReadOnlyList<CorpusPair> Select(IEnumerable<CorpusPair> pairs)
    {
        int index = Index, count = Math.Max(1, Count);
        return pairs.OrderBy(p => p.Unit, StringComparer.Ordinal).Where((_, i) => i % count == index).ToArray();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
