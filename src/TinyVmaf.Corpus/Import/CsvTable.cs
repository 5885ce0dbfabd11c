using System.Text;

namespace TinyVmaf.Corpus.Import;

/// <summary>
/// A CSV file read whole: a header and rows of fields (RFC 4180: fields may be quoted, a quote inside a quoted
/// field is doubled, quoted fields may hold commas and line breaks). Header names are trimmed and matched
/// case-insensitively, because hand-made tables vary in both.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columnByName;

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columnByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            _columnByName.TryAdd(header[i], i);
        }
    }

    public string Path { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public bool HasColumn(string name) => _columnByName.ContainsKey(name);

    /// <summary>The index of a column, or -1 when the table lacks it.</summary>
    public int ColumnIndex(string name) => _columnByName.GetValueOrDefault(name, -1);

    public static CsvTable Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusImportException($"cannot read the table {path}: {e.Message}", [$"{path}: {e.Message}"]);
        }

        return Parse(text, path);
    }

    /// <summary>Parses CSV text; <paramref name="path"/> only names the source in errors.</summary>
    public static CsvTable Parse(string text, string path)
    {
        var records = new List<(int Line, List<string> Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool fieldWasQuoted = false;
        int line = 1;
        int recordLine = 1;
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when !fieldWasQuoted && IsBlank(field):
                    field.Clear();
                    quoted = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    throw new CorpusImportException(
                        $"{path}, line {line}: a quote inside an unquoted field (quote the whole field and double the quote)",
                        [$"{path}, line {line}: stray quote"]);
                case ',':
                    fields.Add(Finish(field, fieldWasQuoted));
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(Finish(field, fieldWasQuoted));
                    fieldWasQuoted = false;
                    AddRecord(records, fields, recordLine);
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (fieldWasQuoted && !char.IsWhiteSpace(c))
                    {
                        throw new CorpusImportException(
                            $"{path}, line {line}: text after a closing quote", [$"{path}, line {line}: text after a closing quote"]);
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new CorpusImportException(
                $"{path}, line {recordLine}: a quoted field is never closed", [$"{path}, line {recordLine}: unclosed quote"]);
        }

        if (field.Length > 0 || fieldWasQuoted || fields.Count > 0)
        {
            fields.Add(Finish(field, fieldWasQuoted));
            AddRecord(records, fields, recordLine);
        }

        if (records.Count == 0)
        {
            throw new CorpusImportException($"{path}: the table is empty (no header)", [$"{path}: empty table"]);
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var rows = new List<CsvRow>(records.Count - 1);
        var problems = new List<string>();
        for (int r = 1; r < records.Count; r++)
        {
            var (recordStart, values) = records[r];
            if (values.Count != header.Length)
            {
                problems.Add($"{path}, line {recordStart}: {values.Count} fields where the header has {header.Length}");
                continue;
            }

            rows.Add(new CsvRow(recordStart, values.ToArray()));
        }

        if (problems.Count > 0)
        {
            throw new CorpusImportException($"{path}: {problems.Count} malformed row(s)", problems);
        }

        return new CsvTable(path, header, rows);
    }

    private static string Finish(StringBuilder field, bool wasQuoted)
    {
        // Unquoted fields are trimmed (spaces after commas are common in hand-made tables); quoted ones are kept
        // verbatim, which is what the quotes are for.
        string value = wasQuoted ? field.ToString() : field.ToString().Trim();
        field.Clear();
        return value;
    }

    private static bool IsBlank(StringBuilder field)
    {
        foreach (var chunk in field.GetChunks())
        {
            if (!chunk.Span.IsWhiteSpace())
            {
                return false;
            }
        }

        return true;
    }

    private static void AddRecord(List<(int, List<string>)> records, List<string> fields, int line)
    {
        // A blank line (one empty unquoted field) is not a record.
        if (fields.Count == 1 && fields[0].Length == 0)
        {
            return;
        }

        records.Add((line, fields));
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>, with the line it starts on for error messages.</summary>
internal sealed record CsvRow(int Line, string[] Fields)
{
    /// <summary>The field at <paramref name="column"/>, or null when the column is absent (-1) or the field is empty.</summary>
    public string? Get(int column) => column < 0 || Fields[column].Length == 0 ? null : Fields[column];
}
