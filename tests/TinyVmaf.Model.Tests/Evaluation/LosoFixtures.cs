using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Model.Tests.Evaluation;

internal static class LosoFixtures
{
    public static readonly string[] FeatureNames = ["adm2", "vif_scale0", "motion2"];

    /// <summary>
    /// A small MOS-like corpus: sources × codecs (x264, x265, libsvtav1) × units × frames. Each unit (video) has a
    /// quality q; its frames' features are noisy functions of q; its label is 20 + 60·q plus a per-codec offset
    /// that only a codec-aware model can learn, the same for every frame of the unit.
    /// </summary>
    public static Dataset Corpus(double codecEffect, int sources = 4, int unitsPerCodec = 4, int frames = 6, ulong seed = 1)
    {
        var random = new SeededRandom(seed);
        var features = new List<float>();
        var labels = new List<double>();
        var sourceOf = new List<string>();
        var codecOf = new List<int>();
        var unitOf = new List<string>();
        int[] codecs = [0, 1, 2];
        for (int s = 0; s < sources; s++)
        {
            double sourceShift = 0.1 * (random.NextDouble() - 0.5);
            foreach (int codec in codecs)
            {
                for (int u = 0; u < unitsPerCodec; u++)
                {
                    double q = random.NextDouble();
                    double label = 20 + 60 * q + codecEffect * (codec - 1);
                    for (int f = 0; f < frames; f++)
                    {
                        double noise = 0.03 * (random.NextDouble() - 0.5);
                        features.Add((float)(0.5 + 0.5 * q + noise + sourceShift));
                        features.Add((float)(0.2 + 0.7 * q * q + noise));
                        features.Add((float)(3 * random.NextDouble()));
                        labels.Add(label);
                        sourceOf.Add($"src{s}");
                        codecOf.Add(codec);
                        unitOf.Add($"src{s}_c{codec}_u{u}");
                    }
                }
            }
        }
        return new Dataset(FeatureNames, features.ToArray(), labels.ToArray(), sourceOf.ToArray(), codecOf.ToArray(), unitOf.ToArray());
    }

    public static LosoOptions QuickOptions(EvaluationLevel level, int seeds = 3, int parallelism = 2) => new()
    {
        Regressor = new FrRegressorOptions { Hidden = 16, Epochs = 25, BatchSize = 32 },
        Seeds = seeds,
        Level = level,
        MaxDegreeOfParallelism = parallelism,
    };
}
