using System.Globalization;

namespace TinyVmaf.Corpus;

/// <summary>A closed range of a numeric column over the rows where it is known.</summary>
public readonly record struct ValueRange(double Min, double Max, double Mean, int Known)
{
    internal static ValueRange? Of(IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            return null;
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        int known = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            known++;
        }

        return known == 0 ? new ValueRange(double.NaN, double.NaN, double.NaN, 0) : new ValueRange(min, max, sum / known, known);
    }

    public override string ToString() =>
        Known == 0 ? "none known" : string.Create(CultureInfo.InvariantCulture, $"{Min:G6} .. {Max:G6} (mean {Mean:G6})");
}

/// <summary>Rows and distorted videos of one codec.</summary>
public sealed record CodecCount(string Codec, int Rows, int Units);

/// <summary>Rows, distorted videos and sources of one dataset.</summary>
public sealed record DatasetCount(string Dataset, int Rows, int Units, int Sources);

/// <summary>What <c>corpus describe</c> prints: the size, sources, codecs, ranges and features of a corpus.</summary>
public sealed record CorpusDescription(
    int Rows,
    int Units,
    IReadOnlyList<string> Sources,
    IReadOnlyList<CodecCount> Codecs,
    ValueRange? Mos,
    ValueRange? Vmaf,
    ValueRange? Crf,
    ValueRange? BitrateKbps,
    IReadOnlyList<string> Encoders,
    IReadOnlyList<string> Features,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<DatasetCount> Datasets)
{
    internal static CorpusDescription Of(CorpusTable table)
    {
        var units = new HashSet<string>(Enumerable.Range(0, table.RowCount).Select(table.VideoKey), StringComparer.Ordinal);
        var codecs = Enumerable.Range(0, table.RowCount)
            .GroupBy(r => table.Codecs[r], StringComparer.Ordinal)
            .Select(g => new CodecCount(g.Key, g.Count(), g.Select(table.VideoKey).Distinct(StringComparer.Ordinal).Count()))
            .OrderBy(c => c.Codec, StringComparer.Ordinal)
            .ToArray();
        return new CorpusDescription(
            table.RowCount,
            units.Count,
            table.Sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            codecs,
            ValueRange.Of(table.Mos),
            ValueRange.Of(table.Vmaf),
            ValueRange.Of(table.Crf),
            ValueRange.Of(table.BitrateKbps),
            table.Encoders?.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() ?? [],
            table.FeatureNames,
            table.Metadata,
            Enumerable.Range(0, table.RowCount)
                .GroupBy(r => table.Datasets[r], StringComparer.Ordinal)
                .Select(g => new DatasetCount(
                    g.Key,
                    g.Count(),
                    g.Select(r => table.Units[r]).Distinct(StringComparer.Ordinal).Count(),
                    g.Select(r => table.Sources[r]).Distinct(StringComparer.Ordinal).Count()))
                .OrderBy(d => d.Dataset, StringComparer.Ordinal)
                .ToArray());
    }

    /// <summary>Writes the human-readable summary (the CLI passes its output writer).</summary>
    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine($"rows      {Rows}");
        writer.WriteLine($"units     {Units} distorted videos");
        writer.WriteLine("datasets  " + string.Join(", ", Datasets.Select(d =>
            $"{(d.Dataset.Length == 0 ? "(unnamed)" : d.Dataset)} ({d.Units} videos, {d.Sources} sources, {d.Rows} rows)")));
        writer.WriteLine($"sources   {Sources.Count}: {string.Join(", ", Sources)}");
        writer.WriteLine("codecs    " + string.Join(", ", Codecs.Select(c => $"{c.Codec} ({c.Units} videos, {c.Rows} rows)")));
        if (Encoders.Count > 0)
        {
            writer.WriteLine($"encoders  {string.Join(", ", Encoders)}");
        }

        void Range(string name, ValueRange? range)
        {
            writer.WriteLine($"{name,-9} {(range is { } r ? r.ToString() : "absent")}");
        }

        Range("crf", Crf);
        Range("bitrate", BitrateKbps);
        Range("mos", Mos);
        if (Metadata.TryGetValue(Import.CorpusImporter.MosScaleKey, out string? scale))
        {
            writer.WriteLine($"          (rescaled to 0..100 from the table's {scale})");
        }

        Range("vmaf", Vmaf);
        writer.WriteLine($"features  {Features.Count}: {string.Join(", ", Features)}");
        var absent = TinyVmaf.Features.FeatureNames.Full.Except(Features).ToArray();
        if (absent.Length > 0)
        {
            writer.WriteLine($"absent    {string.Join(", ", absent)}");
        }
    }
}
