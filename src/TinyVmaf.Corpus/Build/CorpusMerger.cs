using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Build;

/// <summary>A merged corpus and what the merge left out.</summary>
public sealed record MergeResult(CorpusTable Table, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>corpus merge</c>: joins corpora, typically the shards of one build, into one whose rows are in the order a
/// single build writes them (source, then unit, then frame), so that merging the shards of a build gives the
/// build's own corpus row for row. The parts must agree on what their columns mean: the same features, the same
/// labels, the same codec vocabulary, teacher and MOS scale; a unit in two parts is refused.
/// </summary>
public static class CorpusMerger
{
    /// <summary>Notes that must agree, because a column means something else when they differ.</summary>
    private static readonly string[] LoadBearing =
        [CorpusImporter.CodecVocabularyKey, CorpusImporter.MosScaleKey, CorpusBuilder.TeacherKey];

    public static MergeResult Merge(IReadOnlyList<(string Name, CorpusTable Table)> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to merge: name at least one corpus");
        }

        var problems = new List<string>();
        var (firstName, first) = parts[0];
        foreach (var (name, part) in parts.Skip(1))
        {
            if (!part.FeatureNames.SequenceEqual(first.FeatureNames, StringComparer.Ordinal))
            {
                problems.Add($"{name}: features {List(part.FeatureNames)} differ from {firstName}'s {List(first.FeatureNames)}");
            }

            foreach (string label in CorpusColumns.Labels)
            {
                if (part.HasLabel(label) != first.HasLabel(label))
                {
                    problems.Add($"{name}: {(part.HasLabel(label) ? "has" : "lacks")} the '{label}' label, which {firstName} {(first.HasLabel(label) ? "has" : "lacks")}");
                }
            }

            foreach (string key in LoadBearing)
            {
                string? mine = part.Metadata.GetValueOrDefault(key);
                string? theirs = first.Metadata.GetValueOrDefault(key);
                if (mine != theirs)
                {
                    problems.Add($"{name}: {key} is {mine ?? "unset"} where {firstName} has {theirs ?? "unset"}");
                }
            }
        }

        var blocks = new List<Block>();
        foreach (var (part, index) in parts.Select((p, i) => (p.Table, i)))
        {
            for (int start = 0; start < part.RowCount;)
            {
                int end = start + 1;
                while (end < part.RowCount && part.Units[end] == part.Units[start])
                {
                    end++;
                }

                blocks.Add(new Block(index, start, end - start));
                start = end;
            }
        }

        foreach (var unit in blocks.GroupBy(b => parts[b.Part].Table.Units[b.Start], StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"unit '{unit.Key}' is in {string.Join(" and ", unit.Select(b => parts[b.Part].Name).Distinct())}; shards of one build never share a unit");
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"these corpora do not merge ({problems.Count} problem(s)); nothing was written", problems);
        }

        var order = blocks
            .OrderBy(b => parts[b.Part].Table.Sources[b.Start], StringComparer.Ordinal)
            .ThenBy(b => parts[b.Part].Table.Units[b.Start], StringComparer.Ordinal)
            .ToArray();
        int rows = parts.Sum(p => p.Table.RowCount);
        var tables = parts.Select(p => p.Table).ToArray();
        T[] Gather<T>(Func<CorpusTable, IReadOnlyList<T>> column)
        {
            var result = new T[rows];
            int at = 0;
            foreach (var b in order)
            {
                var values = column(tables[b.Part]);
                for (int r = 0; r < b.Count; r++)
                {
                    result[at++] = values[b.Start + r];
                }
            }

            return result;
        }

        // Optional metadata columns are kept when any part has them; a part without one reads as unknown there.
        string?[]? Strings(Func<CorpusTable, IReadOnlyList<string?>?> column) =>
            tables.Any(t => column(t) is not null) ? Gather(t => column(t) ?? new string?[t.RowCount]) : null;
        double[]? Numbers(Func<CorpusTable, IReadOnlyList<double>?> column) =>
            tables.Any(t => column(t) is not null) ? Gather(t => column(t) ?? Enumerable.Repeat(double.NaN, t.RowCount).ToArray()) : null;

        var features = first.FeatureNames.ToDictionary(
            name => name,
            name => Gather<double>(t => t.FeatureArray(name)),
            StringComparer.Ordinal);

        var warnings = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in tables.SelectMany(t => t.Metadata.Keys).Distinct(StringComparer.Ordinal).Where(k => k != CorpusBuilder.ShardKey && k != CorpusParquet.FormatKey))
        {
            var values = tables.Select(t => t.Metadata.GetValueOrDefault(key)).Distinct().ToArray();
            if (values.Length == 1 && values[0] is { } value)
            {
                metadata[key] = value;
            }
            else
            {
                warnings.Add($"metadata '{key}' differs between the parts ({string.Join(", ", values.Select(v => v ?? "unset"))}); the merge leaves it out");
            }
        }

        var merged = new CorpusTable(
            Gather(t => t.Sources),
            Gather(t => t.Units),
            Gather(t => t.FrameIndices),
            Gather(t => t.Codecs),
            Gather(t => t.CodecRaw),
            first.Mos is null ? null : Gather(t => t.Mos!),
            first.Vmaf is null ? null : Gather(t => t.Vmaf!),
            Strings(t => t.Encoders),
            Strings(t => t.Presets),
            Numbers(t => t.Crf),
            Numbers(t => t.BitrateKbps),
            features,
            metadata);
        return new MergeResult(merged, warnings);
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(",", names);

    private readonly record struct Block(int Part, int Start, int Count);
}
