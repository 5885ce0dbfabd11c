using System.Text.Json.Serialization;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Regressor;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Model.Evaluation;

/// <summary>Where a label lives, and so where metrics are computed.</summary>
public enum EvaluationLevel
{
    /// <summary>Per frame: teacher labels such as VMAF, which exist for every frame.</summary>
    Frame,

    /// <summary>Per unit (video): a MOS against the mean of the video's per-frame predictions.</summary>
    Unit,
}

/// <summary>How to run leave-one-source-out evaluation.</summary>
public sealed record LosoOptions
{
    /// <summary>The regressor's options; its <c>Seed</c> is replaced per seed and fold (see <see cref="BaseSeed"/>).</summary>
    public FrRegressorOptions Regressor { get; init; } = new();

    /// <summary>How many seeds each fold is trained with; metrics are means over seeds, with their spread.</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>
    /// Seed s of fold f trains with <c>Mix(Mix(BaseSeed, s), f)</c>: the same for every architecture, and
    /// independent of which thread runs it.
    /// </summary>
    public ulong BaseSeed { get; init; }

    public EvaluationLevel Level { get; init; } = EvaluationLevel.Frame;

    /// <summary>
    /// The folds are whole subjective tests (leave-one-dataset-out), each with its own MOS scale: v2's lift is then
    /// the mean over folds of the per-fold PLCC difference, since a PLCC pooled over several tests rewards
    /// learning their scale offsets rather than people.
    /// </summary>
    public bool FoldsAreDatasets { get; init; }

    /// <summary>Folds trained at once. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 2;

    /// <summary>
    /// Optional models every fold's codec-blind (v1) or codec-aware (v2) training starts from, e.g. pretrained
    /// on a teacher-labelled corpus of other sources (see <see cref="FrRegressor.Train"/>).
    /// </summary>
    public FrRegressor? WarmStartCodecBlind { get; init; }

    /// <inheritdoc cref="WarmStartCodecBlind"/>
    public FrRegressor? WarmStartCodecAware { get; init; }

    /// <summary>Reports each finished fold training.</summary>
    public IProgress<LosoProgress>? Progress { get; init; }

    internal void Validate()
    {
        Regressor.Validate();
        if (Seeds < 1)
            throw new ArgumentException($"Seeds must be at least 1, not {Seeds}.");
        if (MaxDegreeOfParallelism < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1, not {MaxDegreeOfParallelism}.");
    }
}

/// <summary>Fold trainings finished out of the total.</summary>
public readonly record struct LosoProgress(int Completed, int Total);

/// <summary>
/// One architecture's LOSO numbers: the pooled held-out metrics as mean and sample std over seeds, the
/// per-fold metrics as mean and sample std over folds (each averaged over seeds; a fold where a metric is
/// undefined, e.g. constant labels, is left out of that metric's fold mean and std), and every seed's pooled set.
/// </summary>
public sealed record ArchSummary(
    [property: JsonPropertyName("loso")] MetricSet Loso,
    [property: JsonPropertyName("loso_std")] MetricSet LosoStd,
    [property: JsonPropertyName("fold_mean")] MetricSet FoldMean,
    [property: JsonPropertyName("fold_std")] MetricSet FoldStd,
    [property: JsonPropertyName("per_seed")] IReadOnlyList<MetricSet> PerSeed);

/// <summary>One held-out source: its metrics (mean over seeds) at the evaluation level.</summary>
public sealed record FoldResult(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("n")] int Count,
    [property: JsonPropertyName("metrics")] MetricSet Metrics);

/// <summary>A single architecture's leave-one-source-out evaluation.</summary>
public sealed record LosoReport(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("seeds")] int Seeds,
    [property: JsonPropertyName("codec_aware")] bool CodecAware,
    [property: JsonPropertyName("summary")] ArchSummary Summary,
    [property: JsonPropertyName("per_codec")] IReadOnlyDictionary<string, MetricSet> PerCodec,
    [property: JsonPropertyName("folds")] IReadOnlyList<FoldResult> Folds);

/// <summary>Leave-one-source-out: each source held out in turn, the regressor trained on the rest, the held-out rows predicted.</summary>
public static class Loso
{
    /// <summary>Evaluates one architecture (codec-blind v1, or codec-aware v2).</summary>
    public static LosoReport Run(Dataset data, bool codecAware, LosoOptions options, CancellationToken cancellation = default)
    {
        var predictions = PredictHeldOut(data, [codecAware], options, cancellation)[0];
        var groups = EvaluationGroups.Build(data, options.Level);
        var perSeed = predictions.Select(p => groups.Evaluate(groups.Aggregate(p))).ToArray();
        var summary = Summarise(perSeed);
        var perCodec = groups.Codecs.ToDictionary(
            c => CodecVocabulary.Names[c],
            c => MetricSet.Mean(perSeed.Select(s => s.PerCodec[c]).ToArray()));
        var folds = data.DistinctSources.Select((source, f) => new FoldResult(source, groups.CountInSource(f),
            MetricSet.Mean(perSeed.Select(s => s.PerFold[f]).ToArray()))).ToArray();
        return new LosoReport(LevelName(options.Level), options.Seeds, codecAware, summary, perCodec, folds);
    }

    internal static string LevelName(EvaluationLevel level) => level == EvaluationLevel.Unit ? "unit" : "frame";

    internal static ArchSummary Summarise(IReadOnlyList<SeedEvaluation> perSeed)
    {
        var pooled = perSeed.Select(s => s.Pooled).ToArray();
        return new ArchSummary(
            MetricSet.Mean(pooled),
            MetricSet.SampleStd(pooled),
            MetricSet.Mean(perSeed.Select(s => FoldReduce(s.PerFold, Statistics.Mean)).ToArray()),
            MetricSet.Mean(perSeed.Select(s => FoldReduce(s.PerFold, Statistics.SampleStd)).ToArray()),
            pooled);
    }

    // Reduces per-fold metrics over folds, metric by metric, leaving out folds where the metric is undefined.
    private static MetricSet FoldReduce(IReadOnlyList<MetricSet> folds, Func<IReadOnlyCollection<double>, double> reduce)
    {
        double Of(Func<MetricSet, double> metric) => reduce(folds.Select(metric).Where(double.IsFinite).ToArray());
        return new MetricSet(Of(m => m.Plcc), Of(m => m.Srocc), Of(m => m.Krocc), Of(m => m.Rmse), Of(m => m.PlccLogistic), folds.Count);
    }

    /// <summary>
    /// Held-out predictions, <c>[architecture][seed][row]</c>: every row is predicted by the model of the fold
    /// that held its source out. All (architecture, seed, fold) trainings form one pool run on up to
    /// <see cref="LosoOptions.MaxDegreeOfParallelism"/> threads; each writes only its own held-out rows, and each
    /// training is single-threaded and seeded by (seed, fold) alone, so the result does not depend on the pool.
    /// </summary>
    internal static double[][][] PredictHeldOut(Dataset data, IReadOnlyList<bool> codecAware, LosoOptions options, CancellationToken cancellation)
    {
        options.Validate();
        var sources = data.DistinctSources;
        if (sources.Count < 2)
            throw new ArgumentException("Leave-one-source-out needs at least two sources.", nameof(data));
        var foldOfRow = FoldOfRow(data);
        var heldOut = new int[sources.Count][];
        var training = new int[sources.Count][];
        for (int f = 0; f < sources.Count; f++)
        {
            int fold = f;
            heldOut[f] = Enumerable.Range(0, data.RowCount).Where(r => foldOfRow[r] == fold).ToArray();
            training[f] = Enumerable.Range(0, data.RowCount).Where(r => foldOfRow[r] != fold).ToArray();
        }

        var result = new double[codecAware.Count][][];
        for (int a = 0; a < codecAware.Count; a++)
        {
            result[a] = new double[options.Seeds][];
            for (int s = 0; s < options.Seeds; s++)
                result[a][s] = new double[data.RowCount];
        }

        int total = codecAware.Count * options.Seeds * sources.Count;
        int completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellation };
        Parallel.For(0, total, parallel, task =>
        {
            // Fold-major order: the pool's first tasks cover different folds, not one fold's seeds.
            int f = task % sources.Count;
            int s = task / sources.Count % options.Seeds;
            int a = task / (sources.Count * options.Seeds);
            var regressor = options.Regressor with { Seed = SeededRandom.Mix(SeededRandom.Mix(options.BaseSeed, (ulong)s), (ulong)f) };
            var warmStart = codecAware[a] ? options.WarmStartCodecAware : options.WarmStartCodecBlind;
            var model = TrainOn(data, training[f], codecAware[a], regressor, warmStart);
            var predicted = PredictRows(model, data, heldOut[f]);
            var destination = result[a][s];
            for (int i = 0; i < heldOut[f].Length; i++)
                destination[heldOut[f][i]] = predicted[i];
            options.Progress?.Report(new LosoProgress(Interlocked.Increment(ref completed), total));
        });
        return result;
    }

    internal static int[] FoldOfRow(Dataset data)
    {
        var foldOfSource = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < data.DistinctSources.Count; f++)
            foldOfSource[data.DistinctSources[f]] = f;
        var fold = new int[data.RowCount];
        for (int r = 0; r < data.RowCount; r++)
            fold[r] = foldOfSource[data.Sources[r]];
        return fold;
    }

    private static FrRegressor TrainOn(Dataset data, int[] rows, bool codecAware, FrRegressorOptions options, FrRegressor? warmStart)
    {
        int f = data.FeatureCount;
        var features = new float[rows.Length * f];
        var labels = new double[rows.Length];
        var codecs = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            data.Row(rows[i]).CopyTo(features.AsSpan(i * f, f));
            labels[i] = data.Labels[rows[i]];
            codecs[i] = data.Codecs[rows[i]];
        }
        return FrRegressor.Train(features, f, labels, codecs, codecAware, options, warmStart);
    }

    private static float[] PredictRows(FrRegressor model, Dataset data, int[] rows)
    {
        int f = data.FeatureCount;
        var features = new float[rows.Length * f];
        var codecs = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            data.Row(rows[i]).CopyTo(features.AsSpan(i * f, f));
            codecs[i] = data.Codecs[rows[i]];
        }
        return model.Predict(features, codecs);
    }
}

/// <summary>One seed's metrics: pooled over every held-out point, per fold (source order) and per codec index.</summary>
internal sealed record SeedEvaluation(MetricSet Pooled, IReadOnlyList<MetricSet> PerFold, IReadOnlyDictionary<int, MetricSet> PerCodec);

/// <summary>
/// The points metrics are computed over: every row (frame level) or every unit (unit level, its label the mean
/// of its rows' labels, which for a MOS are all the same, and its prediction the mean of its rows' predictions).
/// </summary>
internal sealed class EvaluationGroups
{
    private readonly int[] _groupOfRow;
    private readonly int[] _rowsInGroup;
    private readonly int[] _firstRowOfGroup;
    private readonly int[] _foldOfGroup;
    private readonly int[] _codecOfGroup;
    private readonly int[][] _groupsOfFold;
    private readonly (int Codec, int[] Groups)[] _groupsOfCodec;

    private EvaluationGroups(int[] groupOfRow, int groupCount, double[] labels, int[] foldOfGroup, int[] codecOfGroup, int folds)
    {
        _groupOfRow = groupOfRow;
        _rowsInGroup = new int[groupCount];
        _firstRowOfGroup = new int[groupCount];
        for (int r = groupOfRow.Length - 1; r >= 0; r--)
        {
            _rowsInGroup[groupOfRow[r]]++;
            _firstRowOfGroup[groupOfRow[r]] = r;
        }
        Labels = Aggregate(labels);
        _foldOfGroup = foldOfGroup;
        _codecOfGroup = codecOfGroup;
        _groupsOfFold = Enumerable.Range(0, folds).Select(f => Enumerable.Range(0, groupCount).Where(g => foldOfGroup[g] == f).ToArray()).ToArray();
        _groupsOfCodec = GroupMetrics.Split(Enumerable.Range(0, groupCount), g => codecOfGroup[g]);
        Codecs = _groupsOfCodec.Select(c => c.Codec).ToArray();
    }

    public int Count => _rowsInGroup.Length;

    public double[] Labels { get; }

    /// <summary>The codec indices present, ascending.</summary>
    public IReadOnlyList<int> Codecs { get; }

    public static EvaluationGroups Build(Dataset data, EvaluationLevel level)
    {
        var foldOfRow = Loso.FoldOfRow(data);
        int n = data.RowCount;
        var groupOfRow = new int[n];
        var fold = new List<int>();
        var codec = new List<int>();
        if (level == EvaluationLevel.Frame)
        {
            for (int r = 0; r < n; r++)
            {
                groupOfRow[r] = r;
                fold.Add(foldOfRow[r]);
                codec.Add(data.Codecs[r]);
            }
        }
        else
        {
            var groupOfUnit = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < n; r++)
            {
                if (!groupOfUnit.TryGetValue(data.Units[r], out int g))
                {
                    g = groupOfUnit.Count;
                    groupOfUnit.Add(data.Units[r], g);
                    fold.Add(foldOfRow[r]);
                    codec.Add(data.Codecs[r]);
                }
                groupOfRow[r] = g;
            }
        }
        return new EvaluationGroups(groupOfRow, fold.Count, data.Labels.ToArray(), fold.ToArray(), codec.ToArray(), data.DistinctSources.Count);
    }

    /// <summary>Per-row values to per-group means.</summary>
    public double[] Aggregate(ReadOnlySpan<double> rowValues)
    {
        var sums = new double[Count];
        for (int r = 0; r < rowValues.Length; r++)
            sums[_groupOfRow[r]] += rowValues[r];
        for (int g = 0; g < sums.Length; g++)
            sums[g] /= _rowsInGroup[g];
        return sums;
    }

    public int CountInSource(int fold) => _groupsOfFold[fold].Length;

    /// <summary>A row of the group: its unit, source and codec are the group's.</summary>
    public int FirstRowOf(int group) => _firstRowOfGroup[group];

    /// <summary>The fold (index into the dataset's distinct sources) the group is held out in.</summary>
    public int FoldOf(int group) => _foldOfGroup[group];

    /// <summary>The group's codec vocabulary index.</summary>
    public int CodecOf(int group) => _codecOfGroup[group];

    public SeedEvaluation Evaluate(double[] predicted)
    {
        var pooled = MetricSet.Compute(predicted, Labels);
        var perFold = _groupsOfFold.Select(groups => GroupMetrics.On(predicted, Labels, groups)).ToArray();
        var perCodec = _groupsOfCodec.ToDictionary(c => c.Codec, c => GroupMetrics.On(predicted, Labels, c.Groups));
        return new SeedEvaluation(pooled, perFold, perCodec);
    }
}
