namespace TinyVmaf.Cli.Tests;

/// <summary>
/// <c>corpus import</c> refusing a bad table through the CLI: exit code 1, the fault named on stderr at its row, no
/// output file and no temporary left. (Every kind of fault is covered in the Corpus tests, <c>ImportRefusalTests</c>.)
/// </summary>
public sealed class CorpusImportRefusalTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("distorted,source,codec,mos\nclip,s,x264,good\n", "'clip' (table.csv line 2): 'mos' is 'good', not a number")]
    [InlineData("distorted,source,codec\nclip,s,x264\nclip,s,x265\n", "'clip' is named by 2 rows (lines 2, 3)")]
    [InlineData("distorted,source,codec\nclip,s,x264\nother,s\n", "table.csv, line 3: 2 fields where the header has 3")]
    [InlineData("distorted,source,codec\nnolog,s,x264\n", "'nolog' (table.csv line 2): no log; looked for nolog.json")]
    [InlineData("distorted,source\nclip,s\n", "no 'codec' column")]
    public void A_refused_table_exits_1_names_the_fault_and_writes_nothing(string table, string named)
    {
        File.WriteAllText(_cli.PathOf("table.csv"), table);
        Directory.CreateDirectory(_cli.PathOf("logs"));
        File.WriteAllText(_cli.PathOf("logs/clip.json"),
            "{\"version\":\"3.0.0\",\"frames\":[{\"frameNum\":0,\"metrics\":{\"integer_adm2\":0.9}},{\"frameNum\":1,\"metrics\":{\"integer_adm2\":0.8}}]}");

        var (exit, stdout, stderr) = _cli.Run("corpus", "import", "--table", _cli.PathOf("table.csv"), "--logs", _cli.PathOf("logs"), "-o", _cli.PathOf("out/c.parquet"));

        Assert.Equal(1, exit);
        Assert.StartsWith("tinyvmaf: error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(["clip.json", "table.csv"], _cli.Files().Order(StringComparer.Ordinal));
        Assert.Empty(stdout);
    }
}
