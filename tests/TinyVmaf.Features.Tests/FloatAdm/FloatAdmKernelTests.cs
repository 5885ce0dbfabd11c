using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatAdm;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.FloatAdm;

public sealed class FloatAdmKernelTests
{
    [Fact]
    public void The_vector_dwt_equals_the_scalar_one_bit_for_bit_at_every_size()
    {
        var random = new Random(9);
        for (int w = 2; w <= 41; w++)
        {
            int h = 7 + w % 5;
            float[] src = Enumerable.Range(0, w * h).Select(_ => (float)(random.NextDouble() * 255 - 128)).ToArray();
            var scalar = new FloatAdmBands((w + 1) / 2, (h + 1) / 2);
            var vector = new FloatAdmBands((w + 1) / 2, (h + 1) / 2);
            new FloatAdmDwt(w, simd: false).Transform(src, w, w, h, scalar);
            new FloatAdmDwt(w, simd: true).Transform(src, w, w, h, vector);
            Assert.Equal(scalar.A, vector.A);
            Assert.Equal(scalar.H, vector.H);
            Assert.Equal(scalar.V, vector.V);
            Assert.Equal(scalar.D, vector.D);
        }
    }

    [Fact]
    public void The_dwt_of_a_flat_picture_has_no_detail()
    {
        float[] src = Enumerable.Repeat(10.0f, 12 * 10).ToArray();
        var bands = new FloatAdmBands(6, 5);
        new FloatAdmDwt(12, simd: true).Transform(src, 12, 12, 10, bands);
        Assert.All(bands.H.Concat(bands.V).Concat(bands.D), x => Assert.True(Math.Abs(x) < 1e-5));
        Assert.All(bands.A, x => Assert.Equal(20.0, x, 1e-4)); // the low-pass taps sum to sqrt(2), twice
    }

    [Fact]
    public void Identical_pictures_score_one_and_keys_carry_the_suffix()
    {
        var format = new FrameFormat(128, 96, ChromaSubsampling.Yuv420, 8);
        var frame = new Frame(format);
        var random = new Random(4);
        for (int i = 0; i < frame.Y.Data.Length; i++)
        {
            frame.Y.Data[i] = (ushort)random.Next(256);
        }

        using var extractor = FloatAdmExtractor.Describe(FloatAdmOptions.Default, "_egl_1").Create(new ExtractorContext(format, KernelPath.Auto));
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(frame, frame, 0), sink);
        Assert.Equal(FloatAdmExtractor.Keys.Select(k => k + "_egl_1"), sink.KeysOf(0));
        Assert.Equal(1.0, sink[0, "adm2_egl_1"], 1e-6);
        Assert.Equal(0.0, sink[0, "aim_egl_1"], 1e-6);
    }

    [Fact]
    public void Options_outside_libvmafs_ranges_are_refused_by_name()
    {
        Assert.Equal("adm_csf_mode", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatAdmOptions { CsfMode = 1 }.Validate()).ParamName);
        Assert.Equal("adm_p_norm", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatAdmOptions { PNorm = 0.5 }.Validate()).ParamName);
        Assert.Equal("adm_skip_aim_scale", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatAdmOptions { SkipAimScale = 4 }.Validate()).ParamName);
    }
}
