using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Features.Tests.Extraction;

/// <summary>How a requested instance's options are read: refusals name the extractor, the option and the value.</summary>
public sealed class LibvmafExtractorsTests
{
    [Theory]
    [InlineData("adm", "debug", "true", "false")]
    [InlineData("adm", "adm_csf_scale", "2", "1")]
    [InlineData("float_adm", "adm_csf_diag_scale", "2", "1")]
    [InlineData("vif", "vif_skip_scale0", "true", "false")]
    [InlineData("float_vif", "debug", "true", "false")]
    [InlineData("cambi", "full_ref", "true", "false")]
    [InlineData("cambi", "heatmaps_path", "pq", "")]
    public void An_option_libvmaf_has_and_we_do_not_is_accepted_at_its_default_only(string extractor, string option, string value, string defaultValue)
    {
        Assert.NotNull(LibvmafExtractors.Instantiate(Request(extractor, (option, defaultValue))));
        var error = Assert.Throws<NotSupportedException>(() => LibvmafExtractors.Instantiate(Request(extractor, (option, value))));
        Assert.Equal($"{extractor}: option {option}={value} is not implemented (only its default, {defaultValue})", error.Message);
    }

    [Fact]
    public void An_option_we_do_not_implement_is_refused_before_a_bad_value_is_read()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            LibvmafExtractors.Instantiate(Request("adm", ("adm_dlm_weight", "abc"), ("adm_csf_scale", "2"))));
        Assert.Equal("adm: option adm_csf_scale=2 is not implemented (only its default, 1)", error.Message);
    }

    [Theory]
    [InlineData("adm", "adm_dlm_weight", "abc", "a number")]
    [InlineData("float_motion", "motion_filter_size", "1.5", "an integer")]
    [InlineData("motion", "debug", "1", "true or false")]
    public void A_value_of_the_wrong_type_is_refused_naming_the_type(string extractor, string option, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LibvmafExtractors.Instantiate(Request(extractor, (option, value))));
        Assert.Equal($"{extractor}: option {option}={value} is not {expected}", error.Message);
    }

    [Theory]
    [InlineData("motion", "motion_max_val", "-1", "motion_max_val must be within [0, 10000]")]
    [InlineData("float_adm", "adm_p_norm", "0", "adm_p_norm must be in [1, 20]")]
    [InlineData("cambi", "window_size", "14", "cambi: window_size must be in [15, 127]")]
    public void A_value_out_of_range_is_refused_with_the_range(string extractor, string option, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LibvmafExtractors.Instantiate(Request(extractor, (option, value))));
        Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
        Assert.StartsWith(expected + " (Parameter '" + option + "')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_extractor_but_speed_chroma_reads_luma_only()
    {
        foreach (string name in LibvmafExtractors.Names)
        {
            Assert.Equal(name != "speed_chroma", LibvmafExtractors.Instantiate(Request(name)).LumaOnly);
        }
    }

    private static ExtractorRequest Request(string extractor, params (string Name, string Value)[] options) =>
        new(extractor, options.ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal));
}
