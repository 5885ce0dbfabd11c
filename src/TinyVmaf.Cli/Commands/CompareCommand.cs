using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf compare</c>: the codec-blind v1 against the codec-aware v2 on the same leave-one-source-out folds
/// and seeds, the zero-shot vmaf baseline beside them, and the ship verdict on v2's lift.
/// </summary>
internal sealed class CompareCommand : Command
{
    private readonly TrainingOptions _training = new();

    private readonly Option<string> _output = new("--output", "-o") { Description = "The report (JSON)", Required = true };

    public CompareCommand()
        : base("compare", "Compare v1 (codec-blind) and v2 (codec-aware) by leave-one-source-out or leave-one-dataset-out, beside zero-shot VMAF, and decide whether v2 ships")
    {
        foreach (var option in _training.All)
        {
            Options.Add(option);
        }

        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) => Run(parse, stdout, stderr, c), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (_training.IsAnchored(parse))
        {
            return AnchoredRuns.Compare(parse, _training, parse.GetRequiredValue(_output), stdout, stderr, cancel);
        }

        var (corpus, data) = _training.Load(parse);
        bool byDataset = _training.HoldsOutDatasets(parse, corpus);
        var (blind, aware, pretrained) = _training.PretrainModels(parse, data, variance: false, stderr);
        int seeds = parse.GetValue(_training.Seeds);
        ComparisonReport report;
        using (var progress = ProgressLine.ForTerminal(stderr, "fold trainings", 2 * seeds * data.Dataset.DistinctSources.Count))
        {
            report = Comparison.Run(data.Dataset, new LosoOptions
            {
                Regressor = _training.Regressor(parse),
                Seeds = seeds,
                BaseSeed = parse.GetValue(_training.Seed),
                Level = data.Level,
                FoldsAreDatasets = byDataset,
                WarmStartCodecBlind = blind,
                WarmStartCodecAware = aware,
                Progress = progress is null ? null : new Progress<LosoProgress>(p => progress.Report(p.Completed)),
            }, data.BaselineVmaf, cancel);
        }

        var json = JsonSerializer.SerializeToNode(report, ReportJson.Default.ComparisonReport)!.AsObject();
        json.Insert(0, "corpus", Path.GetFileName(parse.GetRequiredValue(_training.Corpus)));
        json.Insert(1, "target", data.Target);
        json.Insert(2, "holdout", byDataset ? "dataset" : "source");
        json.Insert(3, "excluded_units", data.UnitsExcluded);
        json.Insert(4, "epochs", parse.GetValue(_training.Epochs));
        json.Insert(5, "pretrain", pretrained);
        string output = parse.GetRequiredValue(_output);
        AtomicFile.Write(output, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteTo(writer);
        });

        WriteSummary(stdout, report, data.Target, data.UnitsExcluded, pretrained, byDataset);
        stdout.WriteLine($"report → {output}");
        return CliRun.Ok;
    }

    internal static void WriteSummary(TextWriter stdout, ComparisonReport report, string target, int excluded, string? pretrained, bool byDataset = false)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"{(byDataset ? "leave-one-dataset-out" : "LOSO")} on {report.Sources} {(byDataset ? "datasets" : "sources")}, {report.Points} {(report.Level == "unit" ? "videos" : "frames")} ({report.Rows} rows), target {target}, {report.Seeds} seeds, features: {string.Join(",", report.Features)}"));
        if (excluded > 0)
        {
            stdout.WriteLine($"left out: {excluded} videos (--exclude)");
        }

        if (pretrained is not null)
        {
            stdout.WriteLine($"pretrained on {pretrained}");
        }

        stdout.WriteLine($"{"",-14} {"PLCC",8} {"SROCC",8} {"KROCC",8} {"RMSE",8} {"PLCC-log",9}");
        void Row(string name, MetricSet m, MetricSet? spread = null) => stdout.WriteLine(string.Create(c,
            $"{name,-14} {m.Plcc,8:F4} {m.Srocc,8:F4} {m.Krocc,8:F4} {m.Rmse,8:F3} {m.PlccLogistic,9:F4}{(spread is null ? "" : $"   (PLCC ± {spread.Plcc:F4} over seeds)")}"));
        Row("v1 (blind)", report.V1.Loso, report.V1.LosoStd);
        Row("v2 (codec)", report.V2.Loso, report.V2.LosoStd);
        if (report.BaselineVmaf is { } baseline)
        {
            Row("vmaf (0-shot)", baseline);
        }

        foreach (var (codec, row) in report.PerCodec)
        {
            stdout.WriteLine(string.Create(c, $"  {codec,-12} n={row.Count,-5} v1 {row.V1.Plcc:F4}  v2 {row.V2.Plcc:F4}  lift {row.LiftPlcc:+0.0000;-0.0000}{(row.BaselineVmaf is { } b ? $"  vmaf {b.Plcc:F4}" : "")}"));
        }

        stdout.WriteLine(string.Create(c, $"lift (v2 − v1) PLCC: {report.LiftPlcc:+0.0000;-0.0000} ± {report.LiftPlccStd:F4}"));
        stdout.WriteLine($"verdict: {report.Verdict} ({report.VerdictReason})");
    }
}
