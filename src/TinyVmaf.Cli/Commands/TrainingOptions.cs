using System.CommandLine;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Training;
using TinyVmaf.Model.Anchored;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Model.Training;
using TinyVmaf.Scoring.Models;

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

    public Option<string> Holdout { get; } = new("--holdout")
    {
        Description = "What each fold holds out: source (LOSO), dataset (leave-one-dataset-out: train on the other subjective tests), "
            + "or auto (dataset when the corpus has more than one, else source)",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string> Family { get; } = new("--family")
    {
        Description = "mlp (the tiny MLP on --features) or anchored (VMAF v0.6.1 bent by a fitted curve plus a shrunk correction; "
            + "opinion scores, leave-one-dataset-out)",
        DefaultValueFactory = _ => "mlp",
    };

    public Option<string> Corrections { get; } = new("--corrections")
    {
        Description = "anchored: the features of the correction term, a comma list",
        DefaultValueFactory = _ => string.Join(",", AnchoredMosOptions.DefaultCorrections),
    };

    public Option<string> Anchor { get; } = new("--anchor")
    {
        Description = "anchored: the libvmaf model the score is anchored on (a built-in name or a path)",
        DefaultValueFactory = _ => "vmaf_v0.6.1",
    };

    public IEnumerable<Option> All =>
        [Corpus, Features, Target, Seeds, Epochs, Pretrain, PretrainEpochs, Exclude, FrameStep, LearningRate, Seed, Holdout, Family, Corrections, Anchor];

    public TrainingOptions()
    {
        Target.AcceptOnlyFromAmong("mos", "vmaf");
        Holdout.AcceptOnlyFromAmong("auto", "source", "dataset");
        Family.AcceptOnlyFromAmong("mlp", "anchored");
    }

    public bool IsAnchored(ParseResult parse) => parse.GetValue(Family) == "anchored";

    /// <summary>Resolves <c>--holdout auto</c> against the corpus: dataset when it holds more than one.</summary>
    public bool HoldsOutDatasets(ParseResult parse, CorpusTable corpus) => parse.GetValue(Holdout) switch
    {
        "dataset" => true,
        "source" => false,
        _ => corpus.Datasets.Distinct(StringComparer.Ordinal).Skip(1).Any(),
    };

    /// <summary>The anchored family's rated videos, its options and the anchor, from the corpus and the options.</summary>
    public (CorpusTable Corpus, IReadOnlyList<OpinionVideo> Videos, AnchoredMosOptions Model, VmafModel Anchor, int Excluded) LoadAnchored(ParseResult parse)
    {
        if (parse.GetValue(Holdout) == "source")
        {
            throw new ArgumentException("--family anchored is evaluated leave-one-dataset-out (--holdout dataset or auto)");
        }

        if (parse.GetValue(Target) is "vmaf")
        {
            throw new ArgumentException("--family anchored learns opinion scores (--target mos); its anchor already is VMAF");
        }

        string path = parse.GetRequiredValue(Corpus);
        var corpus = CorpusTable.Read(path);
        var anchor = VmafModel.Load(VmafModelSpec.Parse(parse.GetRequiredValue(Anchor)), ShippedModels.Folder());
        var corrections = TinyVmaf.Features.Extraction.FeatureSet.Parse(parse.GetRequiredValue(Corrections));
        var exclude = parse.GetValue(Exclude) is { } list ? TrainingDataBuilder.ReadUnitList(list) : null;
        var videos = OpinionVideos.Build(corpus, corpus.Datasets, anchor, corrections, exclude);
        int excluded = exclude is null ? 0 : corpus.Units.Distinct().Count(exclude.Contains);
        return (corpus, videos, new AnchoredMosOptions { CorrectionFeatures = corrections }, anchor, excluded);
    }

    /// <summary>Loads the corpus and turns it into a training set, as the options say.</summary>
    public (CorpusTable Corpus, TrainingData Data) Load(ParseResult parse)
    {
        string path = parse.GetRequiredValue(Corpus);
        var corpus = CorpusTable.Read(path);
        var features = TrainingDataBuilder.ResolveFeatures(corpus, parse.GetRequiredValue(Features));
        string target = parse.GetValue(Target) ?? TrainingDataBuilder.DefaultTarget(corpus);
        var exclude = parse.GetValue(Exclude) is { } list ? TrainingDataBuilder.ReadUnitList(list) : null;
        var data = TrainingDataBuilder.Build(corpus, features, target, exclude, HoldsOutDatasets(parse, corpus));
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
