using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyVmaf.Corpus;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Cli.Commands;

/// <summary>
/// <c>tinyvmaf train</c>: leave-one-source-out evaluation, the ship gate, then a fit on every row, exported as
/// ONNX with its sidecar, and registered (sha256-pinned) only when the gate says ship.
/// </summary>
internal sealed class TrainCommand : Command
{
    private readonly TrainingOptions _training = new();

    private readonly Option<string> _arch = new("--arch") { Description = "v1 (codec-blind) or v2 (codec-aware)", Required = true };

    private readonly Option<bool> _variance = new("--variance") { Description = "Add a log-variance head (Gaussian NLL): scores come with a confidence interval" };

    private readonly Option<string?> _id = new("--id") { Description = "Model id (default: fr_regressor_v1 or fr_regressor_v2_codec_aware; anchored: fr_mos_v1 or fr_mos_v2_codec_aware)" };

    private readonly Option<bool> _setDefault = new("--set-default") { Description = "Make it the registry's default model when it ships" };

    private readonly Option<string> _output = new("--output", "-o") { Description = "Folder for <id>.onnx, <id>.json and registry.json", Required = true };

    public TrainCommand()
        : base("train", "Evaluate by leave-one-source-out, gate, then train on every row and export ONNX + sidecar + registry entry")
    {
        _arch.AcceptOnlyFromAmong("v1", "v2");
        foreach (var option in _training.All)
        {
            Options.Add(option);
        }

        Options.Add(_arch);
        Options.Add(_variance);
        Options.Add(_id);
        Options.Add(_setDefault);
        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) => Run(parse, stdout, stderr, c), cancel));
    }

    private int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        bool codecAware = parse.GetRequiredValue(_arch) == "v2";
        bool variance = parse.GetValue(_variance);
        if (_training.IsAnchored(parse))
        {
            if (variance)
            {
                throw new ArgumentException("--variance is for the mlp family; the anchored model has no variance head");
            }

            return AnchoredRuns.Train(parse, _training, codecAware, parse.GetValue(_id) ?? (codecAware ? "fr_mos_v2_codec_aware" : "fr_mos_v1"),
                parse.GetValue(_setDefault), parse.GetRequiredValue(_output), stdout, stderr, cancel);
        }

        string id = parse.GetValue(_id) ?? (codecAware ? "fr_regressor_v2_codec_aware" : "fr_regressor_v1");
        var (corpus, data) = _training.Load(parse);
        var (blind, aware, pretrained) = _training.PretrainModels(parse, data, variance, stderr);
        var regressor = _training.Regressor(parse, variance);
        int seeds = parse.GetValue(_training.Seeds);
        ulong seed = parse.GetValue(_training.Seed);
        var losoOptions = new LosoOptions
        {
            Regressor = regressor,
            Seeds = seeds,
            BaseSeed = seed,
            Level = data.Level,
            FoldsAreDatasets = _training.HoldsOutDatasets(parse, corpus),
            WarmStartCodecBlind = blind,
            WarmStartCodecAware = aware,
        };

        // v2 is judged against v1 on the same folds; v1 against the teacher (vmaf target) or against zero-shot
        // vmaf (opinion scores), the baseline it exists to beat.
        JsonNode evaluation;
        MetricSet loso;
        GateVerdict verdict;
        using (var progress = ProgressLine.ForTerminal(stderr, "fold trainings", (codecAware ? 2 : 1) * seeds * data.Dataset.DistinctSources.Count))
        {
            losoOptions = losoOptions with { Progress = progress is null ? null : new Progress<LosoProgress>(p => progress.Report(p.Completed)) };
            if (codecAware)
            {
                var report = Comparison.Run(data.Dataset, losoOptions, data.BaselineVmaf, cancel);
                evaluation = JsonSerializer.SerializeToNode(report, ReportJson.Default.ComparisonReport)!;
                loso = report.V2.Loso;
                verdict = new GateVerdict(report.Verdict, report.VerdictReason);
                if (data.Target == CorpusColumns.Vmaf && verdict.Ships && !ShipGate.Teacher(loso.Plcc).Ships)
                {
                    verdict = ShipGate.Teacher(loso.Plcc);
                }

                CompareCommand.WriteSummary(stdout, report, data.Target, data.UnitsExcluded, pretrained);
            }
            else
            {
                var report = Loso.Run(data.Dataset, codecAware: false, losoOptions, cancel);
                evaluation = JsonSerializer.SerializeToNode(report, ReportJson.Default.LosoReport)!;
                loso = report.Summary.Loso;
                MetricSet? baseline = data.BaselineVmaf is { } b ? BaselineMetrics(data, b) : null;
                if (baseline is not null)
                {
                    evaluation["baseline_vmaf"] = JsonSerializer.SerializeToNode(baseline, ReportJson.Default.MetricSet);
                }

                verdict = data.Target == CorpusColumns.Vmaf ? ShipGate.Teacher(loso.Plcc) : ShipGate.BeatsBaseline(loso.Plcc, baseline?.Plcc);
                string versus = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; zero-shot vmaf PLCC {baseline.Plcc:F4}");
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"v1 LOSO: PLCC {loso.Plcc:F4}, SROCC {loso.Srocc:F4}, KROCC {loso.Krocc:F4}, RMSE {loso.Rmse:F3} ({report.Folds.Count} sources, {seeds} seeds){versus}"));
            }
        }

        stderr.WriteLine($"tinyvmaf: fitting {id} on all {data.Dataset.RowCount} rows ...");
        var final = FrRegressor.Train(data.Dataset.Features, data.Dataset.FeatureCount, data.Dataset.Labels, data.Dataset.Codecs, codecAware,
            regressor with { Seed = seed }, codecAware ? aware : blind);
        var card = new ModelCard
        {
            Id = id,
            Onnx = id + ".onnx",
            InputNames = [],
            OutputNames = [],
            FeatureOrder = data.Dataset.FeatureNames,
            FeatureMean = final.FeatureMean.Select(v => (double)v).ToArray(),
            FeatureStd = final.FeatureStd.Select(v => (double)v).ToArray(),
            CodecVocab = codecAware ? CodecVocabulary.Names : null,
            CodecVocabVersion = codecAware ? CodecVocabulary.Version : null,
            Target = data.Target,
            TargetScale = [0, 100],
            Training = new JsonObject
            {
                ["corpus"] = Path.GetFileName(parse.GetRequiredValue(_training.Corpus)),
                ["rows"] = data.Dataset.RowCount,
                ["units"] = data.Dataset.UnitCount,
                ["sources"] = new JsonArray(data.Dataset.DistinctSources.Select(s => (JsonNode?)s).ToArray()),
                ["excluded_units"] = data.UnitsExcluded,
                ["frame_step"] = parse.GetValue(_training.FrameStep),
                ["pretrain"] = pretrained,
                ["hidden"] = regressor.Hidden,
                ["depth"] = regressor.Depth,
                ["dropout"] = regressor.Dropout,
                ["epochs"] = regressor.Epochs,
                ["batch_size"] = regressor.BatchSize,
                ["learning_rate"] = regressor.LearningRate,
                ["weight_decay"] = regressor.WeightDecay,
                ["seed"] = seed,
                ["command"] = "tinyvmaf " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            },
            Evaluation = evaluation.AsObject(),
            Verdict = verdict.Verdict,
            Gate = new JsonObject { ["verdict"] = verdict.Verdict, ["reason"] = verdict.Reason },
        };
        var written = ModelPackage.Write(parse.GetRequiredValue(_output), final.Weights, codecAware, card, register: verdict.Ships);
        if (verdict.Ships && parse.GetValue(_setDefault) && written.RegistryPath is { } registryPath)
        {
            var registry = ModelRegistry.Read(registryPath);
            var extra = registry.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(registry.Extra);
            extra["default"] = JsonSerializer.SerializeToElement(id, ReportJson.Default.String);
            (registry with { Extra = extra }).Write(registryPath);
        }

        stdout.WriteLine($"gate: {verdict.Verdict} ({verdict.Reason})");
        stdout.WriteLine($"{written.OnnxPath} (sha256 {written.Sha256})");
        stdout.WriteLine(verdict.Ships ? $"registered in {written.RegistryPath}" : "not registered: it did not pass its gate");
        return CliRun.Ok;
    }

    private static MetricSet BaselineMetrics(Corpus.Training.TrainingData data, double[] baseline)
    {
        var groups = EvaluationGroups.Build(data.Dataset, data.Level);
        return groups.Evaluate(groups.Aggregate(baseline)).Pooled;
    }
}
