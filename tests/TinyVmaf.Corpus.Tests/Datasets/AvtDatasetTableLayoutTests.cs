using TinyVmaf.Corpus.Datasets;

namespace TinyVmaf.Corpus.Tests.Datasets;

/// <summary>The dataset tables on small hand-written copies of each layout: names, log names, and what is refused.</summary>
public sealed class AvtDatasetTableLayoutTests
{
    private const string AppealScores = """
        video_name,mos,ci,src,codec,resolution,bitrate
        Bunny.mkv_1080p_1000k_vvc.mkv,3.5,0.2,Bunny,vvc,1080,1000
        Bunny.mkv_720p_500k_vvc.mkv,2.5,0.2,Bunny,vvc,720,500
        Bunny_1000k_1080_hevc.mkv,3.0,0.2,Bunny,hevc,1080,1000
        """;

    [Fact]
    public void Appeal_names_vvc_logs_its_own_way_and_leaves_out_flagged_videos()
    {
        using var temp = new TempDirectory();
        temp.Write("subjective_scores/video_quality_mos_ci.csv", AppealScores);
        temp.Write("suspect_vvc_logs.tsv", "video_name\tflag\nBunny.mkv_1080p_1000k_vvc.mkv\tTrue\nBunny.mkv_720p_500k_vvc.mkv\tFalse\n");

        var table = AvtDatasetTables.Build(AvtDataset.Appeal, temp.Path);
        var all = AvtDatasetTables.Build(AvtDataset.Appeal, temp.Path, includeFlagged: true);

        Assert.Equal(["Bunny.mkv_720p_500k_vvc.mkv", "Bunny_1000k_1080_hevc.mkv"], table.Rows.Select(r => r[0]));
        Assert.Equal(["Bunny_720p_500k.266.json", "Bunny_1000k_1080_hevc.json"], table.Rows.Select(r => r[^1]));
        Assert.Equal(3, all.Rows.Count);
        Assert.Equal("Bunny_1080p_1000k.266.json", all.Rows[0][^1]);
        Assert.Contains(table.Notes, n => n.Contains("left out 1 VVC", StringComparison.Ordinal));
    }

    [Fact]
    public void Appeal_without_its_suspect_list_is_refused_unless_flagged_videos_are_kept()
    {
        using var temp = new TempDirectory();
        temp.Write("subjective_scores/video_quality_mos_ci.csv", AppealScores);

        var error = Assert.Throws<CorpusImportException>(() => AvtDatasetTables.Build(AvtDataset.Appeal, temp.Path));

        Assert.Contains("suspect_vvc_logs.tsv is missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, AvtDatasetTables.Build(AvtDataset.Appeal, temp.Path, includeFlagged: true).Rows.Count);
    }

    [Fact]
    public void Nvc_takes_scores_from_its_csv_and_the_rest_from_results_json_and_refuses_a_video_only_one_names()
    {
        using var temp = new TempDirectory();
        temp.Write("subjective.csv", ",name,mos,std,var,ci\n0,bbb_av1_1280x720_q48,3.1153846153846154,0.5,0.3,0.2\n");
        temp.Write("results.json", """
            [{"name":"bbb_av1_1280x720_q48","mos":3.1153846154,"source":"bbb","codec":"DCVC-FM","width":1280,"height":720,"bitrate":874343.2}]
            """);

        var table = AvtDatasetTables.Build(AvtDataset.Nvc, temp.Path);

        Assert.Equal(["bbb_av1_1280x720_q48", "bbb", "dcvc-fm", "3.1153846153846154", "1280", "720", "720", "874.3432", "bbb_av1_1280x720_q48.vmaf.json"],
            Assert.Single(table.Rows));

        temp.Write("results.json", """
            [{"name":"other","mos":3,"source":"bbb","codec":"AV1","width":1280,"height":720,"bitrate":1000}]
            """);
        var error = Assert.Throws<CorpusImportException>(() => AvtDatasetTables.Build(AvtDataset.Nvc, temp.Path));
        Assert.Contains(error.Problems, p => p.Contains("'bbb_av1_1280x720_q48' is not in results.json", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'other' has no score", StringComparison.Ordinal));
    }

    [Fact]
    public void Hdr_splits_its_names_leaves_out_source_rows_and_refuses_a_name_it_cannot_read()
    {
        using var temp = new TempDirectory();
        temp.Write("mos_ci.csv", """
            stimuli_file,mos,ci,std
            1280_720_3000K_av1_Center_Panorama.mkv,3.05,0.39,0.92
            3840_2160_original_Center_Panorama.mkv,4.3,0.28,0.65
            """);

        var table = AvtDatasetTables.Build(AvtDataset.Hdr, temp.Path);

        Assert.Equal(["1280_720_3000K_av1_Center_Panorama.mkv", "Center_Panorama", "av1", "3.05", "1280", "720", "720", "3000", "1280_720_3000K_av1_Center_Panorama.json"],
            Assert.Single(table.Rows));
        Assert.Contains(table.Notes, n => n.Contains("3840_2160_original_Center_Panorama.mkv", StringComparison.Ordinal));

        temp.Write("mos_ci.csv", "stimuli_file,mos,ci,std\nclip_av1.mkv,3,0.3,0.9\n");
        var error = Assert.Throws<CorpusImportException>(() => AvtDatasetTables.Build(AvtDataset.Hdr, temp.Path));
        Assert.Contains("mos_ci.csv line 2: 'clip_av1.mkv'", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_quotes_fields_that_need_it()
    {
        using var temp = new TempDirectory();
        var table = new DatasetTable(AvtDataset.Hdr, ["distorted", "source"], [["a,b.mkv", "say \"hi\""]], []);

        table.WriteCsv(temp.File("t.csv"));

        Assert.Equal("distorted,source\n\"a,b.mkv\",\"say \"\"hi\"\"\"\n", File.ReadAllText(temp.File("t.csv")));
    }
}
