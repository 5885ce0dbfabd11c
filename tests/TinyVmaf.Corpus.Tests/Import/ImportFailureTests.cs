using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary>A bad input stops the import, every fault is named, and no output file is left behind.</summary>
public sealed class ImportFailureTests
{
    private static CorpusImportException ImportFails(TempDirectory temp, string table, string logs)
    {
        string tablePath = temp.Write("table.csv", table);
        return Assert.Throws<CorpusImportException>(() => CorpusImporter.Import(
            new ImportOptions(tablePath, logs, temp.File("out/corpus.parquet")),
            cancellationToken: TestContext.Current.CancellationToken));
    }

    private static void AssertNoOutput(TempDirectory temp) =>
        Assert.DoesNotContain(temp.Files(), f => f.StartsWith("out", StringComparison.Ordinal));

    [Fact]
    public void Every_missing_log_is_named_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        SyntheticLog.Write3(Path.Combine(logs, "present.json"), SyntheticLog.Frames(3, ["integer_adm2", "vmaf"]));

        var error = ImportFails(temp, "distorted,source,codec\npresent.mp4,s,x264\nabsent_one.mp4,s,x264\nabsent_two,s,x265\n", logs);

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("'absent_one.mp4'", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("absent_one.json", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("'absent_two'", error.Problems[1], StringComparison.Ordinal);
        Assert.Contains("absent_one.mp4", error.Message, StringComparison.Ordinal);
        Assert.Contains("absent_two", error.Message, StringComparison.Ordinal);
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_log_that_does_not_parse_is_named_with_the_reason()
    {
        using var temp = new TempDirectory();
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        SyntheticLog.Write3(Path.Combine(logs, "good.json"), SyntheticLog.Frames(3, ["integer_adm2"]));
        File.WriteAllText(Path.Combine(logs, "broken.json"), "{ \"version\": \"3.0.0\", \"frames\": [ { \"frameNum\": 0, \"metrics\": { \"integer_adm2\": 0.9");
        File.WriteAllText(Path.Combine(logs, "notalog.json"), "{ \"hello\": 1 }");

        var error = ImportFails(temp, "distorted,source,codec\ngood,s,x264\nbroken,s,x264\nnotalog,s,x264\n", logs);

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("'broken'", StringComparison.Ordinal) && p.Contains("broken.json", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'notalog'", StringComparison.Ordinal) && p.Contains("no 'frames' array", StringComparison.Ordinal));
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_missing_required_column_is_named()
    {
        using var temp = new TempDirectory();
        var error = ImportFails(temp, "distorted,codec,mos\na,x264,3\n", temp.Path);

        Assert.Contains("source", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Problems);
        Assert.Contains("'source'", error.Problems[0], StringComparison.Ordinal);
        AssertNoOutput(temp);
    }

    [Fact]
    public void Bad_table_rows_are_all_named_with_their_lines()
    {
        using var temp = new TempDirectory();
        var error = ImportFails(temp, "distorted,source,codec,mos,crf\na,s,x264,3,23\nb,s,x264,,23\nc,s,x264,high,23\nd,s,x264,2,fast\na,s,x265,3,23\n", temp.Path);

        Assert.Contains(error.Problems, p => p.Contains("'b'", StringComparison.Ordinal) && p.Contains("line 3", StringComparison.Ordinal) && p.Contains("empty 'mos'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'c'", StringComparison.Ordinal) && p.Contains("'high'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'d'", StringComparison.Ordinal) && p.Contains("'crf'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'a' is named by 2 rows", StringComparison.Ordinal));
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_log_column_that_points_nowhere_is_not_replaced_by_a_guess()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("clip.json"), SyntheticLog.Frames(2, ["integer_adm2"]));

        var error = ImportFails(temp, "distorted,source,codec,log\nclip.mkv,s,vvc,clip.266\n", temp.Path);

        Assert.Contains("clip.266.json", error.Problems[0], StringComparison.Ordinal);
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_failed_import_leaves_an_existing_output_untouched()
    {
        using var temp = new TempDirectory();
        string output = temp.Write("out/corpus.parquet", "previous corpus");

        Assert.Throws<CorpusImportException>(() => CorpusImporter.Import(
            new ImportOptions(temp.Write("table.csv", "distorted,source,codec\nmissing,s,x264\n"), temp.Path, output),
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("previous corpus", File.ReadAllText(output));
        Assert.Equal(["out/corpus.parquet", "table.csv"], temp.Files());
    }
}
