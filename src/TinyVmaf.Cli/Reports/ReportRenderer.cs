using System.Text.Json;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Scoring.Rate;

namespace TinyVmaf.Cli.Reports;

/// <summary>What a report was made from.</summary>
internal enum ReportKind
{
    /// <summary>A libvmaf JSON log: ours from <c>score</c>, or libvmaf's.</summary>
    ScoreLog,

    /// <summary>A <c>compare</c> report.</summary>
    Comparison,

    /// <summary>A <c>bdrate --format json</c> result, or two rate–quality tables.</summary>
    BdRate,
}

/// <summary>A rendered page, what it was made from, and what the reader should know about how it was drawn.</summary>
internal sealed record RenderedReport(ReportKind Kind, string Html, IReadOnlyList<string> Warnings);

/// <summary>Tells a score log from a compare report by its keys, and renders either as one HTML page.</summary>
internal static class ReportRenderer
{
    private const string Expected =
        "neither a score log (a libvmaf JSON log with a 'frames' array), a compare report (JSON with 'v1', 'v2', 'per_codec' and 'verdict') "
        + "nor a BD-rate result (bdrate --format json)";

    /// <param name="metric">For a log: the per-frame metric to plot (default: the log's model, else <c>vmaf</c>).</param>
    public static RenderedReport Render(string path, string? metric = null)
    {
        try
        {
            return RenderJson(path, metric);
        }
        catch (InvalidOperationException e) when (FromSystemTextJson(e))
        {
            // System.Text.Json decodes a string lazily: invalid UTF-8 or an escaped lone surrogate in a key or value
            // only fails when it is read, and not as a JsonException.
            throw new InvalidDataException($"{path}: {Expected}: a key or a string is not valid UTF-8/UTF-16 text ({e.Message})", e);
        }
    }

    /// <summary>
    /// Whether System.Text.Json threw <paramref name="e"/>: its innermost frame is one of that library's. Read from
    /// the stack trace's text, which a native build keeps, rather than <see cref="Exception.TargetSite"/>, which
    /// needs reflection metadata a native build does not have.
    /// </summary>
    private static bool FromSystemTextJson(Exception e) =>
        e.StackTrace?.TrimStart().StartsWith("at System.Text.Json.", StringComparison.Ordinal) == true;

    private static RenderedReport RenderJson(string path, string? metric)
    {
        byte[] bytes = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            string hint = FirstNonSpace(bytes) == '<'
                ? "; it looks like XML: report reads JSON logs (write one with score --format json)"
                : "";
            throw new InvalidDataException($"{path}: {Expected}: not JSON ({e.Message}){hint}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var kind = Detect(root) ?? throw new InvalidDataException(
                $"{path}: {Expected}; its top-level keys are: {(root.ValueKind == JsonValueKind.Object ? string.Join(", ", root.EnumerateObject().Select(p => p.Name)) : root.ValueKind.ToString())}");
            var charts = Charts.Create();
            var warnings = new List<string>();
            if (charts.Font is null)
            {
                warnings.Add("no fonts found under /usr/share/fonts: the plots have no text (install Debian's fonts-dejavu-core)");
            }

            if (kind == ReportKind.BdRate)
            {
                var (storedMetric, interpolation, anchor, test) = BdResultJson.Read(root, path);
                if (metric is not null && metric != storedMetric)
                {
                    throw new ArgumentException($"{path} compares {storedMetric}; --metric {metric} cannot change that (run bdrate again)");
                }

                // Recomputed from the points the file holds: the page shows what the curves give, not what the file claims.
                return new RenderedReport(kind, BdRatePage.Render(Bjontegaard.Compute(anchor, test, interpolation), storedMetric, charts), warnings);
            }

            if (kind == ReportKind.ScoreLog)
            {
                return new RenderedReport(kind, ScoreLogPage.Render(ScoreLogData.Read(bytes, root, path, metric), Path.GetFileName(path), charts), warnings);
            }

            if (metric is not null)
            {
                throw new ArgumentException($"--metric applies to score logs; {path} is a compare report");
            }

            ComparisonReport report;
            try
            {
                report = root.Deserialize(Commands.ReportJson.Default.ComparisonReport) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: a compare report with an unexpected layout: {e.Message}", e);
            }

            if (report.Predictions is null)
            {
                warnings.Add($"{path} has no 'predictions' (written by an older compare): no predicted-vs-label scatter");
            }

            return new RenderedReport(kind, ComparisonPage.Render(report, root, Path.GetFileName(path), charts), warnings);
        }
    }

    /// <summary>The BD-rate page of two rate–quality tables (as <c>bdrate --anchor --test</c> reads them).</summary>
    public static RenderedReport RenderBdRate(BdResult result, string metric)
    {
        var charts = Charts.Create();
        var warnings = charts.Font is null
            ? new List<string> { "no fonts found under /usr/share/fonts: the plots have no text (install Debian's fonts-dejavu-core)" }
            : [];
        return new RenderedReport(ReportKind.BdRate, BdRatePage.Render(result, metric, charts), warnings);
    }

    internal static ReportKind? Detect(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("frames", out var frames) && frames.ValueKind == JsonValueKind.Array)
        {
            return ReportKind.ScoreLog;
        }

        if (root.TryGetProperty(BdResultJson.Marker, out var bdRate) && bdRate.ValueKind == JsonValueKind.Number)
        {
            return ReportKind.BdRate;
        }

        bool Has(string key, JsonValueKind kind) => root.TryGetProperty(key, out var value) && value.ValueKind == kind;
        return Has("v1", JsonValueKind.Object) && Has("v2", JsonValueKind.Object) && Has("per_codec", JsonValueKind.Object)
               && Has("verdict", JsonValueKind.String)
            ? ReportKind.Comparison
            : null;
    }

    private static char FirstNonSpace(byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            // A UTF-8 byte order mark's bytes are not text either.
            if (!char.IsWhiteSpace((char)b) && b is not (0xEF or 0xBB or 0xBF))
            {
                return (char)b;
            }
        }

        return '\0';
    }
}
