using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Adm;

public sealed class AdmExtractorTests
{
    [Theory]
    [InlineData(32, 100)]
    [InlineData(100, 32)]
    public void Frames_of_32_samples_or_less_on_a_side_are_refused_as_libvmaf_refuses_them(int width, int height)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AdmExtractor(format, AdmOptions.Default, useSimd: true));

        Assert.Contains($"{width}x{height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_adm_names_resolve_to_the_one_adm_extractor_that_writes_libvmafs_keys()
    {
        var extractors = ExtractorRegistry.Resolve(["adm2", "adm_scale0", "adm_scale3", "aim"]);

        var adm = Assert.Single(extractors);
        Assert.Equal("adm", adm.Name);
        Assert.False(adm.IsTemporal);
        Assert.Equal(
            ["integer_adm2", "integer_aim", "integer_adm3", "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"],
            adm.Keys);
    }

    [Fact]
    public void Csf_mode_1_computed_barten_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AdmOptions { CsfMode = 1 }.Validate());

        Assert.Equal("adm_csf_mode", error.ParamName);
    }
}
