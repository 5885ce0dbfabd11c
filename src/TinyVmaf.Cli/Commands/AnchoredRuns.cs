using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Cards;
using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>compare</c> and <c>train</c> with <c>--family anchored</c>: leave-one-dataset-out, the gates, the export.</summary>
internal static class AnchoredRuns
{
    public static int Compare(ParseResult parse, TrainingOptions training, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var (_, videos, model, anchor, excluded) = training.LoadAnchored(parse);
        var report = Holdout(parse, training, videos, model, stderr, cancel);
        var json = JsonSerializer.SerializeToNode(report, ReportJson.Default.DatasetHoldoutReport)!.AsObject();
        json.Insert(0, "corpus", Path.GetFileName(parse.GetRequiredValue(training.Corpus)));
        json.Insert(1, "target", "mos");
        json.Insert(2, "anchor", Path.GetFileName(anchor.Path));
        json.Insert(3, "excluded_units", excluded);
        AtomicFile.Write(output, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteTo(writer);
        });
        WriteSummary(stdout, report, excluded);
        stdout.WriteLine($"report → {output}");
        return CliRun.Ok;
    }

    /// <summary>
    /// Evaluates leave-one-dataset-out, gates the architecture asked for (v1: beats zero-shot VMAF on every held-out
    /// dataset in PLCC and SROCC; v2: that, and its lift over v1), fits it on every video and writes the package,
    /// registered only when it ships.
    /// </summary>
    public static int Train(ParseResult parse, TrainingOptions training, bool codecAware, string id, bool setDefault, string folder,
        TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var (_, videos, model, anchor, excluded) = training.LoadAnchored(parse);
        var report = Holdout(parse, training, videos, model, stderr, cancel);
        WriteSummary(stdout, report, excluded);
        var verdict = codecAware
            ? (report.V2BeatsVmaf.Ships && report.Verdict == ShipGate.Ship
                ? new GateVerdict(ShipGate.Ship, $"{report.V2BeatsVmaf.Reason}; lift over v1: {report.VerdictReason}")
                : new GateVerdict(ShipGate.NoShip, report.V2BeatsVmaf.Ships ? $"lift over v1: {report.VerdictReason}" : report.V2BeatsVmaf.Reason))
            : report.V1BeatsVmaf;

        stderr.WriteLine($"tinyvmaf: fitting {id} on all {videos.Count} videos ...");
        var fit = AnchoredMosTrainer.Fit(videos, model with { CodecAware = codecAware });
        var datasets = videos.GroupBy(v => v.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        var card = new ModelCard
        {
            Id = id,
            Onnx = id + ".onnx",
            InputNames = [],
            OutputNames = [],
            FeatureOrder = ["-"],
            FeatureMean = [0],
            FeatureStd = [1],
            Target = "mos",
            TargetScale = [0, 100],
            Training = new JsonObject
            {
                ["corpus"] = Path.GetFileName(parse.GetRequiredValue(training.Corpus)),
                ["videos"] = videos.Count,
                ["datasets"] = new JsonObject(datasets.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject
                {
                    ["videos"] = g.Count(),
                    ["sources"] = g.Select(v => v.Source).Distinct().Count(),
                    ["intercept"] = fit.PerDataset[g.Key].Intercept,
                    ["slope"] = fit.PerDataset[g.Key].Slope,
                }))),
                ["excluded_units"] = excluded,
                ["ridge"] = model.Ridge,
                ["min_codec_videos"] = model.MinCodecVideos,
                ["codec_fallback"] = "x264, libvpx-vp9 → x265; libvvenc ↔ libsvtav1; otherwise (and unknown without data) the video-weighted mean offset",
                ["command"] = "tinyvmaf " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
            },
            Evaluation = JsonSerializer.SerializeToNode(report with { Predictions = [] }, ReportJson.Default.DatasetHoldoutReport)!.AsObject(),
            Verdict = verdict.Verdict,
            Gate = new JsonObject { ["verdict"] = verdict.Verdict, ["reason"] = verdict.Reason },
        };
        var written = AnchoredMosPackage.Write(folder, new AnchoredMos(anchor, fit.Parameters), card, register: verdict.Ships);
        if (verdict.Ships && setDefault && written.RegistryPath is { } registryPath)
        {
            var registry = ModelRegistry.Read(registryPath);
            var extra = registry.Extra is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(registry.Extra);
            extra["default"] = JsonSerializer.SerializeToElement(id, ReportJson.Default.String);
            (registry with { Extra = extra }).Write(registryPath);
        }

        stdout.WriteLine($"gate: {verdict.Verdict} ({verdict.Reason})");
        stdout.WriteLine($"{written.OnnxPath} (sha256 {written.Sha256})");
        stdout.WriteLine(verdict.Ships ? $"registered in {written.RegistryPath}{(setDefault ? " as the default" : "")}" : "not registered: it did not pass its gate");
        return CliRun.Ok;
    }

    private static DatasetHoldoutReport Holdout(ParseResult parse, TrainingOptions training, IReadOnlyList<OpinionVideo> videos,
        AnchoredMosOptions model, TextWriter stderr, CancellationToken cancel)
    {
        int seeds = parse.GetValue(training.Seeds);
        int datasets = videos.Select(v => v.Dataset).Distinct().Count();
        using var progress = ProgressLine.ForTerminal(stderr, "fits", datasets * 2 * (seeds + 1));
        return DatasetHoldout.Run(videos, new DatasetHoldoutOptions
        {
            Model = model,
            Seeds = seeds,
            BaseSeed = parse.GetValue(training.Seed),
            Progress = progress is null ? null : new Progress<int>(progress.Report),
        }, cancel);
    }

    internal static void WriteSummary(TextWriter stdout, DatasetHoldoutReport report, int excluded)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c,
            $"leave-one-dataset-out, anchored on VMAF, corrections {string.Join(",", report.Corrections)}: {report.Videos} videos, {report.PerDataset.Count} datasets, {report.Seeds} bootstrap seeds"));
        if (excluded > 0)
            stdout.WriteLine($"left out: {excluded} videos (--exclude)");
        stdout.WriteLine($"{"held out",-12} {"n",4}  {"v1 PLCC",8} {"SROCC",7}  {"v2 PLCC",8} {"SROCC",7}  {"vmaf PLCC",9} {"SROCC",7}");
        foreach (var d in report.PerDataset)
        {
            stdout.WriteLine(string.Create(c,
                $"{d.Dataset,-12} {d.Videos,4}  {d.V1.Full.Plcc,8:F4} {d.V1.Full.Srocc,7:F4}  {d.V2.Full.Plcc,8:F4} {d.V2.Full.Srocc,7:F4}  {d.BaselineVmaf?.Plcc ?? double.NaN,9:F4} {d.BaselineVmaf?.Srocc ?? double.NaN,7:F4}"));
        }
        var p = report.Pooled;
        stdout.WriteLine(string.Create(c,
            $"{"pooled",-12} {report.Videos,4}  {p.V1.Plcc,8:F4} {p.V1.Srocc,7:F4}  {p.V2.Plcc,8:F4} {p.V2.Srocc,7:F4}  {p.BaselineVmaf?.Plcc ?? double.NaN,9:F4} {p.BaselineVmaf?.Srocc ?? double.NaN,7:F4}"));
        stdout.WriteLine(string.Create(c, $"lift (v2 − v1) PLCC, mean over held-out datasets: {report.LiftPlcc:+0.0000;-0.0000} ± {report.LiftPlccStd:F4}"));
        stdout.WriteLine($"v2 verdict: {report.Verdict} ({report.VerdictReason})");
        stdout.WriteLine($"v1 against VMAF: {report.V1BeatsVmaf.Verdict} ({report.V1BeatsVmaf.Reason})");
        stdout.WriteLine($"v2 against VMAF: {report.V2BeatsVmaf.Verdict} ({report.V2BeatsVmaf.Reason})");
    }
}
