using System.Globalization;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Import;

/// <summary>One row of an import table, checked: one distorted video and where its log is.</summary>
internal sealed record TableRow(
    int Line,
    string Distorted,
    string Unit,
    string Source,
    string CodecRaw,
    string Codec,
    double? Mos,
    string? Encoder,
    string? Preset,
    double? Crf,
    double? BitrateKbps,
    string? Log,
    CsvRow Raw)
{
    /// <summary>Names the row in messages the way the user wrote it.</summary>
    public string Describe(string tablePath) => $"'{Distorted}' ({Path.GetFileName(tablePath)} line {Line})";
}

/// <summary>
/// An import table read and checked: required columns present, every row's numbers parsable, each distorted
/// video named once. Every fault is collected and reported together.
/// </summary>
internal sealed class ImportTable
{
    public const string Distorted = "distorted";

    public const string Log = "log";

    public static readonly IReadOnlyList<string> RequiredColumns = [Distorted, CorpusColumns.Source, CorpusColumns.Codec];

    private ImportTable(CsvTable csv, IReadOnlyList<TableRow> rows)
    {
        Csv = csv;
        Rows = rows;
    }

    public CsvTable Csv { get; }

    public IReadOnlyList<TableRow> Rows { get; }

    public bool HasMos => Csv.HasColumn(CorpusColumns.Mos);

    public bool HasEncoder => Csv.HasColumn(CorpusColumns.Encoder);

    public bool HasPreset => Csv.HasColumn(CorpusColumns.Preset);

    public bool HasCrf => Csv.HasColumn(CorpusColumns.Crf);

    public bool HasBitrate => Csv.HasColumn(CorpusColumns.BitrateKbps);

    public static ImportTable Read(string path)
    {
        var csv = CsvTable.Read(path);
        var missing = RequiredColumns.Where(c => !csv.HasColumn(c)).ToArray();
        if (missing.Length > 0)
        {
            var problems = missing.Select(c => $"{path}: no '{c}' column").ToArray();
            throw new CorpusImportException(
                $"the table {path} lacks required column(s) {string.Join(", ", missing)} (it has: {string.Join(", ", csv.Header)}); required are {string.Join(", ", RequiredColumns)}",
                problems);
        }

        int distorted = csv.ColumnIndex(Distorted);
        int source = csv.ColumnIndex(CorpusColumns.Source);
        int codec = csv.ColumnIndex(CorpusColumns.Codec);
        int mos = csv.ColumnIndex(CorpusColumns.Mos);
        int encoder = csv.ColumnIndex(CorpusColumns.Encoder);
        int preset = csv.ColumnIndex(CorpusColumns.Preset);
        int crf = csv.ColumnIndex(CorpusColumns.Crf);
        int bitrate = csv.ColumnIndex(CorpusColumns.BitrateKbps);
        int log = csv.ColumnIndex(Log);
        string table = Path.GetFileName(path);
        var problems2 = new List<string>();
        var rows = new List<TableRow>(csv.Rows.Count);
        foreach (var raw in csv.Rows)
        {
            string? name = raw.Get(distorted);
            string where = name is null ? $"{table} line {raw.Line}" : $"'{name}' ({table} line {raw.Line})";
            if (name is null)
            {
                problems2.Add($"{where}: empty 'distorted'");
                continue;
            }

            string? sourceName = raw.Get(source);
            if (sourceName is null)
            {
                problems2.Add($"{where}: empty 'source'");
            }

            double? Number(int column, string label, bool required)
            {
                string? text = raw.Get(column);
                if (text is null)
                {
                    if (required)
                    {
                        problems2.Add($"{where}: empty '{label}'");
                    }

                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
                {
                    return value;
                }

                problems2.Add($"{where}: '{label}' is '{text}', not a number");
                return null;
            }

            // A table that has a mos column must give every video a score: a silently missing label would
            // make that video's frames train towards nothing.
            double? mosValue = Number(mos, CorpusColumns.Mos, required: mos >= 0);
            double? crfValue = Number(crf, CorpusColumns.Crf, required: false);
            double? bitrateValue = Number(bitrate, CorpusColumns.BitrateKbps, required: false);
            string codecRaw = raw.Get(codec) ?? "";
            rows.Add(new TableRow(
                raw.Line,
                name,
                Path.GetFileName(name),
                sourceName ?? "",
                codecRaw,
                CodecVocabulary.Canonical(codecRaw),
                mosValue,
                raw.Get(encoder),
                raw.Get(preset),
                crfValue,
                bitrateValue,
                raw.Get(log),
                raw));
        }

        foreach (var group in rows.GroupBy(r => r.Unit, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems2.Add($"'{group.Key}' is named by {group.Count()} rows (lines {string.Join(", ", group.Select(r => r.Line))}); each distorted video must appear once");
        }

        if (rows.Count == 0 && problems2.Count == 0)
        {
            problems2.Add($"{table}: the table has no rows");
        }

        if (problems2.Count > 0)
        {
            throw new CorpusImportException($"the table {path} has {problems2.Count} problem(s)", problems2);
        }

        return new ImportTable(csv, rows);
    }
}
