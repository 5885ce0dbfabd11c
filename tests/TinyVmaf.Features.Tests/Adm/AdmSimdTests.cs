using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Adm;

/// <summary>checkasm-style: the vector kernels against the scalar reference on the same random input, bit for bit.</summary>
public sealed class AdmSimdTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(16)]
    public void Dwt_scale0_vectors_equal_the_scalar_kernel_at_every_small_size(int bitDepth)
    {
        SkipUnlessVectorized();
        var random = new Random(bitDepth);
        foreach (int h in new[] { 5, 6, 21 })
        {
            for (int w = 5; w <= 70; w++)
            {
                int stride = w + 3;
                var src = RandomPlane(random, stride, h, bitDepth);
                var rows = new AdmDwtTaps(h);
                var cols = new AdmDwtTaps(w);
                var scalar = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                var vector = new AdmBands<short>(cols.OutputLength, rows.OutputLength, withApproximation: true);
                AdmDwt.Scale0(src, stride, bitDepth, rows, cols, new short[w], new short[w], scalar);
                int n = AdmDwtSimd.ScratchLength(w);
                AdmDwtSimd.Scale0(src, stride, bitDepth, rows, cols, new int[n], new int[n], new int[n], new int[n], vector);

                AssertBandsEqual(scalar, vector, $"{w}x{h} at {bitDepth} bits");
            }
        }
    }

    [Fact]
    public void Contrast_masking_vectors_equal_the_scalar_kernel_on_random_bands_of_odd_sizes()
    {
        Assert.SkipUnless(AdmContrastMaskingSimd.IsSupported, "AVX2 is not available here: only the scalar masking runs");
        var random = new Random(7);
        var options = AdmOptions.Default;
        var (hv0, d0) = AdmCsf.Scale0FixedFactors(options);
        // Scale 0 is at least 17 wide (frames are more than 32), the coarser scales at least 3.
        foreach (var (w, h) in new[] { (3, 3), (9, 5), (14, 13), (15, 16), (17, 17), (19, 11), (37, 21), (61, 34), (100, 7) })
        {
            int stride = w + 5;
            var scratchS = new int[AdmContrastMaskingSimd.ScratchLength(w)];
            var scratchC = new int[w];

            // Full-range 16-bit values reach libvmaf's wrap-arounds (the 1/15 centre, the narrowed square).
            if (w >= 17)
            {
                var src16 = RandomBands16(random, stride, h);
                var csf16 = RandomBands16(random, stride, h);
                var flt16 = RandomBands16(random, stride, h);
                float scalar0 = AdmContrastMasking.Scale0(src16, csf16, flt16, w, h, hv0, d0, options.NoiseWeight);
                float vector0 = AdmContrastMaskingSimd.Scale0(src16, csf16, flt16, w, h, hv0, d0, options.NoiseWeight, scratchS, scratchC);
                AssertSameFloat(scalar0, vector0, $"scale 0 at {w}x{h}");
            }

            for (int scale = 1; scale <= 3; scale++)
            {
                var (hv, d) = AdmCsf.FixedFactors(scale, options);
                var src32 = RandomBands32(random, stride, h);
                var csf32 = RandomBands32(random, stride, h);
                var flt32 = RandomBands32(random, stride, h);
                float scalar = AdmContrastMasking.Scale123(src32, csf32, flt32, scale, w, h, hv, d, options.NoiseWeight);
                float vector = AdmContrastMaskingSimd.Scale123(src32, csf32, flt32, scale, w, h, hv, d, options.NoiseWeight, scratchS, scratchC);
                AssertSameFloat(scalar, vector, $"scale {scale} at {w}x{h}");
            }
        }
    }

    [Theory]
    [InlineData(37, 33, 8)]
    [InlineData(37, 33, 10)]
    [InlineData(97, 41, 8)]
    [InlineData(97, 41, 10)]
    [InlineData(255, 67, 8)]
    [InlineData(64, 48, 12)]
    public void The_vectorized_extractor_equals_the_scalar_one_on_random_frames(int width, int height, int bitDepth)
    {
        SkipUnlessVectorized();
        var random = new Random(width * 1000 + height + bitDepth);
        var reference = RandomPlane(random, width, height, bitDepth);
        var distorted = Distort(random, reference, bitDepth);
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);

        var scalar = new AdmExtractor(format, AdmOptions.Default, useSimd: false).Compute(reference, width, distorted, width);
        var vector = new AdmExtractor(format, AdmOptions.Default, useSimd: true).Compute(reference, width, distorted, width);

        Assert.Equal(scalar, vector);
        Assert.InRange(scalar.Adm2, 0.0, 1.0);
    }

    private static void AssertSameFloat(float expected, float actual, string what) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual), $"{what}: {expected:R} vs {actual:R}");

    private static AdmBands<short> RandomBands16(Random random, int stride, int rows)
    {
        var bands = new AdmBands<short>(stride, rows, withApproximation: false);
        foreach (var band in new[] { bands.H, bands.V, bands.D })
        {
            for (int i = 0; i < band.Length; i++)
            {
                band[i] = (short)(random.Next(8) == 0 ? random.Next(short.MinValue, short.MaxValue + 1) : random.Next(-600, 601));
            }
        }

        return bands;
    }

    private static AdmBands<int> RandomBands32(Random random, int stride, int rows)
    {
        var bands = new AdmBands<int>(stride, rows, withApproximation: false);
        foreach (var band in new[] { bands.H, bands.V, bands.D })
        {
            for (int i = 0; i < band.Length; i++)
            {
                band[i] = random.Next(8) == 0 ? random.Next(int.MinValue + 1, int.MaxValue) : random.Next(-1 << 20, 1 << 20);
            }
        }

        return bands;
    }

    private static void SkipUnlessVectorized() =>
        Assert.SkipUnless(AdmDwtSimd.IsSupported, "Vector256 is not hardware-accelerated here: only the scalar kernels run");

    private static ushort[] RandomPlane(Random random, int stride, int height, int bitDepth)
    {
        var plane = new ushort[stride * height];
        int max = (1 << bitDepth) - 1;

        // Smooth gradients with texture and some full-range noise, so that bands span small and large values.
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < stride; x++)
            {
                double smooth = 0.5 + 0.3 * Math.Sin(x * 0.31 + y * 0.17) + 0.1 * Math.Cos(x * 1.7 - y * 0.9);
                int value = (int)(smooth * max) + random.Next(-max / 16, max / 16 + 1);
                plane[y * stride + x] = (ushort)Math.Clamp(random.Next(50) == 0 ? random.Next(max + 1) : value, 0, max);
            }
        }

        return plane;
    }

    private static ushort[] Distort(Random random, ushort[] reference, int bitDepth)
    {
        int max = (1 << bitDepth) - 1;
        int noise = Math.Max(1, max / 64);
        return reference.Select(v => (ushort)Math.Clamp(v + random.Next(-noise, noise + 1), 0, max)).ToArray();
    }

    private static void AssertBandsEqual(AdmBands<short> expected, AdmBands<short> actual, string what)
    {
        Assert.True(expected.A.AsSpan().SequenceEqual(actual.A), $"band A differs at {what}");
        Assert.True(expected.H.AsSpan().SequenceEqual(actual.H), $"band H differs at {what}");
        Assert.True(expected.V.AsSpan().SequenceEqual(actual.V), $"band V differs at {what}");
        Assert.True(expected.D.AsSpan().SequenceEqual(actual.D), $"band D differs at {what}");
    }
}
