using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

public sealed class CorpusCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Import_then_describe_reports_the_rows_codecs_and_features()
    {
        SharedData.RequireOrSkip();
        string table = WriteTable("coffee__x264,coffee,h264,80", "coffee__libsvtav1,coffee,av1,60");
        string corpus = _cli.PathOf("c.parquet");

        var (exit, stdout, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", Path.Combine(SharedData.Golden, "features"),
            "--output", corpus, "--mos-scale", "0:100");
        Assert.True(exit == 0, stderr);
        Assert.Contains("20 rows (2 videos, 22 features)", stdout);

        (exit, stdout, stderr) = _cli.Run("corpus", "describe", corpus);
        Assert.True(exit == 0, stderr);
        Assert.Contains("x264", stdout);
        Assert.Contains("libsvtav1", stdout);
        Assert.Contains("ssimulacra2", stdout);
    }

    [Fact]
    public void Two_datasets_imported_apart_merge_keeping_their_names_and_one_dataset_twice_does_not()
    {
        SharedData.RequireOrSkip();
        string table = WriteTable("coffee__x264,coffee,h264,80", "coffee__libsvtav1,coffee,av1,60");
        string logs = Path.Combine(SharedData.Golden, "features");
        foreach (string name in new[] { "lab1", "lab2" })
        {
            var (code, output, error) = _cli.Run("corpus", "import", "--table", table, "--logs", logs, "--dataset", name, "-o", _cli.PathOf(name + ".parquet"));
            Assert.True(code == 0, error);
            Assert.Contains($"of dataset '{name}'", output);
        }

        var (exit, stdout, stderr) = _cli.Run("corpus", "merge", _cli.PathOf("lab1.parquet"), _cli.PathOf("lab2.parquet"), "-o", _cli.PathOf("both.parquet"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 corpora, 40 rows (4 videos)", stdout);
        (exit, stdout, stderr) = _cli.Run("corpus", "describe", _cli.PathOf("both.parquet"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("datasets  lab1 (2 videos, 1 sources, 20 rows), lab2 (2 videos, 1 sources, 20 rows)", stdout);

        (exit, _, stderr) = _cli.Run("corpus", "merge", _cli.PathOf("lab1.parquet"), _cli.PathOf("lab1.parquet"), "-o", _cli.PathOf("twice.parquet"));
        Assert.Equal(1, exit);
        Assert.Contains("'coffee__x264' of dataset 'lab1'", stderr);
        Assert.False(File.Exists(_cli.PathOf("twice.parquet")));
    }

    [Fact]
    public void Import_with_a_missing_log_names_it_and_writes_nothing()
    {
        SharedData.RequireOrSkip();
        string table = WriteTable("coffee__x264,coffee,x264,80", "coffee__nothere,coffee,x264,60");
        string corpus = _cli.PathOf("c.parquet");

        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", Path.Combine(SharedData.Golden, "features"), "--output", corpus);

        Assert.Equal(1, exit);
        Assert.Contains("coffee__nothere", stderr);
        Assert.False(File.Exists(corpus));
        Assert.Single(_cli.Files());
    }

    [Fact]
    public void A_bad_mos_scale_is_a_clear_error()
    {
        string table = WriteTable("a,b,x264,1");
        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", _cli.Dir, "--output", _cli.PathOf("c.parquet"), "--mos-scale", "five");

        Assert.Equal(1, exit);
        Assert.Contains("--mos-scale", stderr);
    }

    [Fact]
    public void A_mos_outside_the_scale_and_a_log_outside_the_logs_folder_are_errors_naming_their_rows()
    {
        SharedData.RequireOrSkip();
        string logs = Path.Combine(SharedData.Golden, "features");
        string corpus = _cli.PathOf("c.parquet");

        string table = WriteTable("coffee__x264,coffee,x264,6", "coffee__libsvtav1,coffee,av1,3");
        var (exit, _, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", logs, "--output", corpus, "--mos-scale", "1:5");
        Assert.Equal(1, exit);
        Assert.Contains("'coffee__x264' (table.csv line 2): mos 6 lies outside --mos-scale 1:5", stderr);
        Assert.False(File.Exists(corpus));

        File.WriteAllLines(table, ["distorted,source,codec,log", "coffee__x264,coffee,x264,../features/coffee__x264.json"]);
        (exit, _, stderr) = _cli.Run("corpus", "import", "--table", table, "--logs", logs, "--output", corpus);
        Assert.Equal(1, exit);
        Assert.Contains("'coffee__x264' (table.csv line 2): log '../features/coffee__x264.json' climbs out with '..'", stderr);
        Assert.False(File.Exists(corpus));
        Assert.Single(_cli.Files());
    }

    private string WriteTable(params string[] rows)
    {
        string path = _cli.PathOf("table.csv");
        File.WriteAllLines(path, ["distorted,source,codec,mos", .. rows]);
        return path;
    }
}
