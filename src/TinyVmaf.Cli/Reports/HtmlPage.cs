using System.Globalization;
using System.Net;
using System.Text;

namespace TinyVmaf.Cli.Reports;

/// <summary>
/// A self-contained HTML page: styles inline, pictures as <c>data:</c> URIs, no script and nothing fetched when
/// it is opened, so it can be mailed or archived as one file. Every text is HTML-encoded.
/// </summary>
internal sealed class HtmlPage
{
    private const string Style = """
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; }
        h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        .sub { color: #666; margin-top: 0; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
        th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #eee; white-space: nowrap; }
        th { text-align: left; background: #f6f6f6; }
        th.group { text-align: center; border-bottom: 1px solid #ccc; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.facts th { background: none; font-weight: normal; color: #666; }
        img.chart { max-width: 100%; height: auto; display: block; margin: 0.6em 0; }
        .grid { display: flex; flex-wrap: wrap; gap: 8px; }
        .grid img.chart { max-width: 440px; margin: 0; }
        .verdict { display: inline-block; padding: 0.15em 0.6em; border-radius: 0.3em; font-weight: bold; }
        .ship { background: #d8f3dc; color: #1b4332; }
        .no-ship { background: #ffe8cc; color: #7a3e00; }
        .note { color: #666; font-size: 0.9em; }
        details summary { cursor: pointer; color: #444; }
        """;

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlPage(string title) => _title = title;

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number for a table: fixed decimals, or a dash where the metric is undefined.</summary>
    public static string Number(double value, string format = "F4")
        => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Number(double? value, string format = "F4") => value is { } v ? Number(v, format) : "–";

    public HtmlPage Heading(string text, string? subtitle = null)
    {
        _body.Append("<h1>").Append(Encode(text)).Append("</h1>\n");
        if (subtitle is not null)
        {
            _body.Append("<p class=\"sub\">").Append(Encode(subtitle)).Append("</p>\n");
        }

        return this;
    }

    public HtmlPage Section(string text)
    {
        _body.Append("<h2>").Append(Encode(text)).Append("</h2>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A paragraph of already-encoded HTML: only for markup this class builds itself.</summary>
    public HtmlPage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    /// <summary>Name–value pairs, one per row.</summary>
    public HtmlPage Facts(IEnumerable<KeyValuePair<string, string>> facts)
    {
        _body.Append("<table class=\"facts\">\n");
        foreach (var (name, value) in facts)
        {
            _body.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    /// <summary>
    /// A table; cells that parse as numbers (or are a dash) are right-aligned. <paramref name="groups"/>, when
    /// given, is a header row above <paramref name="headers"/>, each label spanning that many columns.
    /// </summary>
    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null,
        IReadOnlyList<(string Label, int Span)>? groups = null)
    {
        _body.Append(id is null ? "<table>\n" : $"<table id=\"{Encode(id)}\">\n");
        if (groups is not null)
        {
            _body.Append("<tr>");
            foreach (var (label, span) in groups)
            {
                _body.Append($"<th colspan=\"{span}\" class=\"group\">").Append(Encode(label)).Append("</th>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("<tr>");
        foreach (string header in headers)
        {
            _body.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (string cell in row)
            {
                bool numeric = cell == "–" || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                _body.Append(numeric ? "<td class=\"num\">" : "<td>").Append(Encode(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</table>\n");
        return this;
    }

    public HtmlPage Image(ChartImage chart)
    {
        _body.Append(ImageTag(chart)).Append('\n');
        return this;
    }

    /// <summary>Pictures side by side, wrapping to the page's width.</summary>
    public HtmlPage Gallery(IEnumerable<ChartImage> charts)
    {
        _body.Append("<div class=\"grid\">\n");
        foreach (var chart in charts)
        {
            _body.Append(ImageTag(chart)).Append('\n');
        }

        _body.Append("</div>\n");
        return this;
    }

    public override string ToString()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(_title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append(_body)
            .Append("<p class=\"note\">Made by tinyvmaf report. Plots by ScottPlot.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string ImageTag(ChartImage chart)
        => $"<img class=\"chart\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"{Encode(chart.Alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(chart.Png)}\">";
}
