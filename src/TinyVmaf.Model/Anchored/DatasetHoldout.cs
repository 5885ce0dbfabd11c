using System.Text.Json.Serialization;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Anchored;

/// <summary>One architecture on one held-out dataset: the fit on every training video (what ships), and bootstrap seeds.</summary>
public sealed record HoldoutMetrics(
    [property: JsonPropertyName("full")] MetricSet Full,
    [property: JsonPropertyName("seeds_mean")] MetricSet SeedsMean,
    [property: JsonPropertyName("seeds_std")] MetricSet SeedsStd);

/// <summary>A held-out dataset: v1 (codec-blind) and v2 (codec-aware), trained on the other datasets, and zero-shot VMAF.</summary>
public sealed record HeldOutDataset(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("videos")] int Videos,
    [property: JsonPropertyName("sources")] int Sources,
    [property: JsonPropertyName("v1")] HoldoutMetrics V1,
    [property: JsonPropertyName("v2")] HoldoutMetrics V2,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf,
    [property: JsonPropertyName("per_codec")] IReadOnlyDictionary<string, CodecHoldout> PerCodec);

/// <summary>One codec within a held-out dataset (full fits).</summary>
public sealed record CodecHoldout(
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("v1")] MetricSet V1,
    [property: JsonPropertyName("v2")] MetricSet V2,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf);

/// <summary>
/// Leave-one-dataset-out for the anchored model: per held-out dataset and pooled (all held-out videos together,
/// each dataset's MOS on the 0..100 scale), v2's lift over v1 (mean over held-out datasets of the PLCC
/// difference, per bootstrap seed) with its verdict, and whether each architecture beats zero-shot VMAF on every
/// held-out dataset in PLCC and SROCC.
/// </summary>
public sealed record DatasetHoldoutReport(
    [property: JsonPropertyName("holdout")] string Holdout,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("corrections")] IReadOnlyList<string> Corrections,
    [property: JsonPropertyName("seeds")] int Seeds,
    [property: JsonPropertyName("videos")] int Videos,
    [property: JsonPropertyName("per_dataset")] IReadOnlyList<HeldOutDataset> PerDataset,
    [property: JsonPropertyName("pooled")] PooledHoldout Pooled,
    [property: JsonPropertyName("lift_plcc"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlcc,
    [property: JsonPropertyName("lift_plcc_std"), JsonConverter(typeof(JsonNanAsNull))] double LiftPlccStd,
    [property: JsonPropertyName("lift_plcc_per_seed")] IReadOnlyList<double> LiftPlccPerSeed,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("verdict_reason")] string VerdictReason,
    [property: JsonPropertyName("v1_beats_vmaf")] GateVerdict V1BeatsVmaf,
    [property: JsonPropertyName("v2_beats_vmaf")] GateVerdict V2BeatsVmaf,
    [property: JsonPropertyName("predictions")] IReadOnlyList<HeldOutPrediction> Predictions);

/// <summary>Every held-out video together.</summary>
public sealed record PooledHoldout(
    [property: JsonPropertyName("v1")] MetricSet V1,
    [property: JsonPropertyName("v2")] MetricSet V2,
    [property: JsonPropertyName("baseline_vmaf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricSet? BaselineVmaf);

/// <summary>How to run leave-one-dataset-out.</summary>
public sealed record DatasetHoldoutOptions
{
    public AnchoredMosOptions Model { get; init; } = new();

    /// <summary>Bootstrap seeds: each resamples every training dataset's videos with replacement.</summary>
    public int Seeds { get; init; } = 5;

    public ulong BaseSeed { get; init; }

    public IProgress<int>? Progress { get; init; }
}

public static class DatasetHoldout
{
    public static DatasetHoldoutReport Run(IReadOnlyList<OpinionVideo> videos, DatasetHoldoutOptions options, CancellationToken cancellation = default)
    {
        var byDataset = GroupMetrics.Split(Enumerable.Range(0, videos.Count), i => videos[i].Dataset, StringComparer.Ordinal);
        var datasets = byDataset.Select(d => d.Key).ToArray();
        if (datasets.Length < 2)
            throw new ArgumentException($"Leave-one-dataset-out needs at least two datasets; the corpus has {datasets.Length} ({string.Join(", ", datasets)}).");
        if (options.Seeds < 2)
            throw new ArgumentException($"The lift's spread needs at least two seeds, not {options.Seeds}.");

        bool hasBaseline = videos.All(v => v.BaselineVmaf is double b && double.IsFinite(b));
        var v1Options = options.Model with { CodecAware = false };
        var v2Options = options.Model with { CodecAware = true };
        var predicted = new double[2][];   // [arch][video], full fits
        var seeded = new double[2][][];    // [arch][seed][video]
        for (int a = 0; a < 2; a++)
        {
            predicted[a] = new double[videos.Count];
            seeded[a] = Enumerable.Range(0, options.Seeds).Select(_ => new double[videos.Count]).ToArray();
        }

        int done = 0;
        for (int f = 0; f < datasets.Length; f++)
        {
            var heldOut = byDataset[f].Points;
            var training = Enumerable.Range(0, videos.Count).Where(i => videos[i].Dataset != datasets[f]).Select(i => videos[i]).ToArray();
            var jobs = new List<(int Arch, int Seed)>();
            for (int a = 0; a < 2; a++)
            {
                for (int s = -1; s < options.Seeds; s++)
                    jobs.Add((a, s));
            }

            int fold = f;
            Parallel.ForEach(jobs, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
            {
                var model = job.Arch == 0 ? v1Options : v2Options;
                var multiplicity = job.Seed < 0 ? null : Bootstrap(training, SeededRandom.Mix(SeededRandom.Mix(options.BaseSeed, (ulong)job.Seed), (ulong)fold));
                var fit = AnchoredMosTrainer.Fit(training, model, multiplicity).Parameters;
                var destination = job.Seed < 0 ? predicted[job.Arch] : seeded[job.Arch][job.Seed];
                foreach (int i in heldOut)
                    destination[i] = Predict(fit, videos[i]);
                options.Progress?.Report(Interlocked.Increment(ref done));
            });
        }

        var mos = videos.Select(v => v.Mos).ToArray();
        var baseline = hasBaseline ? videos.Select(v => v.BaselineVmaf!.Value).ToArray() : null;
        var perDataset = new List<HeldOutDataset>();
        var liftPerSeed = new double[options.Seeds];
        foreach (var (dataset, rows) in byDataset)
        {
            MetricSet On(double[] values, int[] subset) => GroupMetrics.On(values, mos, subset);
            HoldoutMetrics Arch(int a)
            {
                var seeds = seeded[a].Select(s => On(s, rows)).ToArray();
                return new HoldoutMetrics(On(predicted[a], rows), MetricSet.Mean(seeds), MetricSet.SampleStd(seeds));
            }

            for (int s = 0; s < options.Seeds; s++)
                liftPerSeed[s] += (On(seeded[1][s], rows).Plcc - On(seeded[0][s], rows).Plcc) / datasets.Length;

            var perCodec = GroupMetrics.Split(rows, i => videos[i].Codec).ToDictionary(
                g => CodecVocabulary.Names[g.Key],
                g => new CodecHoldout(g.Points.Length, On(predicted[0], g.Points), On(predicted[1], g.Points), baseline is null ? null : On(baseline, g.Points)));
            perDataset.Add(new HeldOutDataset(dataset, rows.Length, rows.Select(i => videos[i].Source).Distinct().Count(),
                Arch(0), Arch(1), baseline is null ? null : On(baseline, rows), perCodec));
        }

        var all = Enumerable.Range(0, videos.Count).ToArray();
        MetricSet Pooled(double[] values) => MetricSet.Compute(values, mos);
        var pooled = new PooledHoldout(Pooled(predicted[0]), Pooled(predicted[1]), baseline is null ? null : Pooled(baseline));
        double lift = Statistics.Mean(liftPerSeed);
        double liftStd = Statistics.SampleStd(liftPerSeed);
        var verdict = ShipGate.Lift(lift, liftStd, options.Seeds);
        var predictions = all.Select(i => new HeldOutPrediction(videos[i].Unit, videos[i].Source,
            CodecVocabulary.Names[videos[i].Codec], mos[i], predicted[0][i], predicted[1][i], videos[i].BaselineVmaf, videos[i].Dataset)).ToArray();
        return new DatasetHoldoutReport("dataset", "anchored", options.Model.CorrectionFeatures, options.Seeds, videos.Count, perDataset, pooled,
            lift, liftStd, liftPerSeed, verdict.Verdict, verdict.Reason,
            BaselineGate.BeatsOnEveryDataset(perDataset.Select(d => (d.Dataset, d.V1.Full, d.BaselineVmaf)).ToArray()),
            BaselineGate.BeatsOnEveryDataset(perDataset.Select(d => (d.Dataset, d.V2.Full, d.BaselineVmaf)).ToArray()),
            predictions);
    }

    /// <summary>A video's score: the mean of its frames' scores, which for this model is the score of its means.</summary>
    public static double Predict(AnchoredMosParameters parameters, OpinionVideo video) =>
        parameters.Score(AnchoredMosTrainer.MeanCalibrated(video.FrameVmaf, parameters.Exponent), video.MeanCappedFeatures, video.Codec);

    /// <summary>How many times each video is drawn when every dataset's videos are resampled with replacement.</summary>
    internal static int[] Bootstrap(IReadOnlyList<OpinionVideo> videos, ulong seed)
    {
        var random = new SeededRandom(seed);
        var counts = new int[videos.Count];
        foreach (var group in Enumerable.Range(0, videos.Count).GroupBy(i => videos[i].Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            for (int draw = 0; draw < members.Length; draw++)
                counts[members[random.NextInt(members.Length)]]++;
        }
        return counts;
    }
}

/// <summary>The gate of a MOS model against zero-shot VMAF.</summary>
public static class BaselineGate
{
    /// <summary>
    /// <c>ship</c> iff, on every held-out dataset, the model's PLCC and SROCC both exceed zero-shot VMAF's. No
    /// baseline on some dataset: <c>no-ship</c>, since nothing was shown.
    /// </summary>
    public static GateVerdict BeatsOnEveryDataset(IReadOnlyList<(string Dataset, MetricSet Model, MetricSet? Baseline)> datasets)
    {
        if (datasets.Count == 0)
            return new GateVerdict(ShipGate.NoShip, "no held-out dataset");
        var lines = new List<string>();
        bool all = true;
        foreach (var (dataset, model, baseline) in datasets)
        {
            if (baseline is null)
                return new GateVerdict(ShipGate.NoShip, $"{dataset} has no vmaf baseline to beat");
            bool beats = model.Plcc > baseline.Plcc && model.Srocc > baseline.Srocc;
            all &= beats;
            lines.Add(FormattableString.Invariant(
                $"{dataset} PLCC {model.Plcc:F4} vs {baseline.Plcc:F4}, SROCC {model.Srocc:F4} vs {baseline.Srocc:F4}{(beats ? "" : " (not beaten)")}"));
        }
        return new GateVerdict(all ? ShipGate.Ship : ShipGate.NoShip,
            (all ? "beats zero-shot VMAF on every held-out dataset: " : "does not beat zero-shot VMAF everywhere: ") + string.Join("; ", lines));
    }
}
