using System.CommandLine;
using System.Text;
using TinyVmaf.Cli.Reports;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf report</c>: a score log or a compare report as one self-contained HTML page with plots, to open in
/// a browser or mail as it is.
/// </summary>
internal sealed class ReportCommand : Command
{
    private readonly Argument<string> _input = new("input")
    {
        Description = "A score log (libvmaf JSON: score -o log.json, or libvmaf's own) or a compare report (JSON)",
    };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "The HTML page to write. Default: the input's path with .html" };

    private readonly Option<string?> _metric = new("--metric")
    {
        Description = "For a log: the per-frame metric to plot. Default: the log's model (score logs), else vmaf",
    };

    public ReportCommand()
        : base("report", "Render a score log or a compare report as a self-contained HTML page with plots")
    {
        Arguments.Add(_input);
        Options.Add(_output);
        Options.Add(_metric);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, _) => Run(parse, stdout, stderr), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        string input = parse.GetRequiredValue(_input);
        string output = parse.GetValue(_output) ?? Path.ChangeExtension(input, ".html");
        if (string.Equals(Path.GetFullPath(output), Path.GetFullPath(input), StringComparison.Ordinal))
        {
            throw new ArgumentException($"the report would overwrite its input {input}; name another with --output");
        }

        var report = ReportRenderer.Render(input, parse.GetValue(_metric));
        foreach (string warning in report.Warnings)
        {
            stderr.WriteLine($"tinyvmaf: warning: {warning}");
        }

        AtomicFile.Write(output, stream => stream.Write(new UTF8Encoding(false).GetBytes(report.Html)));
        stdout.WriteLine($"{(report.Kind == ReportKind.ScoreLog ? "score log" : "compare report")} → {output}");
        return CliRun.Ok;
    }
}
