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
}
