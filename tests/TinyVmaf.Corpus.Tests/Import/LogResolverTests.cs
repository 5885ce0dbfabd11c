using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

public sealed class LogResolverTests
{
    [Fact]
    public void A_distorted_name_resolves_by_file_name_then_stem()
    {
        Assert.Equal(
            [Path.Combine("L", "x.mkv.json"), Path.Combine("L", "x.json")],
            LogResolver.Candidates("L", "dis/x.mkv", log: null));
        Assert.Equal([Path.Combine("L", "x.json")], LogResolver.Candidates("L", "x.json", log: null));
        Assert.Equal([Path.Combine("L", "x.json")], LogResolver.Candidates("L", "x", log: null));
    }

    [Fact]
    public void A_log_column_is_the_only_candidate_with_or_without_its_extension()
    {
        Assert.Equal(
            [Path.Combine("L", "X_1080p_1000k.266"), Path.Combine("L", "X_1080p_1000k.266.json")],
            LogResolver.Candidates("L", "X.mkv_1080p_1000k_vvc.mkv", "X_1080p_1000k.266"));
        Assert.Equal([Path.Combine("L", "a.json")], LogResolver.Candidates("L", "b.mkv", "a.json"));
    }

    [Fact]
    public void Rows_resolve_by_stem_or_by_their_log_column_in_one_import()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("A_1000k_1080_hevc.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(temp.File("A_1080p_1000k.266.json"), SyntheticLog.Frames(3, ["integer_adm2"]));
        string table = temp.Write("t.csv", "distorted,source,codec,log\nA_1000k_1080_hevc.mkv,A,hevc,\nA.mkv_1080p_1000k_vvc.mkv,A,vvc,A_1080p_1000k.266.json\n");

        var result = CorpusImporter.Import(new ImportOptions(table, temp.Path, null), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Rows);
        Assert.Equal(["A_1000k_1080_hevc.mkv", "A.mkv_1080p_1000k_vvc.mkv"], result.Table.Units.Distinct());
    }

    [Fact]
    public void A_log_whose_name_differs_only_in_case_is_found_unless_two_do()
    {
        using var temp = new TempDirectory();
        temp.Write("Clip_A.json", "{}");
        temp.Write("clip_b.json", "{}");
        temp.Write("CLIP_B.json", "{}");
        var resolver = new LogResolver(temp.Path);

        Assert.Equal(temp.File("Clip_A.json"), resolver.Resolve(resolver.Candidates("clip_a.mkv", null)));
        Assert.Equal(temp.File("clip_b.json"), resolver.Resolve(resolver.Candidates("clip_b", null)));
        Assert.Null(resolver.Resolve(resolver.Candidates("Clip_B", null)));
    }

    [Theory]
    [InlineData("../secret.json", "'..'")]
    [InlineData("sub/../../secret.json", "'..'")]
    [InlineData("..\\secret.json", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    public void A_log_column_pointing_outside_the_logs_folder_stops_the_import_naming_the_row(string log, string reason)
    {
        using var temp = new TempDirectory();
        string logs = Directory.CreateDirectory(temp.File("logs")).FullName;
        Directory.CreateDirectory(Path.Combine(logs, "sub"));
        SyntheticLog.Write3(temp.File("secret.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        SyntheticLog.Write3(Path.Combine(logs, "ok.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        string table = temp.Write("t.csv", $"distorted,source,codec,log\nfine.mkv,s,x264,ok.json\nsneaky.mkv,s,x264,{log}\n");
        string output = temp.File("out.parquet");

        var refused = Assert.Throws<CorpusImportException>(() =>
            CorpusImporter.Import(new ImportOptions(table, logs, output), cancellationToken: TestContext.Current.CancellationToken));

        var problem = Assert.Single(refused.Problems);
        Assert.Contains("'sneaky.mkv' (t.csv line 3)", problem);
        Assert.Contains(reason, problem);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_log_reached_through_a_symbolic_link_out_of_the_logs_folder_is_not_read()
    {
        using var temp = new TempDirectory();
        string logs = Directory.CreateDirectory(temp.File("logs")).FullName;
        SyntheticLog.Write3(temp.File("secret.json"), SyntheticLog.Frames(2, ["integer_adm2"]));
        File.CreateSymbolicLink(Path.Combine(logs, "link.json"), temp.File("secret.json"));
        string table = temp.Write("t.csv", "distorted,source,codec,log\nsneaky.mkv,s,x264,link.json\n");

        var refused = Assert.Throws<CorpusImportException>(() =>
            CorpusImporter.Import(new ImportOptions(table, logs, null), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("resolves outside the logs folder", Assert.Single(refused.Problems));
    }

    [Fact]
    public void A_log_in_a_subfolder_of_the_logs_folder_is_read()
    {
        using var temp = new TempDirectory();
        string logs = Directory.CreateDirectory(temp.File("logs")).FullName;
        Directory.CreateDirectory(Path.Combine(logs, "sub"));
        SyntheticLog.Write3(Path.Combine(logs, "sub", "a.json"), SyntheticLog.Frames(3, ["integer_adm2"]));
        string table = temp.Write("t.csv", "distorted,source,codec,log\na.mkv,s,x264,sub/a.json\n");

        var result = CorpusImporter.Import(new ImportOptions(table, logs, null), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Rows);
    }

    [Fact]
    public void A_NUL_in_a_log_or_distorted_name_is_a_named_problem_not_a_crash()
    {
        // Minimal input found by the fuzzer: a NUL in a name made Path.GetFullPath throw ArgumentException.
        using var temp = new TempDirectory();
        string table = temp.Write("t.csv", "distorted,source,codec,log\na\0b.mkv,s,x264,\nc.mkv,s,x264,c\0.json\n");

        var refused = Assert.Throws<CorpusImportException>(() =>
            CorpusImporter.Import(new ImportOptions(table, temp.Path, null), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, refused.Problems.Count);
        Assert.Contains("no log", refused.Problems[0]);
        Assert.Contains("NUL", refused.Problems[1]);
    }
}
