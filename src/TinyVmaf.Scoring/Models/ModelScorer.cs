using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Onnx;

namespace TinyVmaf.Scoring.Models;

/// <summary>
/// Runs a regressor on a table of per-frame libvmaf features (extracted or read from a log) and adds its
/// scores as columns: the model's id, and with a variance head <c>{id}_stddev</c>, <c>{id}_ci95_low</c>,
/// <c>{id}_ci95_high</c> (libvmaf's names for its bootstrap intervals).
/// </summary>
internal static class ModelScorer
{
    /// <summary>z for a two-sided 95% Gaussian interval.</summary>
    internal const double Z95 = 1.959963984540054;

    /// <summary>The log key that carries each of the model's features, in <paramref name="table"/>.</summary>
    public static IReadOnlyDictionary<string, double[]> FeatureColumns(RegressorModel model, FeatureTable table, string what)
    {
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string name in model.FeatureOrder)
        {
            if (FeatureNames.IsKnown(name) && LogKeyMap.Find(name, table.HasKey) is { } key)
            {
                columns[name] = table.Column(key).ToArray();
            }
            else
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{what} lacks feature(s) the model {model.Id} needs: {string.Join(", ", missing)}");
        }

        int badFrame = Enumerable.Range(0, table.FrameCount).FirstOrDefault(i => columns.Values.Any(c => !double.IsFinite(c[i])), -1);
        if (badFrame >= 0)
        {
            string name = columns.First(c => !double.IsFinite(c.Value[badFrame])).Key;
            throw new InvalidDataException($"{what}: frame {badFrame} has no finite value for {name}");
        }

        return columns;
    }

    /// <summary>Scores every frame of <paramref name="table"/> and adds the score columns to it.</summary>
    public static void AddScores(RegressorModel model, FeatureTable table, string? codec, string what)
    {
        var prediction = model.Predict(FeatureColumns(model, table, what), codec);
        table.SetColumn(model.Id, prediction.Scores.Select(s => (double)s).ToArray());
        if (prediction.LogVariances is { } logVariances)
        {
            var (low, high) = model.ScoreRange;
            double[] stddev = logVariances.Select(lv => Math.Exp(0.5 * lv)).ToArray();
            table.SetColumn(model.Id + "_stddev", stddev);
            table.SetColumn(model.Id + "_ci95_low", prediction.Scores.Select((s, i) => Math.Clamp(s - Z95 * stddev[i], low, high)).ToArray());
            table.SetColumn(model.Id + "_ci95_high", prediction.Scores.Select((s, i) => Math.Clamp(s + Z95 * stddev[i], low, high)).ToArray());
        }
    }
}
