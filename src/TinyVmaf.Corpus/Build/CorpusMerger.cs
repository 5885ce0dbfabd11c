using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Build;

/// <summary>A merged corpus and what the merge left out.</summary>
public sealed record MergeResult(CorpusTable Table, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>corpus merge</c>: joins corpora, the shards of one build or corpora of different datasets, into one whose rows
/// are in the order a single build writes them (dataset, source, unit, frame), so that merging the shards of a build
/// gives the build's own corpus row for row. Each row keeps its <c>dataset</c>, and a video is (dataset,
/// <c>dis_basename</c>): one in two parts is refused. Columns: the features every part has (the others are dropped,
/// with a warning naming them and the parts that had them), a label only when every part has it (dropped with a
/// warning otherwise: a label known for some videos only would train those towards nothing), encode metadata when any
/// part has it (unknown elsewhere). The parts must agree on what the columns they share mean: the codec vocabulary
/// always, the teacher when <c>vmaf</c> is kept, and, when <c>mos</c> is kept, either all rescaled to 0..100 or all
/// on one raw scale.
/// </summary>
public static class CorpusMerger
{
    public static MergeResult Merge(IReadOnlyList<(string Name, CorpusTable Table)> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to merge: name at least one corpus");
        }

        var problems = new List<string>();
        var warnings = new List<string>();
        var tables = parts.Select(p => p.Table).ToArray();
        var (firstName, first) = parts[0];

        var features = TinyVmaf.Features.FeatureNames.Full.Where(f => tables.All(t => t.HasFeature(f))).ToArray();
        foreach (string dropped in TinyVmaf.Features.FeatureNames.Full.Where(f => !features.Contains(f) && tables.Any(t => t.HasFeature(f))))
        {
            warnings.Add($"feature '{dropped}' is dropped: {string.Join(", ", parts.Where(p => !p.Table.HasFeature(dropped)).Select(p => p.Name))} lack{(parts.Count(p => !p.Table.HasFeature(dropped)) == 1 ? "s" : "")} it");
        }

        if (features.Length == 0 && tables.Any(t => t.FeatureNames.Count > 0))
        {
            problems.Add($"the corpora share no feature column ({string.Join("; ", parts.Select(p => $"{p.Name}: {List(p.Table.FeatureNames)}"))})");
        }

        var labels = CorpusColumns.Labels.Where(l => tables.All(t => t.HasLabel(l))).ToArray();
        foreach (string dropped in CorpusColumns.Labels.Where(l => !labels.Contains(l) && tables.Any(t => t.HasLabel(l))))
        {
            warnings.Add($"label '{dropped}' is dropped: {string.Join(", ", parts.Where(p => !p.Table.HasLabel(dropped)).Select(p => p.Name))} lack{(parts.Count(p => !p.Table.HasLabel(dropped)) == 1 ? "s" : "")} it");
        }

        void MustAgree(string key, string why)
        {
            foreach (var (name, part) in parts.Skip(1))
            {
                string? mine = part.Metadata.GetValueOrDefault(key);
                string? theirs = first.Metadata.GetValueOrDefault(key);
                if (mine != theirs)
                {
                    problems.Add($"{name}: {key} is {mine ?? "unset"} where {firstName} has {theirs ?? "unset"} ({why})");
                }
            }
        }

        MustAgree(CorpusImporter.CodecVocabularyKey, "the codec column would mean different things");
        if (labels.Contains(CorpusColumns.Vmaf))
        {
            MustAgree(CorpusBuilder.TeacherKey, "the vmaf label would come from different models");
        }

        // A rescaled MOS is on 0..100 whatever scale the table had, so datasets rated on different scales merge once
        // each was rescaled; raw scores merge only with raw scores of the same (unnamed) scale.
        bool allRescaled = false;
        if (labels.Contains(CorpusColumns.Mos))
        {
            var rescaled = parts.Where(p => p.Table.Metadata.ContainsKey(CorpusImporter.MosScaleKey)).Select(p => p.Name).ToArray();
            if (rescaled.Length != 0 && rescaled.Length != parts.Count)
            {
                problems.Add($"mos is rescaled to 0..100 in {string.Join(", ", rescaled)} but raw in {string.Join(", ", parts.Select(p => p.Name).Except(rescaled))}; import them all with --mos-scale");
            }

            allRescaled = rescaled.Length == parts.Count;
        }

        var blocks = new List<Block>();
        foreach (var (part, index) in tables.Select((t, i) => (t, i)))
        {
            for (int start = 0; start < part.RowCount;)
            {
                int end = start + 1;
                while (end < part.RowCount && part.Units[end] == part.Units[start] && part.Datasets[end] == part.Datasets[start])
                {
                    end++;
                }

                blocks.Add(new Block(index, start, end - start));
                start = end;
            }
        }

        foreach (var video in blocks
                     .GroupBy(b => (Dataset: tables[b.Part].Datasets[b.Start], Unit: tables[b.Part].Units[b.Start]))
                     .Where(g => g.Count() > 1))
        {
            string where = video.Key.Dataset.Length == 0 ? "" : $" of dataset '{video.Key.Dataset}'";
            var names = video.Select(b => parts[b.Part].Name).Distinct().ToArray();
            problems.Add(names.Length > 1
                ? $"video '{video.Key.Unit}'{where} is in {string.Join(" and ", names)}; a video may be in one part only (shards of one build never share one; two imports of one dataset do)"
                : $"video '{video.Key.Unit}'{where} is in {names[0]} {video.Count()} times, apart");
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"these corpora do not merge ({problems.Count} problem(s)); nothing was written", problems);
        }

        var order = blocks
            .OrderBy(b => tables[b.Part].Datasets[b.Start], StringComparer.Ordinal)
            .ThenBy(b => tables[b.Part].Sources[b.Start], StringComparer.Ordinal)
            .ThenBy(b => tables[b.Part].Units[b.Start], StringComparer.Ordinal)
            .ToArray();
        int rows = tables.Sum(t => t.RowCount);
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

        var featureColumns = features.ToDictionary(
            name => name,
            name => Gather<double>(t => t.FeatureArray(name)),
            StringComparer.Ordinal);

        // Per-part notes: the dataset column carries the provenance these name, so parts that differ in them are
        // expected and need no warning.
        string[] perPart = [CorpusColumns.DatasetKey, CorpusImporter.TableKey];
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in tables.SelectMany(t => t.Metadata.Keys).Distinct(StringComparer.Ordinal).Where(k => k != CorpusBuilder.ShardKey && k != CorpusParquet.FormatKey))
        {
            var values = tables.Select(t => t.Metadata.GetValueOrDefault(key)).Distinct().ToArray();
            if (values.Length == 1 && values[0] is { } value)
            {
                metadata[key] = value;
            }
            else if (key == CorpusImporter.MosScaleKey && allRescaled)
            {
                // Every part was rescaled to 0..100; keep the scales the tables had, for describe.
                metadata[key] = string.Join(",", values);
            }
            else if (!perPart.Contains(key))
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
            labels.Contains(CorpusColumns.Mos) ? Gather(t => t.Mos!) : null,
            labels.Contains(CorpusColumns.Vmaf) ? Gather(t => t.Vmaf!) : null,
            Strings(t => t.Encoders),
            Strings(t => t.Presets),
            Numbers(t => t.Crf),
            Numbers(t => t.BitrateKbps),
            featureColumns,
            metadata,
            Gather(t => t.Datasets));
        return new MergeResult(merged, warnings);
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(",", names);

    private readonly record struct Block(int Part, int Start, int Count);
}
