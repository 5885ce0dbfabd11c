using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TinyVmaf.Scoring.Models;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Evaluation;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf evaluate</c>: how good a model is on a subjective test, beside that test's own VMAF.</summary>
internal sealed class EvaluateCommand : Command
{
    private readonly Option<string> _corpus = new("--corpus", "-c")
    {
        Description = "A parquet corpus with opinion scores (mos), e.g. from corpus import --mos-scale 1:5",
        Required = true,
    };

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "A shipped model's id (models/registry.json), or a path to an .onnx, its sidecar, or their folder; default: the registry's default, as score uses",
    };

    private readonly Option<string> _codecFrom = new("--codec-from")
    {
        Description = "For a codec-aware model: the corpus's codec column (corpus), or unknown for every video (unknown)",
        DefaultValueFactory = _ => "corpus",
    };

    private readonly Option<string> _output = new("--output", "-o") { Description = "The report (JSON) to write, atomically", Required = true };

    public EvaluateCommand()
        : base("evaluate", "Run a model on every frame of a corpus, pool per video (mean), and measure it against the corpus's MOS beside the corpus's own VMAF: PLCC, SROCC, KROCC, RMSE, logistic PLCC, pooled, per codec and per dataset")
    {
        _codecFrom.AcceptOnlyFromAmong("corpus", "unknown");
        Options.Add(_corpus);
        Options.Add(_model);
        Options.Add(_codecFrom);
        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            string corpusPath = parse.GetRequiredValue(_corpus);
            var corpus = CorpusTable.ReadAsync(corpusPath, c).GetAwaiter().GetResult();
            using var model = RegressorModel.Load(ShippedModels.Resolve(parse.GetValue(_model)));
            CliRun.NoticeIfUnregistered(stderr, model.Id, model.OnnxPath, model.Sha256, model.IsRegistered);
            var codecFrom = parse.GetValue(_codecFrom) == "unknown" ? CodecSource.Unknown : CodecSource.Corpus;
            var report = CorpusEvaluator.Evaluate(corpus, corpusPath, model, codecFrom);

            string output = parse.GetRequiredValue(_output);
            AtomicFile.Write(output, stream => JsonSerializer.Serialize(stream, report, (JsonTypeInfo<EvaluationReport>)JsonOptions.GetTypeInfo(typeof(EvaluationReport))));
            WriteSummary(stdout, report);
            stdout.WriteLine($"report → {output}");
            return CliRun.Ok;
        }, cancel));
    }

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ReportJson.Default,
    };

    internal static void WriteSummary(TextWriter stdout, EvaluationReport report)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{report.ModelId} on {report.Corpus}: {report.Videos} videos ({report.Frames} frames), label {report.Label}, codec {report.CodecFrom}");
        stdout.WriteLine(string.Create(c, $"{"",-16} {"n",5}   {"model PLCC",10} {"SROCC",6} {"RMSE",6}   {"vmaf PLCC",10} {"SROCC",6} {"RMSE",6}"));
        void Row(string name, int n, MetricSet model, MetricSet? vmaf) =>
            stdout.WriteLine(string.Create(c,
                $"{name,-16} {n,5}   {Number(model.Plcc),10} {Number(model.Srocc),6} {Number(model.Rmse, "F2"),6}   {Number(vmaf?.Plcc),10} {Number(vmaf?.Srocc),6} {Number(vmaf?.Rmse, "F2"),6}"));
        foreach (var (dataset, group) in report.PerDataset)
        {
            Row(dataset.Length == 0 ? "(unnamed)" : dataset, group.Count, group.Model, group.BaselineVmaf);
        }

        Row("pooled", report.Videos, report.Model, report.BaselineVmaf);
        foreach (string note in report.Notes)
        {
            stdout.WriteLine($"note: {note}");
        }
    }

    private static string Number(double? value, string format = "F3") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
