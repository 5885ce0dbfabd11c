using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

public sealed class MosScaleTests
{
    [Theory]
    [InlineData("1:5", 1.0, 0.0)]
    [InlineData("1:5", 5.0, 100.0)]
    [InlineData("1:5", 3.0, 50.0)]
    [InlineData("0:10", 2.5, 25.0)]
    public void Rescaling_maps_the_scale_onto_0_to_100(string scale, double mos, double expected) =>
        Assert.Equal(expected, MosScale.Parse(scale).Rescale(mos), 12);

    [Theory]
    [InlineData("5")]
    [InlineData("5:1")]
    [InlineData("1:1")]
    [InlineData("a:b")]
    [InlineData("1:5:9")]
    public void A_malformed_scale_is_refused(string text) =>
        Assert.Throws<FormatException>(() => MosScale.Parse(text));

    [Fact]
    public void A_score_outside_the_scale_stops_the_import_naming_each_row_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("a.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(temp.File("b.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(temp.File("c.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        string table = temp.Write("t.csv", "distorted,source,codec,mos\na,s,x264,5.5\nb,s,x264,2\nc,s,x264,0.99\n");
        string output = temp.File("out.parquet");

        var refused = Assert.Throws<CorpusImportException>(() => CorpusImporter.Import(
            new ImportOptions(table, temp.Path, output) { MosScale = MosScale.Parse("1:5") }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, refused.Problems.Count);
        Assert.Contains("'a' (t.csv line 2): mos 5.5 lies outside --mos-scale 1:5", refused.Problems[0]);
        Assert.Contains("'c' (t.csv line 4): mos 0.99 lies outside --mos-scale 1:5", refused.Problems[1]);
        Assert.Contains(table, refused.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Scores_on_the_ends_of_the_scale_import()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("a.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(temp.File("b.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        string table = temp.Write("t.csv", "distorted,source,codec,mos\na,s,x264,5\nb,s,x264,1\n");

        var result = CorpusImporter.Import(new ImportOptions(table, temp.Path, null) { MosScale = MosScale.Parse("1:5") },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([100, 100, 0, 0], result.Table.Mos!);
    }
}
