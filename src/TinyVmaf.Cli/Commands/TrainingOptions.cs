using System.CommandLine;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Training;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Cli.Commands;

/// <summary>The corpus, feature, target and training options shared by <c>compare</c> and <c>train</c>.</summary>
internal sealed class TrainingOptions
{
    public Option<string> Corpus { get; } = new("--corpus", "-c") { Description = "A parquet corpus (tinyvmaf corpus import/build)", Required = true };

    public Option<string> Features { get; } = new("--features")
    {
        Description = "canonical, full, auto (every FULL_FEATURES name the corpus has) or a comma list",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Target { get; } = new("--target") { Description = "mos or vmaf (default: mos when the corpus has it)" };

    public Option<int> Seeds { get; } = new("--seeds") { Description = "Seeds per fold; metrics are means over seeds", DefaultValueFactory = _ => 5 };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs (fine-tuning epochs with --pretrain)", DefaultValueFactory = _ => 30 };

    public Option<string?> Pretrain { get; } = new("--pretrain")
    {
        Description = "A teacher-labelled corpus (vmaf) to pretrain on first; the corpus's own folds then fine-tune it",
    };

    public Option<int> PretrainEpochs { get; } = new("--pretrain-epochs") { Description = "Epochs on the --pretrain corpus", DefaultValueFactory = _ => 30 };

    public Option<string?> Exclude { get; } = new("--exclude")
    {
        Description = "A list of videos (dis_basename) to leave out: one per line, or a CSV/TSV whose first column names them (rows with flag=True only, when it has a flag column)",
    };

    public Option<int> FrameStep { get; } = new("--frame-step")
    {
        Description = "Train on every Nth frame of each video (opinion-score corpora have many near-identical frames per label)",
        DefaultValueFactory = _ => 1,
    };

    public Option<float> LearningRate { get; } = new("--learning-rate")
    {
        Description = "AdamW learning rate (lower it to fine-tune gently after --pretrain)",
        DefaultValueFactory = _ => 1e-3f,
    };

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Base seed", DefaultValueFactory = _ => 0UL };

    public IEnumerable<Option> All => [Corpus, Features, Target, Seeds, Epochs, Pretrain, PretrainEpochs, Exclude, FrameStep, LearningRate, Seed];

    public TrainingOptions()
    {
        Target.AcceptOnlyFromAmong("mos", "vmaf");
    }

    /// <summary>Loads the corpus and turns it into a training set, as the options say.</summary>
    public (CorpusTable Corpus, TrainingData Data) Load(ParseResult parse)
    {
        string path = parse.GetRequiredValue(Corpus);
        var corpus = CorpusTable.Read(path);
        var features = TrainingDataBuilder.ResolveFeatures(corpus, parse.GetRequiredValue(Features));
        string target = parse.GetValue(Target) ?? TrainingDataBuilder.DefaultTarget(corpus);
        var exclude = parse.GetValue(Exclude) is { } list ? TrainingDataBuilder.ReadUnitList(list) : null;
        var data = TrainingDataBuilder.Build(corpus, features, target, exclude);
        int step = parse.GetValue(FrameStep);
        if (step > 1)
        {
            data = data with { Dataset = EveryNthFrame(data.Dataset, step, out var kept), BaselineVmaf = data.BaselineVmaf is { } b ? kept.Select(i => b[i]).ToArray() : null };
        }

        return (corpus, data);
    }

    public FrRegressorOptions Regressor(ParseResult parse, bool variance = false) =>
        new() { Epochs = parse.GetValue(Epochs), LearningRate = parse.GetValue(LearningRate), Variance = variance };

    /// <summary>
    /// With <c>--pretrain</c>, a model per architecture trained on the teacher corpus (target vmaf, the same
    /// features), for every fold to start from. Sources the evaluated corpus also has are left out of it, so
    /// that no held-out source is ever seen, even through the teacher.
    /// </summary>
    public (FrRegressor? CodecBlind, FrRegressor? CodecAware, string? Description) PretrainModels(
        ParseResult parse, TrainingData data, bool variance, TextWriter stderr)
    {
        if (parse.GetValue(Pretrain) is not { } path)
        {
            return (null, null, null);
        }

        var teacherCorpus = CorpusTable.Read(path);
        var evaluated = data.Dataset.DistinctSources.ToHashSet(StringComparer.Ordinal);
        var overlap = teacherCorpus.Units.Where((_, r) => evaluated.Contains(teacherCorpus.Sources[r])).ToHashSet(StringComparer.Ordinal);
        var teacher = TrainingDataBuilder.Build(teacherCorpus, data.Dataset.FeatureNames, CorpusColumns.Vmaf, overlap).Dataset;
        var options = new FrRegressorOptions { Epochs = parse.GetValue(PretrainEpochs), Variance = variance, Seed = parse.GetValue(Seed) };
        stderr.WriteLine($"tinyvmaf: pretraining on {path}: {teacher.RowCount} rows, {teacher.DistinctSources.Count} sources (vmaf teacher) ...");
        var blind = FrRegressor.Train(teacher.Features, teacher.FeatureCount, teacher.Labels, teacher.Codecs, codecAware: false, options);
        var aware = FrRegressor.Train(teacher.Features, teacher.FeatureCount, teacher.Labels, teacher.Codecs, codecAware: true, options);
        string description = $"{Path.GetFileName(path)}: {teacher.RowCount} rows, {teacher.DistinctSources.Count} sources, target vmaf, {options.Epochs} epochs"
            + (overlap.Count > 0 ? $", {overlap.Count} videos of overlapping sources left out" : "");
        return (blind, aware, description);
    }

    private static Dataset EveryNthFrame(Dataset data, int step, out int[] kept)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<int>();
        for (int r = 0; r < data.RowCount; r++)
        {
            int n = seen.GetValueOrDefault(data.Units[r]);
            seen[data.Units[r]] = n + 1;
            if (n % step == 0)
            {
                rows.Add(r);
            }
        }

        kept = rows.ToArray();
        return data.SelectRows(rows);
    }
}
