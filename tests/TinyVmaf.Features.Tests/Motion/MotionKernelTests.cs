using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Motion;

public sealed class MotionKernelTests
{
    [Fact]
    public void The_filter_is_libvmafs_symmetric_q16_gaussian()
    {
        ushort[] filter = MotionKernels.Filter.ToArray();

        Assert.Equal([3571, 16004, 26386, 16004, 3571], filter);
        Assert.Equal(1 << 16, filter.Sum(t => t));
        Assert.Equal([MotionKernels.Tap0, MotionKernels.Tap1, MotionKernels.Tap2], filter.Take(3).Select(t => (uint)t));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(16)]
    public void The_vector_convolution_equals_the_scalar_one_at_every_length(int bitDepth)
    {
        var random = new Random(bitDepth);
        foreach (int shift in (int[])[bitDepth, MotionKernels.HorizontalShift])
        {
            for (int n = 1; n <= 100; n++)
            {
                var rows = Enumerable.Range(0, 5).Select(_ => RandomRow(random, n, shift == MotionKernels.HorizontalShift ? 16 : bitDepth)).ToArray();
                var scalar = new ushort[n];
                var vector = new ushort[n];

                MotionKernels.Convolve5Scalar(rows[0], rows[1], rows[2], rows[3], rows[4], scalar, shift);
                MotionKernels.Convolve5Vector(rows[0], rows[1], rows[2], rows[3], rows[4], vector, shift);

                Assert.Equal(scalar, vector);
            }
        }
    }

    [Fact]
    public void The_convolution_does_not_overflow_on_full_scale_sixteen_bit_input()
    {
        var full = Enumerable.Repeat(ushort.MaxValue, 37).ToArray();
        var scalar = new ushort[37];
        var vector = new ushort[37];

        MotionKernels.Convolve5Scalar(full, full, full, full, full, scalar, MotionKernels.HorizontalShift);
        MotionKernels.Convolve5Vector(full, full, full, full, full, vector, MotionKernels.HorizontalShift);

        // 65535 · 65536 + 32768 still fits 32 bits, and the Q16 taps give the sample back.
        Assert.All(scalar, v => Assert.Equal(ushort.MaxValue, v));
        Assert.Equal(scalar, vector);
    }

    [Fact]
    public void The_vector_sad_equals_the_scalar_one_at_every_length()
    {
        var random = new Random(7);
        for (int n = 1; n <= 300; n++)
        {
            var a = RandomRow(random, n, 16);
            var b = RandomRow(random, n, 16);

            Assert.Equal(MotionKernels.SadScalar(a, b), MotionKernels.SadVector(a, b));
        }
    }

    [Theory]
    [InlineData(3, 3, 8)]
    [InlineData(4, 5, 8)]
    [InlineData(17, 9, 8)]
    [InlineData(37, 23, 10)]
    [InlineData(101, 7, 10)]
    [InlineData(33, 31, 12)]
    public void Blur_and_sad_of_odd_sized_frames_agree_between_scalar_and_simd(int width, int height, int bitDepth)
    {
        var random = new Random(width * 1000 + height);
        var previous = RandomPlane(random, width, height, bitDepth);
        var current = RandomPlane(random, width, height, bitDepth);
        var scalar = new MotionBlur(width, height, bitDepth, useSimd: false);
        var simd = new MotionBlur(width, height, bitDepth, useSimd: true);
        var blurScalar = new ushort[width * height];
        var blurSimd = new ushort[width * height];
        var nextScalar = new ushort[width * height];
        var nextSimd = new ushort[width * height];

        scalar.BlurAndSad(previous, blurScalar, []);
        simd.BlurAndSad(previous, blurSimd, []);
        ulong sadScalar = scalar.BlurAndSad(current, nextScalar, blurScalar);
        ulong sadSimd = simd.BlurAndSad(current, nextSimd, blurSimd);

        Assert.Equal(blurScalar, blurSimd);
        Assert.Equal(nextScalar, nextSimd);
        Assert.Equal(sadScalar, sadSimd);
        Assert.NotEqual(0UL, sadScalar);
    }

    [Fact]
    public void A_flat_frame_blurs_to_itself_in_q8_of_eight_bits()
    {
        // The vertical pass divides by 2^bpc and the Q16 filter multiplies by 2^16: 8-bit 100 becomes 100·256,
        // 10-bit 400 (the same level) becomes 400·64, which is why the SAD is divided by 256.
        foreach (var (bitDepth, level) in new[] { (8, 100), (10, 400) })
        {
            var plane = new Plane(9, 6);
            plane.Data.AsSpan().Fill((ushort)level);
            var blurred = new ushort[9 * 6];

            new MotionBlur(9, 6, bitDepth, useSimd: true).BlurAndSad(plane, blurred, []);

            Assert.All(blurred, v => Assert.Equal(100 * 256, v));
        }
    }

    [Fact]
    public void The_mirror_reflects_without_repeating_the_edge_sample()
    {
        int[] mirrored = Enumerable.Range(-2, 9).Select(i => MotionBlur.Mirror(i, 5)).ToArray();

        Assert.Equal([2, 1, 0, 1, 2, 3, 4, 3, 2], mirrored);
    }

    [Fact]
    public void The_score_is_the_sad_per_pixel_in_eight_bit_units_rounded_to_single_precision()
    {
        // 1/3 of a level per pixel is not a float: libvmaf's float cast shows in the double it reports.
        double score = MotionBlur.NormalizeSad(256 * 100, 10, 30);

        Assert.Equal((double)(1f / 3f), score);
        Assert.NotEqual(1.0 / 3.0, score);
    }

    private static ushort[] RandomRow(Random random, int n, int bitDepth) =>
        Enumerable.Range(0, n).Select(_ => (ushort)random.Next(1 << bitDepth)).ToArray();

    private static Plane RandomPlane(Random random, int width, int height, int bitDepth)
    {
        var plane = new Plane(width, height);
        for (int i = 0; i < plane.Data.Length; i++)
        {
            plane.Data[i] = (ushort)random.Next(1 << bitDepth);
        }

        return plane;
    }
}
