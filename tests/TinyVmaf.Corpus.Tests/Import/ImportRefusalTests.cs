using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary>
/// Every way <c>corpus import</c> refuses a table or its logs, one case each: the import throws, one problem names
/// the row (its video and line) or the file and says what is wrong with it, and no output is left behind.
/// </summary>
public sealed class ImportRefusalTests
{
    public static TheoryData<string, string, string[]> BadTables() => new()
    {
        { "empty distorted", "distorted,source,codec\n,s,x264\n", ["table.csv line 2", "empty 'distorted'"] },
        { "empty source", "distorted,source,codec\na,,x264\n", ["'a' (table.csv line 2)", "empty 'source'"] },
        { "empty mos", "distorted,source,codec,mos\na,s,x264,\n", ["'a' (table.csv line 2)", "empty 'mos'"] },
        { "mos not a number", "distorted,source,codec,mos\na,s,x264,good\n", ["'a' (table.csv line 2)", "'mos' is 'good', not a number"] },
        { "mos infinite", "distorted,source,codec,mos\na,s,x264,inf\n", ["'a' (table.csv line 2)", "'mos' is 'inf', not a number"] },
        { "mos NaN", "distorted,source,codec,mos\na,s,x264,NaN\n", ["'a' (table.csv line 2)", "'mos' is 'NaN', not a number"] },
        { "crf not a number", "distorted,source,codec,crf\na,s,x264,slow\n", ["'a' (table.csv line 2)", "'crf' is 'slow', not a number"] },
        { "bitrate not a number", "distorted,source,codec,bitrate_kbps\na,s,x264,1M\n", ["'a' (table.csv line 2)", "'bitrate_kbps' is '1M', not a number"] },
        { "a video named twice", "distorted,source,codec\na,s,x264\nb,s,x264\na,t,x265\n", ["'a' is named by 2 rows (lines 2, 4)"] },
        { "too few fields", "distorted,source,codec\na,s,x264\nb,s\n", ["table.csv, line 3: 2 fields where the header has 3"] },
        { "too many fields", "distorted,source,codec\na,s,x264,extra\n", ["table.csv, line 2: 4 fields where the header has 3"] },
        { "stray quote", "distorted,source,codec\na\"b,s,x264\n", ["table.csv, line 2: stray quote"] },
        { "unclosed quote", "distorted,source,codec\na,s,x264\n\"b,s,x264\n", ["table.csv, line 3: unclosed quote"] },
        { "text after a closing quote", "distorted,source,codec\n\"a\"b,s,x264\n", ["table.csv, line 2: text after a closing quote"] },
        { "empty table", "", ["table.csv: empty table"] },
        { "header only", "distorted,source,codec\n", ["table.csv: the table has no rows"] },
        { "no codec column", "distorted,source,mos\na,s,3\n", ["table.csv", "no 'codec' column"] },
    };

    [Theory]
    [MemberData(nameof(BadTables))]
    public void A_bad_table_is_refused_naming_the_row_and_the_fault(string kind, string table, string[] expected)
    {
        using var temp = new TempDirectory();
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        foreach (string unit in new[] { "a", "b" })
        {
            SyntheticLog.Write3(Path.Combine(logs, unit + ".json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        }

        var error = Refused(temp, table, logs);

        AssertNamed(kind, error, expected);
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_missing_logs_folder_is_named()
    {
        using var temp = new TempDirectory();

        var error = Refused(temp, "distorted,source,codec\na,s,x264\n", temp.File("nowhere"));

        AssertNamed("missing folder", error, ["nowhere: no such folder"]);
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_row_without_a_log_is_named_with_the_names_looked_for()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("logs"));

        var error = Refused(temp, "distorted,source,codec\nclip.mp4,s,x264\n", temp.File("logs"));

        AssertNamed("missing log", error, ["'clip.mp4' (table.csv line 2)", "no log; looked for", "clip.mp4.json", "clip.json"]);
        AssertNoOutput(temp);
    }

    [Fact]
    public void Two_rows_that_resolve_to_one_log_are_both_named()
    {
        using var temp = new TempDirectory();
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        SyntheticLog.Write3(Path.Combine(logs, "clip.json"), SyntheticLog.Frames(2, ["integer_adm2"]));

        var error = Refused(temp, "distorted,source,codec\nclip.mp4,s,x264\nclip.mkv,s,x265\n", logs);

        AssertNamed("shared log", error, ["clip.json is the log of 2 rows", "'clip.mp4'", "'clip.mkv'", "each video needs its own log"]);
        AssertNoOutput(temp);
    }

    [Fact]
    public void A_log_without_frames_is_named()
    {
        using var temp = new TempDirectory();
        string logs = Path.Combine(temp.Path, "logs");
        Directory.CreateDirectory(logs);
        File.WriteAllText(Path.Combine(logs, "a.json"), "{ \"version\": \"3.0.0\", \"frames\": [] }");

        var error = Refused(temp, "distorted,source,codec\na,s,x264\n", logs);

        Assert.Contains(error.Problems, p => p.Contains("a.json", StringComparison.Ordinal));
        AssertNoOutput(temp);
    }

    private static CorpusImportException Refused(TempDirectory temp, string table, string logs)
    {
        string path = temp.Write("table.csv", table);
        return Assert.Throws<CorpusImportException>(() => CorpusImporter.Import(
            new ImportOptions(path, logs, temp.File("out/corpus.parquet")),
            cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>One problem holds every expected phrase: the fault is named at its row, not somewhere in the message.</summary>
    private static void AssertNamed(string kind, CorpusImportException error, string[] expected)
    {
        Assert.True(
            error.Problems.Any(p => expected.All(e => p.Contains(e, StringComparison.Ordinal))),
            $"{kind}: no problem says all of [{string.Join(" | ", expected)}]; the problems: {string.Join(" || ", error.Problems)}");
        Assert.All(expected, e => Assert.Contains(e, error.Message, StringComparison.Ordinal));
    }

    private static void AssertNoOutput(TempDirectory temp) =>
        Assert.DoesNotContain(temp.Files(), f => f.StartsWith("out", StringComparison.Ordinal));
}
