using TinyVmaf.Features.Logs;

namespace TinyVmaf.Features.Tests.Logs;

public sealed class LogKeyMapTests
{
    /// <summary>The keys tried per name, pinned as they were before the alias table was shared with the teacher.</summary>
    [Theory]
    [InlineData("adm2", "integer_adm2,adm2,VMAF_integer_feature_adm2_score,VMAF_feature_adm2_score")]
    [InlineData("adm_scale0", "integer_adm_scale0,adm_scale0,VMAF_feature_adm_scale0_score")]
    [InlineData("vif_scale3", "integer_vif_scale3,vif_scale3,VMAF_integer_feature_vif_scale3_score,VMAF_feature_vif_scale3_score")]
    [InlineData("motion", "integer_motion,motion,VMAF_integer_feature_motion_score,VMAF_feature_motion_score")]
    [InlineData("motion3", "integer_motion3,motion3,VMAF_integer_feature_motion3_score,VMAF_feature_motion3_score")]
    [InlineData("aim", "integer_aim,aim,VMAF_integer_feature_aim_score,VMAF_feature_aim_score")]
    [InlineData("psnr_y", "psnr_y,psnr,float_psnr,PSNR_feature_psnr_score,PSNR_score")]
    [InlineData("psnr_cb", "psnr_cb")]
    [InlineData("float_ssim", "float_ssim,ssim,SSIM_feature_ssim_score,SSIM_score")]
    [InlineData("float_ms_ssim", "float_ms_ssim,ms_ssim,MS_SSIM_feature_ms_ssim_score,MS_SSIM_score")]
    [InlineData("cambi", "cambi,Cambi_feature_cambi_score")]
    [InlineData("psnr_hvs", "psnr_hvs")]
    public void A_name_is_looked_up_under_every_generations_keys_newest_first(string name, string keys)
    {
        Assert.Equal(keys.Split(','), LogKeyMap.KeysFor(name));
    }

    [Fact]
    public void Every_alias_of_a_full_feature_reads_that_feature()
    {
        foreach (string name in FeatureNames.Full)
        {
            string key = FeatureNames.LibvmafKey(name);
            foreach (var alias in LibvmafAliases.Table.Where(a => a.Key == key || a.Key == name))
            {
                Assert.Contains(alias.Name, LogKeyMap.KeysFor(name));
                Assert.Contains(alias.Key, LogKeyMap.KeysFor(name));
            }
        }
    }

    [Fact]
    public void The_alias_table_is_libvmafs_by_release()
    {
        // 18 rows in libvmaf 3.0.0 and 3.1.0; 3.2.0 added 11 (aim, adm3, motion3 in both kinds, cambi, SpEED).
        Assert.Equal(29, LibvmafAliases.Table.Count);
        Assert.Equal(18, LibvmafAliases.Table.Count(a => a.Since == LibvmafRelease.V3_0));
        Assert.Equal(LibvmafAliases.Table.Count, LibvmafAliases.Table.Select(a => a.Name).Distinct().Count());

        Assert.Equal("integer_adm2", LibvmafAliases.KeyOf("VMAF_integer_feature_adm2_score", LibvmafRelease.V3_0));
        Assert.Equal("VMAF_integer_feature_motion3_score", LibvmafAliases.KeyOf("VMAF_integer_feature_motion3_score", LibvmafRelease.V3_0));
        Assert.Equal("integer_motion3", LibvmafAliases.KeyOf("VMAF_integer_feature_motion3_score", LibvmafRelease.V3_2));
        Assert.Equal("integer_adm_scale0", LibvmafAliases.KeyOf("integer_adm_scale0", LibvmafRelease.V3_2));
    }
}
