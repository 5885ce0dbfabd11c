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
