using TinyVmaf.Model.Evaluation;
using TinyVmaf.Model.Regressor;
using TinyVmaf.Model.Training;

namespace TinyVmaf.Model.Tests.Evaluation;

public sealed class LosoTests
{
    [Fact]
    public void Every_row_is_predicted_by_a_model_trained_only_on_the_other_sources()
    {
        var data = LosoFixtures.Corpus(codecEffect: 10, sources: 3, unitsPerCodec: 2, frames: 3);
        var options = LosoFixtures.QuickOptions(EvaluationLevel.Frame, seeds: 2) with { BaseSeed = 17 };
        var predictions = Loso.PredictHeldOut(data, [true], options, TestContext.Current.CancellationToken)[0];

        // Redo seed 1 of every fold by hand: train on the other sources with the seed the contract names.
        for (int f = 0; f < data.DistinctSources.Count; f++)
        {
            string heldOut = data.DistinctSources[f];
            var train = data.SelectRows(Enumerable.Range(0, data.RowCount).Where(r => data.Sources[r] != heldOut));
            var test = Enumerable.Range(0, data.RowCount).Where(r => data.Sources[r] == heldOut).ToArray();
            var seed = SeededRandom.Mix(SeededRandom.Mix(17, 1), (ulong)f);
            var model = FrRegressor.Train(train.Features, train.FeatureCount, train.Labels, train.Codecs, codecAware: true,
                options.Regressor with { Seed = seed });
            var heldData = data.SelectRows(test);
            var expected = model.Predict(heldData.Features, heldData.Codecs);
            for (int i = 0; i < test.Length; i++)
                Assert.Equal(expected[i], predictions[1][test[i]]);
        }
    }

    [Fact]
    public void Results_do_not_depend_on_how_many_folds_run_at_once()
    {
        var data = LosoFixtures.Corpus(codecEffect: 10, sources: 3, unitsPerCodec: 2, frames: 3);
        var one = Loso.Run(data, codecAware: true, LosoFixtures.QuickOptions(EvaluationLevel.Unit, seeds: 2, parallelism: 1), cancellation: TestContext.Current.CancellationToken);
        var two = Loso.Run(data, codecAware: true, LosoFixtures.QuickOptions(EvaluationLevel.Unit, seeds: 2, parallelism: 2), cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(one), System.Text.Json.JsonSerializer.Serialize(two));
    }

    [Fact]
    public void At_unit_level_a_video_is_scored_by_the_mean_of_its_frame_predictions()
    {
        var data = new Dataset(["adm2"], [1f, 2f, 3f, 4f, 5f], [70, 70, 40, 40, 40],
            ["a", "a", "b", "b", "b"], [0, 0, 1, 1, 1], ["v1", "v1", "v2", "v2", "v2"]);
        var units = EvaluationGroups.Build(data, EvaluationLevel.Unit);
        Assert.Equal(2, units.Count);
        Assert.Equal([70.0, 40.0], units.Labels);
        Assert.Equal([15.0, 40.0], units.Aggregate([10, 20, 30, 40, 50]));
        Assert.Equal(1, units.CountInSource(0));

        var frames = EvaluationGroups.Build(data, EvaluationLevel.Frame);
        Assert.Equal(5, frames.Count);
        Assert.Equal([10.0, 20, 30, 40, 50], frames.Aggregate([10, 20, 30, 40, 50]));
    }

    [Fact]
    public void A_report_has_pooled_fold_and_codec_metrics_with_their_spread_over_seeds()
    {
        var data = LosoFixtures.Corpus(codecEffect: 0);
        var report = Loso.Run(data, codecAware: false, LosoFixtures.QuickOptions(EvaluationLevel.Unit), cancellation: TestContext.Current.CancellationToken);
        Assert.Equal("unit", report.Level);
        Assert.Equal(3, report.Summary.PerSeed.Count);
        Assert.Equal(data.UnitCount, report.Summary.Loso.Count);
        Assert.Equal(report.Summary.PerSeed.Average(s => s.Plcc), report.Summary.Loso.Plcc, 12);
        Assert.True(report.Summary.LosoStd.Plcc >= 0);
        Assert.Equal(data.DistinctSources, report.Folds.Select(f => f.Source));
        Assert.All(report.Folds, f => Assert.Equal(12, f.Count));
        Assert.Equal(["libsvtav1", "x264", "x265"], report.PerCodec.Keys.Order(StringComparer.Ordinal));
        // The label is a smooth function of features shared by every source: held-out sources are predicted well.
        Assert.True(report.Summary.Loso.Plcc > 0.9, $"LOSO PLCC {report.Summary.Loso.Plcc}");
    }

    [Fact]
    public void Leave_one_source_out_needs_two_sources()
    {
        var data = LosoFixtures.Corpus(codecEffect: 0, sources: 1);
        Assert.Throws<ArgumentException>(() => Loso.Run(data, false, LosoFixtures.QuickOptions(EvaluationLevel.Frame), cancellation: TestContext.Current.CancellationToken));
    }
}
