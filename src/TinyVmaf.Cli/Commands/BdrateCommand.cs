using System.CommandLine;
using System.Globalization;
using System.Text;
using TinyVmaf.Scoring.Rate;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf bdrate</c>: the Bjøntegaard delta rate and delta score of a test codec's rate–quality curve against
/// an anchor's, from two tables (bitrate_kbps and a score) or two <c>score</c> summaries.
/// </summary>
internal sealed class BdrateCommand : Command
{
    private readonly Option<string> _anchor = new("--anchor")
    {
        Description = "The anchor's curve: CSV or NDJSON with bitrate_kbps and the metric's column (or 'score'), e.g. a score summary",
        Required = true,
    };

    private readonly Option<string> _test = new("--test") { Description = "The test's curve, as --anchor", Required = true };

    private readonly Option<string> _metric = MetricOption();

    private readonly Option<string> _interp = InterpOption();

    private readonly Option<string> _format = new("--format")
    {
        Description = "text (for people) or json (the deltas, the ranges and both curves' points; report draws it)",
        DefaultValueFactory = _ => "text",
    };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "File to write (default: stdout)" };

    public BdrateCommand()
        : base("bdrate", "Bjøntegaard delta rate (VCEG-M33) and delta score between two rate–quality curves")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_anchor);
        Options.Add(_test);
        Options.Add(_metric);
        Options.Add(_interp);
        Options.Add(_format);
        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, _, _) => Run(parse, stdout), cancel));
    }

    /// <summary>The score column to read; shared with <c>report</c>.</summary>
    internal static Option<string> MetricOption() => new("--metric")
    {
        Description = "The score to compare: vmaf, mos, or any column of the tables (psnr_y, …); a 'score' column serves any",
        DefaultValueFactory = _ => "vmaf",
    };

    /// <summary>How curves become functions; shared with <c>report</c>.</summary>
    internal static Option<string> InterpOption()
    {
        var option = new Option<string>("--interp")
        {
            Description = "cubic: VCEG-M33's least-squares cubic (4+ points); pchip: piecewise cubic Hermite, as JVET and AOM test conditions use (2+ points)",
            DefaultValueFactory = _ => "cubic",
        };
        option.AcceptOnlyFromAmong("cubic", "pchip");
        return option;
    }

    /// <summary>Reads both curves and computes their deltas: what bdrate prints and report draws.</summary>
    internal static BdResult Compute(string anchor, string test, string metric, string interp) =>
        Bjontegaard.Compute(RateCurveFile.Read(anchor, metric), RateCurveFile.Read(test, metric), BdResultJson.ParseInterpolation(interp));

    /// <summary>The result for people: each curve, then the two deltas and the ranges they average over.</summary>
    internal static string Text(BdResult result, string metric)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        foreach (var (role, curve) in new[] { ("anchor", result.Anchor), ("test", result.Test) })
        {
            var rates = curve.Points.Select(p => p.BitrateKbps).ToArray();
            var scores = curve.Points.Select(p => p.Score).ToArray();
            text.Append(c, $"{role + ":",-8}{curve.Label} ({curve.Source}): {curve.Points.Count} points, {rates.Min():0.###}..{rates.Max():0.###} kbps, {metric} {scores.Min():0.###}..{scores.Max():0.###}\n");
        }

        string method = result.Interpolation == BdInterpolation.Cubic ? "cubic, VCEG-M33" : "pchip";
        string direction = result.BdRatePercent <= 0 ? "fewer" : "more";
        text.Append(c, $"BD-rate: {result.BdRatePercent:+0.00;-0.00;0.00} %  ({method}; over {metric} {result.ScoreLow:0.###}..{result.ScoreHigh:0.###}: the test needs {Math.Abs(result.BdRatePercent):0.00} % {direction} bits for the same {metric})\n");
        text.Append(c, $"BD-{metric}: {result.BdScore:+0.000;-0.000;0.000}  (over {result.BitrateLowKbps:0.###}..{result.BitrateHighKbps:0.###} kbps: the test's mean {metric} difference at equal bitrate)\n");
        return text.ToString();
    }

    private int Run(ParseResult parse, TextWriter stdout)
    {
        string metric = parse.GetRequiredValue(_metric);
        var result = Compute(parse.GetRequiredValue(_anchor), parse.GetRequiredValue(_test), metric, parse.GetRequiredValue(_interp));
        bool json = parse.GetRequiredValue(_format) == "json";
        using var buffer = new MemoryStream();
        if (json)
        {
            BdResultJson.Write(buffer, result, metric);
            buffer.WriteByte((byte)'\n');
        }
        else
        {
            buffer.Write(new UTF8Encoding(false).GetBytes(Text(result, metric)));
        }

        string? output = parse.GetValue(_output);
        if (output is null)
        {
            stdout.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            AtomicFile.Write(output, stream => buffer.WriteTo(stream));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BD-rate {result.BdRatePercent:+0.00;-0.00;0.00} %, BD-{metric} {result.BdScore:+0.000;-0.000;0.000} → {output}"));
        }

        return CliRun.Ok;
    }
}
