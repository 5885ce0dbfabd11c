using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// Reads a rate–quality curve from a file: a CSV with a header row, or NDJSON (one JSON object a line), with a
/// <c>bitrate_kbps</c> column and the score in a column named after the metric (<c>vmaf</c>, <c>mos</c>, …) or
/// <c>score</c>. A <c>score</c> summary of several encodes of one reference is such a file. A file whose rows
/// name more than one reference or codec is refused: a curve is one source through one encoder.
/// </summary>
internal static class RateCurveFile
{
    public const string BitrateColumn = "bitrate_kbps";
    public const string ScoreColumn = "score";

    public static RateCurve Read(string path, string metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            throw new RateCurveException($"{path}: not UTF-8 text; expected a CSV or NDJSON table of {BitrateColumn} and {metric}");
        }

        var rows = IsNdjson(path, text) ? ReadNdjson(path, text) : ReadCsv(path, text);
        if (rows.Count == 0)
        {
            throw new RateCurveException($"{path}: no rows; expected a CSV or NDJSON table of {BitrateColumn} and {metric}");
        }

        var columns = rows[0].Cells.Keys;
        string scoreColumn = rows.Any(r => r.Cells.ContainsKey(metric)) ? metric
            : rows.Any(r => r.Cells.ContainsKey(ScoreColumn)) ? ScoreColumn
            : throw new RateCurveException($"{path}: no '{metric}' or '{ScoreColumn}' column (it has: {string.Join(", ", columns)})");
        if (!rows.Any(r => r.Cells.ContainsKey(BitrateColumn)))
        {
            throw new RateCurveException($"{path}: no '{BitrateColumn}' column (it has: {string.Join(", ", columns)})");
        }

        Single(path, rows, "reference");
        string? codec = Single(path, rows, "codec");
        var points = rows.Select(r => new RatePoint(Number(path, r, BitrateColumn), Number(path, r, scoreColumn))).ToArray();
        string label = codec is { Length: > 0 } && codec != "unknown" ? codec : Path.GetFileNameWithoutExtension(path);
        return new RateCurve(path, label, points);
    }

    private sealed record Row(int Line, Dictionary<string, string?> Cells);

    private static bool IsNdjson(string path, string text)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".ndjson" or ".jsonl" or ".json" || text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');
    }

    private static List<Row> ReadNdjson(string path, string text)
    {
        var rows = new List<Row>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new RateCurveException($"{path} line {i + 1}: not a JSON object; NDJSON has one object a line");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    cells[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => property.Value.GetString(),
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            catch (JsonException e)
            {
                throw new RateCurveException($"{path} line {i + 1}: not JSON ({e.Message})");
            }

            rows.Add(new Row(i + 1, cells));
        }

        return rows;
    }

    private static List<Row> ReadCsv(string path, string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0)
        {
            return [];
        }

        var header = Fields(path, lines[headerLine], headerLine + 1).Select(h => h.Trim()).ToArray();
        var rows = new List<Row>();
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var fields = Fields(path, lines[i], i + 1);
            if (fields.Count != header.Length)
            {
                throw new RateCurveException($"{path} line {i + 1}: {fields.Count} fields under a header of {header.Length}");
            }

            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (int j = 0; j < header.Length; j++)
            {
                cells[header[j]] = fields[j].Trim() is { Length: > 0 } value ? value : null;
            }

            rows.Add(new Row(i + 1, cells));
        }

        return rows;
    }

    /// <summary>One CSV line's fields: commas separate, double quotes enclose (a doubled quote is one quote).</summary>
    private static List<string> Fields(string path, string line, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new RateCurveException($"{path} line {lineNumber}: a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static double Number(string path, Row row, string column)
    {
        if (!row.Cells.TryGetValue(column, out string? text) || text is null)
        {
            throw new RateCurveException($"{path} line {row.Line}: no {column}");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new RateCurveException($"{path} line {row.Line}: {column} '{text}' is not a number");
    }

    /// <summary>The one value of <paramref name="column"/> over all rows (null when the file has no such column).</summary>
    private static string? Single(string path, List<Row> rows, string column)
    {
        var values = rows.Select(r => r.Cells.GetValueOrDefault(column)).Where(v => v is not null).Distinct(StringComparer.Ordinal).ToArray();
        return values.Length switch
        {
            0 => null,
            1 => values[0],
            _ => throw new RateCurveException(
                $"{path}: rows of {values.Length} different {column}s ({string.Join(", ", values.Take(4))}{(values.Length > 4 ? ", …" : "")}); a rate–quality curve is one source through one codec: split the file"),
        };
    }
}
