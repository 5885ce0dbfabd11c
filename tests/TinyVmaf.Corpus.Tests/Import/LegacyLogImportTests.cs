using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Tests.Import;

/// <summary>Logs of libvmaf's older generations and their key names land in the FULL_FEATURES columns.</summary>
public sealed class LegacyLogImportTests
{
    private static ImportResult Import(TempDirectory temp, string table) =>
        CorpusImporter.Import(
            new ImportOptions(temp.Write("table.csv", table), temp.Path, temp.File("out.parquet")),
            cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public void A_libvmaf_1_3_log_maps_its_bare_keys_to_the_full_features_names()
    {
        using var temp = new TempDirectory();
        string[] keys =
        [
            "adm2", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3", "motion", "motion2",
            "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "vif", "psnr", "ssim", "ms_ssim", "vmaf",
        ];
        var frames = SyntheticLog.Frames(5, keys);
        SyntheticLog.Write13(temp.File("old.json"), frames);

        var result = Import(temp, "distorted,source,codec\nold.mp4,src,H.264\n");
        var table = CorpusTable.Read(temp.File("out.parquet"));

        // 'vif' (the mean over scales) has no FULL_FEATURES name and is not kept.
        Assert.Equal(
            ["adm2", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3",
             "motion", "motion2", "psnr_y", "float_ssim", "float_ms_ssim"],
            table.FeatureNames);
        var expectedKey = new Dictionary<string, string>
        {
            ["psnr_y"] = "psnr", ["float_ssim"] = "ssim", ["float_ms_ssim"] = "ms_ssim",
        };
        Assert.Equal(5, table.RowCount);
        for (int f = 0; f < 5; f++)
        {
            foreach (string name in table.FeatureNames)
            {
                Assert.Equal(frames[f][expectedKey.GetValueOrDefault(name, name)], table.Feature(name)[f]);
            }

            Assert.Equal(frames[f]["vmaf"], table.Vmaf![f]);
            Assert.Equal(f, table.FrameIndices[f]);
        }

        // 'H.264' is not one of the vocabulary's aliases: it maps to unknown, keeps its raw label, and is reported.
        Assert.Equal("unknown", table.Codecs[0]);
        Assert.Equal("H.264", table.CodecRaw[0]);
        Assert.Contains(result.Warnings, w => w.Contains("'H.264'", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_unaliased_libvmaf_names_are_read_and_integer_keys_win_over_float_ones()
    {
        using var temp = new TempDirectory();
        var frames = SyntheticLog.Frames(3, ["integer_adm2", "adm2", "VMAF_feature_vif_scale0_score", "VMAF_integer_feature_motion2_score", "float_psnr"]);
        SyntheticLog.Write3(temp.File("a.json"), frames, version: "2.3.1");

        Import(temp, "distorted,source,codec\na,src,hevc\n");
        var table = CorpusTable.Read(temp.File("out.parquet"));

        Assert.Equal(["adm2", "vif_scale0", "motion2", "psnr_y"], table.FeatureNames);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(frames[f]["integer_adm2"], table.Feature("adm2")[f]);
            Assert.Equal(frames[f]["VMAF_feature_vif_scale0_score"], table.Feature("vif_scale0")[f]);
            Assert.Equal(frames[f]["VMAF_integer_feature_motion2_score"], table.Feature("motion2")[f]);
            Assert.Equal(frames[f]["float_psnr"], table.Feature("psnr_y")[f]);
        }

        Assert.Equal("x265", table.Codecs[0]);
        Assert.Null(table.Vmaf);
    }

    [Fact]
    public void A_feature_only_some_logs_have_is_an_absent_column_and_a_warning_never_zeros()
    {
        using var temp = new TempDirectory();
        SyntheticLog.Write3(temp.File("a.json"), SyntheticLog.Frames(4, ["integer_adm2", "psnr_y", "psnr_cb", "vmaf"]));
        SyntheticLog.Write3(temp.File("b.json"), SyntheticLog.Frames(6, ["integer_adm2", "psnr_y", "vmaf"]));
        SyntheticLog.Write3(temp.File("c.json"), SyntheticLog.Frames(2, ["integer_adm2", "psnr_y"]));

        var result = Import(temp, "distorted,source,codec,mos\na,s1,av1,3.5\nb,s1,vp9,4\nc,s2,vvc,1\n");

        Assert.Equal(12, result.Rows);
        Assert.Equal(["adm2", "psnr_y"], result.Table.FeatureNames);
        Assert.False(result.Table.HasFeature("psnr_cb"));
        Assert.Null(result.Table.Vmaf);
        Assert.Contains(result.Warnings, w => w.Contains("'psnr_cb' is in 1 of 3 logs", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'vmaf' is in 2 of 3 logs", StringComparison.Ordinal));
        Assert.Equal(["libsvtav1", "libvpx-vp9", "libvvenc"], result.Table.Codecs.Distinct());
        Assert.Equal([3.5, 4.0, 1.0], result.Table.Mos!.Distinct());
        var reread = CorpusTable.Read(temp.File("out.parquet"));
        Assert.False(reread.HasFeature("psnr_cb"));
    }

    [Fact]
    public void A_python_vmaf_tool_log_with_flat_frames_imports_with_its_teacher_score()
    {
        using var temp = new TempDirectory();
        temp.Write("py.json", """
            {"executorId": "VMAF_V0.6.1", "asset": {"identifier": "x"},
             "frames": [{"frameNum": 0, "VMAF_feature_adm2_score": 0.93, "VMAF_feature_motion2_score": 0.0, "VMAF_feature_vif_scale0_score": 0.71, "VMAF_score": 81.5},
                        {"frameNum": 1, "VMAF_feature_adm2_score": 0.91, "VMAF_feature_motion2_score": 2.5, "VMAF_feature_vif_scale0_score": 0.69, "VMAF_score": 79.25}],
             "aggregate": {"VMAF_score": 80.375}}
            """);

        var result = Import(temp, "distorted,source,codec\npy,s,x264\n");

        Assert.Equal(["adm2", "vif_scale0", "motion2"], result.Table.FeatureNames);
        Assert.Equal([0.93, 0.91], result.Table.Feature("adm2").ToArray());
        Assert.Equal([0.0, 2.5], result.Table.Feature("motion2").ToArray());
        Assert.Equal([81.5, 79.25], result.Table.Vmaf!);
    }
}
