using System.Text.Json.Serialization;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// The codec-blind v1 against the codec-aware v2, trained on the same folds with the same seeds, and the
/// ship verdict on v2's lift.
/// </summary>
public sealed record ComparisonReport(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("seeds")] int Seeds,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("points")] int Points,
    [property: JsonPropertyName("sources")] int Sources,
    [property: JsonPropertyName("v1")] ArchSummary V1,
    [property: JsonPropertyName("v2")] ArchSummary V2,
    [property: JsonPropertyName("lift_plcc"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlcc,
    [property: JsonPropertyName("lift_plcc_std"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlccStd,
    [property: JsonPropertyName("lift_plcc_per_seed")] IReadOnlyList<double?> LiftPlccPerSeed,
    [property: JsonPropertyName("per_codec")] IReadOnlyDictionary<string, CodecComparison> PerCodec,
    [property: JsonPropertyName("folds")] IReadOnlyList<FoldComparison> Folds,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("verdict_reason")] string VerdictReason,
    [property: JsonPropertyName("predictions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HeldOutPrediction>? Predictions = null);

/// <summary>
/// One evaluation point's held-out predictions, means over seeds (or the full fit, leave-one-dataset-out, which also
/// names the dataset): a video (unit level, the mean of its frames' predictions) or a frame (frame level), with its label, so a report can plot predicted against actual per codec.
/// Reports written before this existed have no <c>predictions</c>; readers treat it as optional.
/// </summary>
public sealed record HeldOutPrediction(
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("codec")] string Codec,
    [property: JsonPropertyName("label")] double Label,
    [property: JsonPropertyName("v1")] double V1,
    [property: JsonPropertyName("v2")] double V2,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BaselineVmaf,
    [property: JsonPropertyName("dataset"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Dataset = null);

/// <summary>One codec's points: v1 and v2 (means over seeds), v2's PLCC lift and its std over seeds, the baseline.</summary>
public sealed record CodecComparison(
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("v1")] MetricSet V1,
    [property: JsonPropertyName("v2")] MetricSet V2,
    [property: JsonPropertyName("lift_plcc"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlcc,
    [property: JsonPropertyName("lift_plcc_std"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlccStd,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf);

/// <summary>One held-out source: v1 and v2 (means over seeds), the lift, the baseline.</summary>
public sealed record FoldComparison(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("v1")] MetricSet V1,
    [property: JsonPropertyName("v2")] MetricSet V2,
    [property: JsonPropertyName("lift_plcc"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlcc,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf);

public static class Comparison
{
    /// <summary>
    /// Trains v1 (the dataset's features) and v2 (the same plus the codec one-hot) on every leave-one-source-out
    /// fold with every seed, evaluates both at <see cref="LosoOptions.Level"/>, and applies
    /// <see cref="ShipGate.Lift"/> to the per-seed difference of pooled PLCC (of the mean per-fold PLCC when the folds
    /// are datasets).
    /// </summary>
    /// <param name="baseline">
    /// Optional per-row score to report beside the models (e.g. the corpus's own <c>vmaf</c> when the target is
    /// MOS), evaluated at the same level: for MOS, the mean over each video's frames.
    /// </param>
    public static ComparisonReport Run(Dataset data, LosoOptions options, IReadOnlyList<double>? baseline = null,
        CancellationToken cancellation = default)
    {
        if (baseline is not null && baseline.Count != data.RowCount)
            throw new ArgumentException($"The baseline has {baseline.Count} scores for {data.RowCount} rows.", nameof(baseline));
        var predictions = Loso.PredictHeldOut(data, [false, true], options, cancellation);
        var groups = EvaluationGroups.Build(data, options.Level);
        var v1Points = predictions[0].Select(p => groups.Aggregate(p)).ToArray();
        var v2Points = predictions[1].Select(p => groups.Aggregate(p)).ToArray();
        var baselinePoints = baseline is null ? null : groups.Aggregate(baseline.ToArray());
        var v1 = v1Points.Select(groups.Evaluate).ToArray();
        var v2 = v2Points.Select(groups.Evaluate).ToArray();
        var baselineEvaluation = baselinePoints is null ? null : groups.Evaluate(baselinePoints);

        var liftPerSeed = options.FoldsAreDatasets
            ? v1.Zip(v2, (a, b) => a.PerFold.Zip(b.PerFold, (x, y) => y.Plcc - x.Plcc).Average()).ToArray()
            : v1.Zip(v2, (a, b) => b.Pooled.Plcc - a.Pooled.Plcc).ToArray();
        double lift = Statistics.Mean(liftPerSeed);
        double liftStd = Statistics.SampleStd(liftPerSeed);
        var verdict = ShipGate.Lift(lift, liftStd, options.Seeds);

        var perCodec = new Dictionary<string, CodecComparison>(StringComparer.Ordinal);
        foreach (int c in groups.Codecs)
        {
            var codecLift = v1.Zip(v2, (a, b) => b.PerCodec[c].Plcc - a.PerCodec[c].Plcc).ToArray();
            perCodec[CodecVocabulary.Names[c]] = new CodecComparison(
                v1[0].PerCodec[c].Count,
                MetricSet.Mean(v1.Select(s => s.PerCodec[c]).ToArray()),
                MetricSet.Mean(v2.Select(s => s.PerCodec[c]).ToArray()),
                Statistics.Mean(codecLift),
                Statistics.SampleStd(codecLift),
                baselineEvaluation?.PerCodec[c]);
        }

        var folds = new List<FoldComparison>();
        for (int f = 0; f < data.DistinctSources.Count; f++)
        {
            var a = MetricSet.Mean(v1.Select(s => s.PerFold[f]).ToArray());
            var b = MetricSet.Mean(v2.Select(s => s.PerFold[f]).ToArray());
            folds.Add(new FoldComparison(data.DistinctSources[f], groups.CountInSource(f), a, b, b.Plcc - a.Plcc,
                baselineEvaluation?.PerFold[f]));
        }

        return new ComparisonReport(
            Loso.LevelName(options.Level), options.Seeds, data.FeatureNames, data.RowCount, groups.Count,
            data.DistinctSources.Count,
            Loso.Summarise(v1), Loso.Summarise(v2),
            lift, liftStd, liftPerSeed.Select(v => double.IsFinite(v) ? v : (double?)null).ToArray(),
            perCodec, folds, baselineEvaluation?.Pooled,
            verdict.Verdict, verdict.Reason,
            HeldOut(data, groups, MeanOverSeeds(v1Points), MeanOverSeeds(v2Points), baselinePoints));
    }

    private static double[] MeanOverSeeds(double[][] perSeed)
    {
        var mean = new double[perSeed[0].Length];
        foreach (var seed in perSeed)
        {
            for (int g = 0; g < mean.Length; g++)
                mean[g] += seed[g];
        }
        for (int g = 0; g < mean.Length; g++)
            mean[g] /= perSeed.Length;
        return mean;
    }

    private static HeldOutPrediction[] HeldOut(Dataset data, EvaluationGroups groups, double[] v1, double[] v2, double[]? baseline)
        => Enumerable.Range(0, groups.Count).Select(g => new HeldOutPrediction(
            data.Units[groups.FirstRowOf(g)],
            data.DistinctSources[groups.FoldOf(g)],
            CodecVocabulary.Names[groups.CodecOf(g)],
            groups.Labels[g], v1[g], v2[g], baseline?[g])).ToArray();
}
