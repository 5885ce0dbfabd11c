using TinyVmaf.Corpus.Training;

namespace TinyVmaf.Corpus.Tests.Training;

public sealed class TrainingDataTests
{
    [Fact]
    public void Two_datasets_videos_of_one_name_stay_two_units_and_a_single_dataset_keeps_bare_names()
    {
        var merged = new CorpusTable(
            ["s", "s", "t"], ["v.mkv", "v.mkv", "v.mkv"], [0, 1, 0], ["x264", "x264", "x264"], ["", "", ""], [10.0, 10.0, 90.0], null,
            null, null, null, null, new Dictionary<string, double[]> { ["adm2"] = [0.5, 0.6, 0.9] }, null, ["a", "a", "b"]);
        var single = new CorpusTable(
            ["s", "s"], ["v.mkv", "v.mkv"], [0, 1], ["x264", "x264"], ["", ""], [10.0, 10.0], null,
            null, null, null, null, new Dictionary<string, double[]> { ["adm2"] = [0.5, 0.6] }, null, ["a", "a"]);

        var fromMerged = TrainingDataBuilder.Build(merged, ["adm2"], "mos").Dataset;
        var fromSingle = TrainingDataBuilder.Build(single, ["adm2"], "mos").Dataset;

        Assert.Equal(2, fromMerged.UnitCount);
        Assert.Equal(1, fromSingle.UnitCount);
    }

    [Fact]
    public void An_exclusion_list_names_videos_by_their_bare_name_in_every_dataset()
    {
        var merged = new CorpusTable(
            ["s", "t", "t"], ["v.mkv", "v.mkv", "w.mkv"], [0, 0, 0], ["x264", "x264", "x264"], ["", "", ""], [10.0, 90.0, 50.0], null,
            null, null, null, null, new Dictionary<string, double[]> { ["adm2"] = [0.5, 0.9, 0.7] }, null, ["a", "b", "b"]);

        var data = TrainingDataBuilder.Build(merged, ["adm2"], "mos", new HashSet<string> { "v.mkv" });

        Assert.Equal(1, data.Dataset.UnitCount);
        Assert.Equal(2, data.UnitsExcluded);
    }
}
