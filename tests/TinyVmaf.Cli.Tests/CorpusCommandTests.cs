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
