using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary><c>corpus import --dataset</c>: every row carries the dataset it came from, on disk too.</summary>
public sealed class DatasetStampTests
{
    [Fact]
    public void Without_a_name_every_row_is_stamped_with_the_tables_file_stem()
    {
        using var temp = new TempDirectory();
        var result = Import(temp, dataset: null);

        Assert.Equal(Enumerable.Repeat("my_lab_test", 5), result.Datasets);
        Assert.Equal("my_lab_test", result.Metadata[CorpusColumns.DatasetKey]);
    }

    [Fact]
    public void A_given_name_is_stamped_on_every_row()
    {
        using var temp = new TempDirectory();
        var result = Import(temp, dataset: " lab2 ");

        Assert.Equal(Enumerable.Repeat("lab2", 5), result.Datasets);
        Assert.Equal([new DatasetCount("lab2", 5, 2, 1)], result.Describe().Datasets);
    }

    private static CorpusTable Import(TempDirectory temp, string? dataset)
    {
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        SyntheticLog.Write3(Path.Combine(logs, "a.json"), SyntheticLog.Frames(3, ["integer_adm2", "vmaf"]));
        SyntheticLog.Write3(Path.Combine(logs, "b.json"), SyntheticLog.Frames(2, ["integer_adm2", "vmaf"]));
        string table = temp.Write("my_lab_test.csv", "distorted,source,codec,mos\na.mp4,s,x264,3\nb.mp4,s,hevc,4\n");
        CorpusImporter.Import(
            new ImportOptions(table, logs, temp.File("c.parquet")) { Dataset = dataset, MosScale = MosScale.Parse("1:5") },
            cancellationToken: TestContext.Current.CancellationToken);
        return CorpusTable.Read(temp.File("c.parquet"));
    }
}
