using TinyVmaf.Corpus.Audit;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Audit;

/// <summary>Each audit check on small synthetic logs built to have exactly one fault.</summary>
public sealed class LogAuditorTests
{
    private const int Frames = 40;

    /// <summary>A reference motion track shared by every log of a source, with scene-like variation.</summary>
    private static double Motion(int f) => f == 0 ? 0 : 3 + 2 * Math.Sin(f * 1.9) + (f % 13 == 0 ? 20 : 0);

    private static void WriteLog(string path, int frames, Func<int, double> motion, Func<int, double> vmaf)
    {
        var rows = Enumerable.Range(0, frames)
            .Select(f => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
            {
                ["integer_motion"] = motion(f),
                ["integer_adm2"] = 0.5 + vmaf(f) / 200,
                ["vmaf"] = vmaf(f),
            })
            .ToArray();
        SyntheticLog.Write3(path, rows);
    }

    private static AuditReport Audit(TempDirectory temp, string table) =>
        LogAuditor.Audit(new AuditOptions(temp.Write("t.csv", table), temp.Path), cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public void Clean_logs_give_no_findings()
    {
        using var temp = new TempDirectory();
        foreach (string codec in new[] { "x264", "x265", "av1" })
        {
            WriteLog(temp.File($"s_{codec}.json"), Frames, Motion, f => 80 + (f % 5));
        }

        var report = Audit(temp, "distorted,source,codec,bitrate_kbps\ns_x264,s,x264,1000\ns_x265,s,x265,1000\ns_av1,s,av1,1000\n");

        Assert.Equal(3, report.LogsAudited);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void A_log_computed_against_a_shifted_reference_is_a_reference_mismatch()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("a.json"), Frames, Motion, _ => 80);
        WriteLog(temp.File("b.json"), Frames, Motion, _ => 70);
        WriteLog(temp.File("c.json"), Frames, f => f < 20 ? Motion(f) : Motion(f + 1), _ => 75);

        var report = Audit(temp, "distorted,source,codec\na,s,x264\nb,s,x265\nc,s,vvc\n");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCheck.ReferenceMismatch, finding.Check);
        Assert.Equal("c", finding.Unit);
        Assert.Contains("first at frame 20", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_whose_logs_disagree_among_themselves_is_noted_not_flagged()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("a.json"), Frames, Motion, _ => 80);
        WriteLog(temp.File("b.json"), Frames, f => 3 * Motion(f), _ => 80);
        WriteLog(temp.File("c.json"), Frames, f => 9 * Motion(f), _ => 80);

        var report = Audit(temp, "distorted,source,codec\na,s,x264\nb,s,x265\nc,s,vvc\n");

        Assert.Empty(report.Findings);
        Assert.Contains(report.Notes, n => n.Contains("no consensus", StringComparison.Ordinal));
    }

    [Fact]
    public void A_score_that_collapses_below_every_twin_is_a_twin_collapse()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("hevc.json"), Frames, Motion, _ => 85);
        WriteLog(temp.File("av1.json"), Frames, Motion, _ => 88);
        WriteLog(temp.File("vvc.json"), Frames, Motion, f => f < 30 ? 86 : 40);
        // The same source at another bitrate is no twin: its low score is expected.
        WriteLog(temp.File("vvc_low.json"), Frames, Motion, _ => 30);

        var report = Audit(temp,
            "distorted,source,codec,resolution,bitrate_kbps\nhevc,s,hevc,1080,1000\nav1,s,av1,1080,1000\nvvc,s,vvc,1080,1000\nvvc_low,s,vvc,1080,100\n");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCheck.TwinCollapse, finding.Check);
        Assert.Equal("vvc", finding.Unit);
        Assert.Equal(0.25, finding.Measure, 12);
        Assert.Contains("first gap at frame 30", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_codec_below_one_twin_but_tracking_another_is_not_a_collapse()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("av1.json"), Frames, Motion, _ => 90);
        WriteLog(temp.File("vvc.json"), Frames, Motion, _ => 75);
        WriteLog(temp.File("hevc.json"), Frames, Motion, _ => 62);

        var report = Audit(temp, "distorted,source,codec,bitrate_kbps\nav1,s,av1,400\nvvc,s,vvc,400\nhevc,s,hevc,400\n");

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Frame_counts_off_the_table_or_off_the_sources_majority_are_flagged()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("a.json"), Frames, Motion, _ => 80);
        WriteLog(temp.File("b.json"), Frames, Motion, _ => 80);
        WriteLog(temp.File("c.json"), Frames - 1, Motion, _ => 80);

        var report = Audit(temp, $"distorted,source,codec,frames\na,s,x264,{Frames}\nb,s,x265,{Frames + 2}\nc,s,vvc,{Frames}\n");

        Assert.All(report.Findings, f => Assert.Equal(AuditCheck.FrameCount, f.Check));
        Assert.Contains(report.Findings, f => f.Unit == "b" && f.Reason == $"{Frames} frames where the table says {Frames + 2}");
        Assert.Contains(report.Findings, f => f.Unit == "c" && f.Reason.Contains($"{Frames - 1} frames where 2 of the 3 logs", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Unit == "c" && f.Reason.Contains("the table says", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_unreadable_logs_are_findings_not_a_stop()
    {
        using var temp = new TempDirectory();
        WriteLog(temp.File("a.json"), Frames, Motion, _ => 80);
        File.WriteAllText(temp.File("b.json"), "{");

        var report = Audit(temp, "distorted,source,codec\na,s,x264\nb,s,x265\nc,s,vvc\n");

        Assert.Equal(1, report.LogsAudited);
        Assert.Equal([("b", AuditCheck.UnreadableLog), ("c", AuditCheck.MissingLog)], report.Findings.Select(f => (f.Unit, f.Check)));
        var tsv = new StringWriter();
        report.WriteTsv(tsv);
        Assert.StartsWith("distorted\tlog\tsource\tcodec\tcheck\tmeasure\treason", tsv.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, tsv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Non_finite_values_are_flagged_with_their_feature()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.json"),
            "{\"version\":\"3.0.0\",\"frames\":[{\"frameNum\":0,\"metrics\":{\"integer_adm2\":0.9,\"vmaf\":null}},{\"frameNum\":1,\"metrics\":{\"integer_adm2\":0.8,\"vmaf\":80}}]}");

        var report = Audit(temp, "distorted,source,codec\na,s,x264\n");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(AuditCheck.NonFinite, finding.Check);
        Assert.Contains("vmaf (1 frames)", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_teacher_corpus_audits_clean_from_its_parquet()
    {
        SharedData.RequireOrSkip();
        var report = LogAuditor.Audit(TeacherCorpus.InMemory.Table);

        Assert.Equal(364, report.LogsAudited);
        Assert.Empty(report.Findings);
    }
}
