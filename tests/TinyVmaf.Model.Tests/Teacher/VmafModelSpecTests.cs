using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>libvmaf's <c>--model</c> syntax, built-in names, and the keys and extractor instances a model names.</summary>
public sealed class VmafModelSpecTests
{
    [Fact]
    public void Libvmafs_model_syntax_reads_path_name_flags_and_overrides()
    {
        var spec = VmafModelSpec.Parse("path=m/vmaf_v1.0.16_3d0h.json:name=v1:enable_transform:disable_clip:cambi.enc_width=960:cambi.cambi_max_val=17.0");

        Assert.Equal("m/vmaf_v1.0.16_3d0h.json", spec.Path);
        Assert.Null(spec.Version);
        Assert.Equal("v1", spec.Name);
        Assert.Equal(VmafModelFlags.EnableTransform | VmafModelFlags.DisableClip, spec.Flags);
        Assert.Equal([new VmafFeatureOverride("cambi", "enc_width", "960"), new VmafFeatureOverride("cambi", "cambi_max_val", "17")], spec.Overrides);
    }

    [Theory]
    [InlineData("vmaf_v0.6.1", null, "vmaf_v0.6.1")]
    [InlineData("version=vmaf_4k_v0.6.1", null, "vmaf_4k_v0.6.1")]
    [InlineData("models/x.json", "models/x.json", null)]
    [InlineData("x.json", "x.json", null)]
    public void A_bare_argument_is_a_built_in_name_or_a_path(string text, string? path, string? version)
    {
        var spec = VmafModelSpec.Parse(text);

        Assert.Equal(path, spec.Path);
        Assert.Equal(version, spec.Version);
        Assert.Equal("vmaf", spec.Name);
    }

    [Theory]
    [InlineData("path=a.json:version=vmaf_v0.6.1", "exactly one of path= and version=")]
    [InlineData("name=x", "exactly one of path= and version=")]
    [InlineData("path=a.json:frobnicate", "bad option 'frobnicate'")]
    [InlineData("path=a.json:size=3", "unknown option 'size'")]
    public void A_malformed_model_argument_is_refused_saying_why(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => VmafModelSpec.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_model_of_the_zoo_is_a_built_in_name_and_an_unknown_one_lists_them()
    {
        SharedData.RequireOrSkip();
        var names = VmafModel.BuiltInNames(ModelZoo.Folder);

        Assert.Contains("vmaf_v0.6.1", names);
        Assert.Contains("vmaf_b_v0.6.3", names);
        Assert.Contains("vmaf_v1.0.16_hfr_5d0h", names);
        Assert.Equal(14, names.Count);
        var error = Assert.Throws<VmafModelException>(() => VmafModel.Load(new VmafModelSpec { Version = "vmaf_v9" }, ModelZoo.Folder));
        Assert.Contains("vmaf_v1.0.16_3d0h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_v1_models_name_their_keys_with_libvmafs_option_suffixes()
    {
        SharedData.RequireOrSkip();
        var model = VmafModel.Load(VmafModelSpec.Parse("version=vmaf_v1.0.16_hfr_1d5h_2160"), ModelZoo.Folder);

        Assert.Equal(
            [
                "cambi_hrs_1080_cmxv_17_vlt_0.06",
                "speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5",
                "integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02_nvd_1.5_rdh_2160",
                "integer_motion3_mffw_mmxv_18_mma",
            ],
            model.FeatureKeys);
        Assert.Equal(["cambi", "speed_chroma", "adm", "motion"], model.Extractors.Select(e => e.Extractor));
    }

    [Fact]
    public void An_override_renames_the_key_and_reaches_every_model_of_a_collection()
    {
        SharedData.RequireOrSkip();
        var v1 = VmafModel.Load(VmafModelSpec.Parse("version=vmaf_v1.0.16_3d0h:cambi.enc_width=960:cambi.enc_height=540"), ModelZoo.Folder);
        var bootstrap = VmafModel.Load(VmafModelSpec.Parse("version=vmaf_b_v0.6.3:name=b:adm.adm_enhn_gain_limit=1.0"), ModelZoo.Folder);

        Assert.Equal("cambi_hrs_1080_cmxv_17_vlt_0.06_ench_540_encw_960", v1.FeatureKeys[0]);
        Assert.Equal("integer_adm2_egl_1", bootstrap.FeatureKeys[0]);
        Assert.Equal(3, bootstrap.Extractors.Count);
        Assert.Equal(20, bootstrap.BootstrapCount);
        Assert.Equal(["b", "b_0001"], bootstrap.ScoreKeys.Take(2));
        Assert.Equal(["b_bagging", "b_stddev", "b_ci_p95_lo", "b_ci_p95_hi"], bootstrap.ScoreKeys.TakeLast(4));
    }
}

/// <summary>The repository ships Netflix's model files unchanged, with their licence beside them.</summary>
public sealed class ShippedZooTests
{
    [Fact]
    public void Every_shipped_libvmaf_model_is_byte_for_byte_netflixs()
    {
        SharedData.RequireOrSkip();
        string shipped = Path.Combine(SharedData.RepositoryRoot, "models");
        var names = VmafModel.BuiltInNames(shipped);

        Assert.Equal(VmafModel.BuiltInNames(ModelZoo.Folder), names);
        foreach (string name in names)
        {
            Assert.Equal(File.ReadAllBytes(VmafModel.FindBuiltIn(ModelZoo.Folder, name)!), File.ReadAllBytes(VmafModel.FindBuiltIn(shipped, name)!));
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(ModelZoo.Folder, "LICENSE.libvmaf")), File.ReadAllBytes(Path.Combine(shipped, "LICENSE.libvmaf")));
    }
}
