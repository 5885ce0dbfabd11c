using TinyVmaf.Features;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Corpus.Training;

/// <summary>A corpus turned into what training needs, and what was left out on the way.</summary>
public sealed record TrainingData(Dataset Dataset, string Target, EvaluationLevel Level, double[]? BaselineVmaf, int RowsExcluded, int UnitsExcluded);

/// <summary>Where a corpus meets the regressor: feature selection, target, exclusions, the zero-shot baseline.</summary>
public static class TrainingDataBuilder
{
    /// <summary>
    /// Resolves <c>--features</c>: <c>canonical</c> (the canonical-6), <c>full</c> (all 22 FULL_FEATURES, each
    /// required), <c>auto</c> (every FULL_FEATURES name the corpus has, in contract order), or a comma list.
    /// </summary>
    public static IReadOnlyList<string> ResolveFeatures(CorpusTable corpus, string spec)
    {
        IReadOnlyList<string> names = spec.Trim() switch
        {
            "auto" => FeatureNames.Full.Where(corpus.HasFeature).ToArray(),
            _ => Features.Extraction.FeatureSet.Parse(spec),
        };
        var unknown = names.Where(n => !FeatureNames.IsKnown(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown feature name(s): {string.Join(", ", unknown)}; names are the FULL_FEATURES: {string.Join(", ", FeatureNames.Full)}");
        }

        var missing = names.Where(n => !corpus.HasFeature(n)).ToArray();
        if (missing.Length > 0 || names.Count == 0)
        {
            throw new ArgumentException(
                $"the corpus lacks feature(s) {string.Join(", ", missing)} (it has: {string.Join(", ", corpus.FeatureNames)}); try --features auto");
        }

        return names;
    }

    /// <summary><c>mos</c> when the corpus has opinion scores, else the <c>vmaf</c> teacher.</summary>
    public static string DefaultTarget(CorpusTable corpus) => corpus.HasLabel(CorpusColumns.Mos) ? CorpusColumns.Mos : CorpusColumns.Vmaf;

    /// <summary>
    /// The rows of <paramref name="corpus"/> as a training set on <paramref name="target"/>. Opinion scores live
    /// per video, so they are evaluated per unit; teacher scores per frame. Units in <paramref name="excludeUnits"/>
    /// (e.g. logs an audit flagged) and rows without a finite label are left out and counted.
    /// </summary>
    /// <param name="foldByDataset">
    /// Leave-one-dataset-out: each row's fold key (the dataset's <c>Sources</c>) is its dataset, and its unit the
    /// dataset-qualified video, so that folds hold out whole subjective tests.
    /// </param>
    public static TrainingData Build(CorpusTable corpus, IReadOnlyList<string> features, string target, IReadOnlySet<string>? excludeUnits = null,
        bool foldByDataset = false)
    {
        var labels = corpus.Label(target);
        float[] matrix = corpus.FeatureMatrix(features);
        int width = features.Count;
        var keep = new List<int>(corpus.RowCount);
        var excludedUnits = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < corpus.RowCount; r++)
        {
            if (excludeUnits?.Contains(corpus.Units[r]) == true)
            {
                excludedUnits.Add(corpus.VideoKey(r));
                continue;
            }

            if (double.IsFinite(labels[r]) && AllFinite(matrix.AsSpan(r * width, width)))
            {
                keep.Add(r);
            }
        }

        if (keep.Count == 0)
        {
            throw new ArgumentException($"no row of the corpus has a finite '{target}' label and features to train on");
        }

        // A video is (dataset, dis_basename): in a corpus merged from several datasets, two of them may name a video
        // alike, and pooling their frames as one unit would mix two videos' scores.
        bool severalDatasets = corpus.Datasets.Distinct(StringComparer.Ordinal).Skip(1).Any();
        Func<int, string> unitOf = severalDatasets ? corpus.VideoKey : r => corpus.Units[r];
        var selected = new float[keep.Count * width];
        for (int i = 0; i < keep.Count; i++)
        {
            matrix.AsSpan(keep[i] * width, width).CopyTo(selected.AsSpan(i * width, width));
        }

        var dataset = new Dataset(
            features,
            selected,
            keep.Select(r => labels[r]).ToArray(),
            keep.Select(r => foldByDataset ? corpus.Datasets[r] : corpus.Sources[r]).ToArray(),
            keep.Select(r => CodecVocabulary.IndexOf(corpus.Codecs[r])).ToArray(),
            keep.Select(unitOf).ToArray());
        double[]? baseline = target == CorpusColumns.Mos && corpus.Vmaf is { } vmaf && keep.All(r => double.IsFinite(vmaf[r]))
            ? keep.Select(r => vmaf[r]).ToArray()
            : null;
        var level = target == CorpusColumns.Mos ? EvaluationLevel.Unit : EvaluationLevel.Frame;
        return new TrainingData(dataset, target, level, baseline, corpus.RowCount - keep.Count, excludedUnits.Count);
    }

    /// <summary>
    /// Reads a list of units to leave out: one per line, or a CSV/TSV whose first column names them (a header
    /// row is skipped); when the header has a <c>flag</c> column only rows whose flag is true count (the layout
    /// of an audit's or a dataset's list of suspect logs).
    /// </summary>
    public static IReadOnlySet<string> ReadUnitList(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0)
        {
            return new HashSet<string>();
        }

        char separator = lines[0].Contains('\t') ? '\t' : ',';
        string[] header = lines[0].Split(separator).Select(h => h.Trim()).ToArray();
        bool hasHeader = header.Any(h => h is "flag" or "distorted" or "video_name" or "dis_basename" or "unit");
        int flag = Array.IndexOf(header, "flag");
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(hasHeader ? 1 : 0))
        {
            string[] cells = line.Split(separator);
            if (flag >= 0 && !(flag < cells.Length && cells[flag].Trim() is "True" or "true" or "1" or "yes"))
            {
                continue;
            }

            units.Add(cells[0].Trim());
        }

        return units;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
