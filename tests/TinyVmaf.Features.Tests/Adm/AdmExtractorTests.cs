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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Skipping_aim_leaves_the_detail_loss_as_it_is_and_aim_at_zero(bool useSimd)
    {
        var random = new Random(5);
        int width = 123, height = 77;
        var reference = new ushort[width * height];
        var distorted = new ushort[width * height];
        for (int i = 0; i < reference.Length; i++)
        {
            reference[i] = (ushort)(128 + 100 * Math.Sin(i % width * 0.2) * Math.Cos(i / width * 0.13) + random.Next(-20, 21));
            distorted[i] = (ushort)Math.Clamp(reference[i] + random.Next(-12, 13), 0, 255);
        }

        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);
        var full = new AdmExtractor(format, AdmOptions.Default, useSimd).Compute(reference, width, distorted, width);
        var skipped = new AdmExtractor(format, AdmOptions.Default with { SkipAim = true }, useSimd).Compute(reference, width, distorted, width);

        Assert.Equal(full.Adm2, skipped.Adm2);
        Assert.Equal(full.Scale0, skipped.Scale0);
        Assert.Equal(full.Scale3, skipped.Scale3);
        Assert.Equal(0.0, skipped.Aim);
        Assert.NotEqual(0.0, full.Aim);
    }

    [Fact]
    public void Masking_sums_of_rows_taken_in_pieces_add_up_to_the_whole_band()
    {
        var random = new Random(9);
        int w = 41, h = 29, stride = 44;
        var bands = Enumerable.Range(0, 3).Select(_ => new AdmBands<short>(stride, h, withApproximation: false)).ToArray();
        foreach (var band in bands.SelectMany(b => new[] { b.H, b.V, b.D }))
        {
            for (int i = 0; i < band.Length; i++)
            {
                band[i] = (short)random.Next(-3000, 3001);
            }
        }

        var (hv, d) = AdmCsf.Scale0FixedFactors(AdmOptions.Default);
        var region = AdmRegion.Scored(w, h);
        var whole = AdmContrastMasking.Sums0(bands[0], bands[1], bands[2], w, h, hv, d, region.Top, region.Bottom);
        var pieces = default(AdmMaskingSums);
        for (int top = region.Top; top < region.Bottom; top += 5)
        {
            pieces += AdmContrastMasking.Sums0(bands[0], bands[1], bands[2], w, h, hv, d, top, Math.Min(top + 5, region.Bottom));
        }

        Assert.Equal(whole, pieces);
    }
}
