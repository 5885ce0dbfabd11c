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
    public void Scores_outside_the_scale_are_rescaled_and_reported()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("a.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(temp.File("b.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        string table = temp.Write("t.csv", "distorted,source,codec,mos\na,s,x264,5.5\nb,s,x264,2\n");

        var result = CorpusImporter.Import(new ImportOptions(table, temp.Path, null) { MosScale = MosScale.Parse("1:5") },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([112.5, 112.5, 25, 25], result.Table.Mos!);
        Assert.Contains(result.Warnings, w => w.Contains("1 MOS value(s) lie outside the scale 1:5", StringComparison.Ordinal));
    }
}
