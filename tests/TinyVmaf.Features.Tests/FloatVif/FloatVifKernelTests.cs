using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.FloatVif;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.FloatVif;

public sealed class FloatVifKernelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_vector_filters_equal_the_scalar_ones_bit_for_bit_at_every_width(int scale)
    {
        float[] window = VifWindows.Window(scale, 1.0f);
        int radius = window.Length / 2;
        var random = new Random(scale);
        for (int w = radius + 1; w <= radius + 40; w++)
        {
            int h = radius + 7, stride = w + 3;
            float[] r = Enumerable.Range(0, stride * h).Select(_ => (float)(random.NextDouble() * 255 - 128)).ToArray();
            float[] d = Enumerable.Range(0, stride * h).Select(_ => (float)(random.NextDouble() * 255 - 128)).ToArray();
            var scalar = new FloatVifKernel(w, radius, simd: false);
            var vector = new FloatVifKernel(w, radius, simd: true);
            foreach (bool even in new[] { false, true })
            {
                foreach (int row in new[] { 0, radius, h - 1 })
                {
                    scalar.FilterRow(window, r, d, w, h, stride, row, moments: !even, evenOnly: even);
                    vector.FilterRow(window, r, d, w, h, stride, row, moments: !even, evenOnly: even);
                    for (int c = 0; c < (even ? 2 : FloatVifKernel.Channels); c++)
                    {
                        for (int j = 0; j < w; j += even ? 2 : 1)
                        {
                            Assert.Equal(scalar.Filtered[c * scalar.RowLength + j], vector.Filtered[c * vector.RowLength + j]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Libvmafs_fast_log2_is_exact_at_powers_of_two_and_close_elsewhere()
    {
        Assert.Equal(3.0f, FastLog2.Of(8.0f));
        Assert.Equal(-2.0f, FastLog2.Of(0.25f));
        Assert.Equal(float.NegativeInfinity, FastLog2.Of(0.0f));
        Assert.True(float.IsNaN(FastLog2.Of(-1.0f)));
        var random = new Random(6);
        for (int i = 0; i < 10000; i++)
        {
            float x = (float)(1 + random.NextDouble() * 1000);
            Assert.Equal(Math.Log2(x), FastLog2.Of(x), 2e-6);
        }
    }

    [Fact]
    public void The_windows_are_libvmafs_17_9_5_and_3_taps()
    {
        Assert.Equal([17, 9, 5, 3], Enumerable.Range(0, 4).Select(s => VifWindows.Window(s, 1.0f).Length));
    }

    [Fact]
    public void Identical_pictures_score_one_at_every_scale_and_keys_carry_the_suffix()
    {
        var format = new FrameFormat(96, 64, ChromaSubsampling.Yuv420, 8);
        var frame = new Frame(format);
        var random = new Random(2);
        for (int i = 0; i < frame.Y.Data.Length; i++)
        {
            frame.Y.Data[i] = (ushort)random.Next(256);
        }

        using var extractor = FloatVifExtractor.Describe(FloatVifOptions.Default, "_egl_1").Create(new ExtractorContext(format, KernelPath.Auto));
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(frame, frame, 0), sink);
        Assert.Equal(["vif_scale0_egl_1", "vif_scale1_egl_1", "vif_scale2_egl_1", "vif_scale3_egl_1"], sink.KeysOf(0));
        Assert.All(sink.Writes, w => Assert.Equal(1.0, w.Value, 1e-6));
    }

    [Fact]
    public void Options_outside_libvmafs_ranges_are_refused_by_name()
    {
        Assert.Equal("vif_enhn_gain_limit", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatVifOptions { EnhancementGainLimit = 0.5 }.Validate()).ParamName);
        Assert.Equal("vif_kernelscale", Assert.Throws<ArgumentOutOfRangeException>(() => new FloatVifOptions { KernelScale = 1.3 }.Validate()).ParamName);
    }
}
