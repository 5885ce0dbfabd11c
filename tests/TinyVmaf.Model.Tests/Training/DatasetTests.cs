using TinyVmaf.Model.Training;

namespace TinyVmaf.Model.Tests.Training;

public sealed class DatasetTests
{
    private static Dataset Small() => new(["adm2", "motion2"], [1f, 10f, 2f, 20f, 3f, 30f], [50, 60, 70],
        ["b", "a", "b"], [0, 1, 0], ["b1", "a1", "b1"]);

    [Fact]
    public void Sources_come_out_in_ordinal_order_as_the_folds()
    {
        var data = Small();
        Assert.Equal(["a", "b"], data.DistinctSources);
        Assert.Equal(2, data.UnitCount);
        Assert.Equal([2f, 20f], data.Row(1).ToArray());
    }

    [Fact]
    public void Rows_and_features_can_be_selected()
    {
        var data = Small();
        var rows = data.SelectRows([2, 0]);
        Assert.Equal([3f, 30f, 1f, 10f], rows.Features.ToArray());
        Assert.Equal([70.0, 50.0], rows.Labels.ToArray());
        var motion = data.SelectFeatures(["motion2"]);
        Assert.Equal([10f, 20f, 30f], motion.Features.ToArray());
        Assert.Throws<ArgumentException>(() => data.SelectFeatures(["vif_scale0"]));
    }

    [Fact]
    public void A_unit_that_spans_two_sources_is_refused_because_it_would_leak_across_folds()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset(["adm2"], [1f, 2f], [1, 2], ["a", "b"], [0, 0], ["v", "v"]));
        Assert.Contains("'v'", error.Message);
    }

    [Fact]
    public void Non_finite_values_and_foreign_codec_indices_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Dataset(["adm2"], [float.NaN], [1], ["a"], [0], ["v"]));
        Assert.Throws<ArgumentException>(() => new Dataset(["adm2"], [1f], [double.PositiveInfinity], ["a"], [0], ["v"]));
        Assert.Throws<ArgumentException>(() => new Dataset(["adm2"], [1f], [1], ["a"], [6], ["v"]));
        Assert.Throws<ArgumentException>(() => new Dataset(["adm2", "adm2"], [1f, 2f], [1], ["a"], [0], ["v"]));
    }
}
