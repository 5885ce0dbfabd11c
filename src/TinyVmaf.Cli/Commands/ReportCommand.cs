using System.CommandLine;
using System.Text;
using TinyVmaf.Cli.Reports;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf report</c>: a score log, a compare report or a BD-rate comparison as one self-contained HTML page
/// with plots, to open in a browser or mail as it is.
/// </summary>
internal sealed class ReportCommand : Command
{
    private readonly Argument<string?> _input = new("input")
    {
        Description = "A score log (libvmaf JSON: score -o log.json, or libvmaf's own), a compare report (JSON) or a BD-rate result (bdrate --format json)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _anchor = new("--anchor") { Description = "Instead of INPUT: the anchor's rate–quality table, as for bdrate" };

    private readonly Option<string?> _test = new("--test") { Description = "With --anchor: the test's rate–quality table" };

    private readonly Option<string?> _interp = new("--interp") { Description = "With --anchor/--test: cubic (default) or pchip, as for bdrate" };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "The HTML page to write. Default: the input's path with .html" };

    private readonly Option<string?> _metric = new("--metric")
    {
        Description = "For a log: the per-frame metric to plot. Default: the log's model (score logs), else vmaf. With --anchor/--test: the score to compare (default vmaf)",
    };

    public ReportCommand()
        : base("report", "Render a score log, a compare report or a BD-rate comparison as a self-contained HTML page with plots")
    {
        _interp.AcceptOnlyFromAmong("cubic", "pchip");
        Arguments.Add(_input);
        Options.Add(_output);
        Options.Add(_metric);
        Options.Add(_anchor);
        Options.Add(_test);
        Options.Add(_interp);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, _) => Run(parse, stdout, stderr), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        string? input = parse.GetValue(_input);
        string? anchor = parse.GetValue(_anchor), test = parse.GetValue(_test);
        if (input is not null == (anchor is not null || test is not null))
        {
            throw new ArgumentException("give either INPUT (a log, a compare report or a BD-rate result) or --anchor and --test, not both and not neither");
        }

        if (input is null && (anchor is null || test is null))
        {
            throw new ArgumentException($"--anchor and --test go together; {(anchor is null ? "--anchor" : "--test")} is missing");
        }

        if (input is not null && parse.GetValue(_interp) is not null)
        {
            throw new ArgumentException("--interp applies to --anchor/--test; a BD-rate result keeps the interpolation it was computed with");
        }

        string output = parse.GetValue(_output) ?? Path.ChangeExtension(input ?? test!, ".html");
        foreach (string source in new[] { input, anchor, test }.OfType<string>())
        {
            if (string.Equals(Path.GetFullPath(output), Path.GetFullPath(source), StringComparison.Ordinal))
            {
                throw new ArgumentException($"the report would overwrite its input {source}; name another with --output");
            }
        }

        string? metric = parse.GetValue(_metric);
        var report = input is not null
            ? ReportRenderer.Render(input, metric)
            : ReportRenderer.RenderBdRate(BdrateCommand.Compute(anchor!, test!, metric ?? "vmaf", parse.GetValue(_interp) ?? "cubic"), metric ?? "vmaf");
        foreach (string warning in report.Warnings)
        {
            stderr.WriteLine($"tinyvmaf: warning: {warning}");
        }

        AtomicFile.Write(output, stream => stream.Write(new UTF8Encoding(false).GetBytes(report.Html)));
        string kind = report.Kind switch
        {
            ReportKind.ScoreLog => "score log",
            ReportKind.Comparison => "compare report",
            _ => "BD-rate",
        };
        stdout.WriteLine($"{kind} → {output}");
        return CliRun.Ok;
    }
}
