using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>
/// Every model of Netflix's zoo, scored from the features upstream libvmaf 3.2 logged, against the scores it
/// logged beside them (<c>../shared/golden/models</c>, <c>../shared/golden_v1/models</c>): the model runtime
/// alone, independent of our extractors. Every score key upstream writes is compared, frame by frame.
/// </summary>
public sealed class ModelZooScoreParityTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Labels()
    {
        var data = new TheoryData<string, string>();
        foreach (string set in new[] { "golden", "golden_v1" })
        {
            foreach (string label in ModelZoo.Labels)
            {
                data.Add(set, label);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Scores_from_upstreams_own_features_equal_upstreams_scores(string set, string label)
    {
        SharedData.RequireOrSkip();
        string folder = Path.Combine(SharedData.Require(), set, "models", label);
        Assert.SkipUnless(Directory.Exists(folder), $"{set} has no logs for {label}");
        var model = VmafModel.Load(VmafModelSpec.Parse(ModelZoo.SpecOf(label)), ModelZoo.Folder);

        int values = 0;
        double worst = 0;
        foreach (string log in Directory.EnumerateFiles(folder, "*.json"))
        {
            var columns = VmafLogFrames.Read(log);
            foreach (string key in model.FeatureKeys)
            {
                Assert.True(columns.ContainsKey(key), $"{log} has no '{key}' (the model's input)");
            }

            var scores = model.ScoreFrames(key => columns[key]);
            Assert.Equal(columns.Keys.Where(k => k == "vmaf" || k.StartsWith("vmaf_", StringComparison.Ordinal)).Order(), model.ScoreKeys.Order());
            foreach (var column in scores)
            {
                var expected = columns[column.Key];
                for (int f = 0; f < expected.Length; f++)
                {
                    double delta = Math.Abs(expected[f] - column.Values[f]);
                    worst = Math.Max(worst, delta);
                    Assert.True(delta <= 1e-9, $"{Path.GetFileName(log)} frame {f} {column.Key}: libvmaf {expected[f]:R}, ours {column.Values[f]:R}");
                    values++;
                }
            }
        }

        GoldenComparisons.Record(values);
        output.WriteLine($"{set}/{label}: {values} score values compared, max |Δ| {worst:E2}");
        Assert.True(values > 0, "no score compared");
    }
}
