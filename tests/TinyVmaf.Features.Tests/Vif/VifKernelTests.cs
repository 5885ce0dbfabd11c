using TinyVmaf.Features.Vif;

namespace TinyVmaf.Features.Tests.Vif;

/// <summary>checkasm-style: the vector kernel against the scalar reference on the same planes.</summary>
public sealed class VifKernelTests
{
    public static TheoryData<int, int, int> OddSizes => new()
    {
        { 16, 16, 8 },
        { 17, 19, 8 },
        { 33, 23, 8 },
        { 101, 67, 8 },
        { 250, 37, 8 },
        { 16, 16, 10 },
        { 47, 29, 10 },
        { 129, 71, 10 },
        { 63, 41, 12 },
        { 35, 33, 16 },
        { 32, 32, 8 },
        { 75, 40, 8 },
        { 300, 45, 10 },
        { 1000, 24, 8 },
        // The widest samples whose pairs still fold (14 bits) and the first that do not (15).
        { 64, 40, 14 },
        { 64, 40, 15 },
        { 200, 17, 8 },
    };

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Vector_and_scalar_kernels_agree_bit_for_bit_on_every_scale(int width, int height, int bitDepth)
    {
        Assert.SkipUnless(VifVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        AssertAgrees(width, height, bitDepth, new VifVectorKernel(width));
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Avx512_and_scalar_kernels_agree_bit_for_bit_on_every_scale(int width, int height, int bitDepth)
    {
        Assert.SkipUnless(VifVector512Kernel.IsSupported, "this CPU has no AVX-512 (BW, CD, DQ): the AVX2 kernel runs here");
        Assert.SkipWhen(width < VifVector512Kernel.MinimumWidth, "narrower than one AVX-512 block: the AVX2 kernel takes it");
        AssertAgrees(width, height, bitDepth, new VifVector512Kernel(width));
    }

    /// <summary>8-bit pictures: the first scale read as bytes. Widths on either side of a block, odd heights.</summary>
    public static TheoryData<int, int> EightBitSizes => new()
    {
        { 16, 16 },
        { 17, 19 },
        { 31, 17 },
        { 32, 32 },
        { 33, 23 },
        { 47, 18 },
        { 64, 21 },
        { 65, 33 },
        { 101, 67 },
        { 250, 37 },
        { 1000, 24 },
    };

    [Theory]
    [MemberData(nameof(EightBitSizes))]
    public void The_vector_kernel_reading_bytes_agrees_with_itself_on_16_bit_samples_and_with_the_scalar_kernel(int width, int height)
    {
        Assert.SkipUnless(VifVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        AssertBytesAgree(width, height, () => new VifVectorKernel(width));
    }

    [Theory]
    [MemberData(nameof(EightBitSizes))]
    public void The_avx512_kernel_reading_bytes_agrees_with_itself_on_16_bit_samples_and_with_the_scalar_kernel(int width, int height)
    {
        Assert.SkipUnless(VifVector512Kernel.IsSupported, "this CPU has no AVX-512 (BW, CD, DQ): the AVX2 kernel runs here");
        Assert.SkipWhen(width < VifVector512Kernel.MinimumWidth, "narrower than one AVX-512 block: the AVX2 kernel takes it");
        AssertBytesAgree(width, height, () => new VifVector512Kernel(width));
    }

    [Fact]
    public void Only_a_vector_kernel_on_8_bit_pictures_takes_bytes()
    {
        var scalar = new VifPyramid(40, 40, 8, useSimd: false);
        var bytes = new byte[40 * 40];
        Assert.False(scalar.ReadsBytes);
        Assert.Throws<NotSupportedException>(() => scalar.Compute(bytes, bytes, 40, new VifAccumulator[4]));
        Assert.SkipUnless(VifVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        Assert.True(new VifPyramid(40, 40, 8, useSimd: true).ReadsBytes);
        Assert.False(new VifPyramid(40, 40, 10, useSimd: true).ReadsBytes);
    }

    [Fact]
    public void The_fastest_kernel_is_chosen_for_the_width()
    {
        Assert.SkipUnless(VifVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        Assert.IsType(VifVector512Kernel.IsSupported ? typeof(VifVector512Kernel) : typeof(VifVectorKernel), VifPyramid.FastestKernel(1920));
        Assert.IsType<VifVectorKernel>(VifPyramid.FastestKernel(VifVector512Kernel.MinimumWidth - 1));
    }

    private static void AssertAgrees(int width, int height, int bitDepth, IVifKernel kernel)
    {
        var random = new Random(width * 1000 + height * 10 + bitDepth);
        foreach (var (reference, distorted) in Pairs(random, width, height, bitDepth))
        {
            var scalar = new VifPyramid(width, height, bitDepth, useSimd: false);
            var vector = new VifPyramid(width, height, bitDepth, kernel);
            Assert.IsType<VifScalarKernel>(scalar.Kernel);
            var expected = new VifAccumulator[4];
            var actual = new VifAccumulator[4];
            scalar.Compute(reference, distorted, width, expected);
            vector.Compute(reference, distorted, width, actual);

            for (int scale = 1; scale < 4; scale++)
            {
                Assert.True(scalar.ScaleSamples(scale).Reference.Span.SequenceEqual(vector.ScaleSamples(scale).Reference.Span), $"scale {scale} reference samples differ");
                Assert.True(scalar.ScaleSamples(scale).Distorted.Span.SequenceEqual(vector.ScaleSamples(scale).Distorted.Span), $"scale {scale} distorted samples differ");
            }

            Assert.Equal(expected, actual);
        }
    }

    /// <summary>
    /// The same 8-bit planes through the vector kernel as bytes and as 16-bit samples, and through the scalar
    /// reference as 16-bit samples: every scale's sums and every coarser scale's samples equal.
    /// </summary>
    private static void AssertBytesAgree(int width, int height, Func<IVifKernel> kernel)
    {
        var random = new Random(width * 1000 + height);
        var scalar = new VifPyramid(width, height, 8, useSimd: false);
        var samples = new VifPyramid(width, height, 8, kernel());
        var bytes = new VifPyramid(width, height, 8, kernel());
        Assert.True(bytes.ReadsBytes);
        foreach (var (reference, distorted) in Pairs(random, width, height, 8))
        {
            var expected = new VifAccumulator[4];
            var fromSamples = new VifAccumulator[4];
            var fromBytes = new VifAccumulator[4];
            scalar.Compute(reference, distorted, width, expected);
            samples.Compute(reference, distorted, width, fromSamples);
            bytes.Compute(Narrowed(reference), Narrowed(distorted), width, fromBytes);

            for (int scale = 1; scale < 4; scale++)
            {
                Assert.True(scalar.ScaleSamples(scale).Reference.Span.SequenceEqual(bytes.ScaleSamples(scale).Reference.Span), $"scale {scale} reference samples differ");
                Assert.True(scalar.ScaleSamples(scale).Distorted.Span.SequenceEqual(bytes.ScaleSamples(scale).Distorted.Span), $"scale {scale} distorted samples differ");
            }

            Assert.Equal(expected, fromSamples);
            Assert.Equal(expected, fromBytes);
        }
    }

    private static byte[] Narrowed(ushort[] plane) => [.. plane.Select(v => checked((byte)v))];

    /// <summary>
    /// Planes that reach every branch: full-range noise (extreme moments, the log branch), flat areas (the
    /// non-log branch), smooth ramps, and a distorted twin that is noisier, blurred, or the same.
    /// </summary>
    private static IEnumerable<(ushort[] Reference, ushort[] Distorted)> Pairs(Random random, int width, int height, int bitDepth)
    {
        int max = (1 << bitDepth) - 1;
        var noise = new ushort[width * height];
        var mixed = new ushort[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                noise[y * width + x] = (ushort)random.Next(max + 1);
                mixed[y * width + x] = (ushort)(((x / 5 + y / 3) % 3) switch
                {
                    0 => max * x / width,
                    1 => max / 2,
                    _ => random.Next(max + 1),
                });
            }
        }

        yield return (noise, Noisier(noise, random, max, 0));
        yield return (noise, Noisier(noise, random, max, max / 8));
        yield return (mixed, Noisier(mixed, random, max, max / 20));
        yield return (mixed, Blurred(mixed, width));
        yield return (Blurred(mixed, width), noise);
        var extremes = new ushort[width * height];
        for (int i = 0; i < extremes.Length; i++)
        {
            extremes[i] = (ushort)(random.Next(2) * max);
        }

        yield return (extremes, Noisier(extremes, random, max, max));
    }

    private static ushort[] Noisier(ushort[] plane, Random random, int max, int amplitude) =>
        [.. plane.Select(v => (ushort)Math.Clamp(v + random.Next(-amplitude, amplitude + 1), 0, max))];

    private static ushort[] Blurred(ushort[] plane, int width)
    {
        var blurred = new ushort[plane.Length];
        for (int i = 0; i < plane.Length; i++)
        {
            int x = i % width;
            int left = x > 0 ? plane[i - 1] : plane[i];
            int right = x < width - 1 ? plane[i + 1] : plane[i];
            blurred[i] = (ushort)((left + 2 * plane[i] + right + 2) / 4);
        }

        return blurred;
    }
}
