using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Ssim;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssim;

/// <summary>
/// checkasm-style: each vector kernel against the scalar reference on the same pictures. The two filter passes
/// must agree bit for bit (same products, same double sums, same order per output); the pooled means may
/// differ by one single-precision ulp, because the vector kernel adds pixels into its sums in another order.
/// </summary>
public sealed class SsimKernelTests
{
    /// <summary>Map widths (side − 10) of 1, 2..7 (scalar fallback), 8, 16, 17, 32, 33 and longer rows.</summary>
    public static TheoryData<int, int, int> OddSizes => new()
    {
        { 11, 11, 8 },
        { 12, 19, 8 },
        { 17, 13, 10 },
        { 18, 13, 8 },
        { 26, 40, 8 },
        { 27, 14, 10 },
        { 42, 20, 8 },
        { 43, 25, 10 },
        { 64, 40, 8 },
        { 101, 67, 10 },
        { 250, 37, 8 },
        { 97, 31, 12 },
        { 53, 29, 16 },
    };

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Vector_kernels_filter_rows_and_columns_exactly_as_the_scalar_kernel(int width, int height, int bitDepth)
    {
        var scalar = new SsimScalarKernel();
        foreach (var vector in VectorKernels(width))
        {
            foreach (var (reference, distorted) in Pictures(width, height, bitDepth))
            {
                int outputs = width - SsimWindow.Shrink;
                int mapLength = outputs * SsimWindow.Taps;
                var expectedMaps = new float[5 * mapLength];
                var actualMaps = new float[5 * mapLength];
                for (int y = 0; y < Math.Min(height, SsimWindow.Taps); y++)
                {
                    scalar.FilterRow(reference, distorted, y * width, width, expectedMaps, mapLength, y * outputs);
                    vector.FilterRow(reference, distorted, y * width, width, actualMaps, mapLength, y * outputs);
                }

                Assert.Equal(expectedMaps, actualMaps);

                // Columns through the ring in a rotated order, as the map visits it part-way down a picture.
                var rows = Enumerable.Range(0, SsimWindow.Taps).Select(v => (v + 4) % SsimWindow.Taps * outputs).ToArray();
                var expected = new float[5 * outputs];
                var actual = new float[5 * outputs];
                scalar.FilterColumns(expectedMaps, mapLength, rows, outputs, expected, outputs);
                vector.FilterColumns(expectedMaps, mapLength, rows, outputs, actual, outputs);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Vector_kernels_pool_the_same_means_within_one_single_precision_ulp(int width, int height, int bitDepth)
    {
        foreach (var vector in VectorKernels(width))
        {
            foreach (var (reference, distorted) in Pictures(width, height, bitDepth))
            {
                var expected = new SsimMap(width, new SsimScalarKernel()).Compute(reference, distorted, width, height);
                var actual = new SsimMap(width, vector).Compute(reference, distorted, width, height);

                Assert.Equal(expected.Pixels, actual.Pixels);
                AssertWithinOneUlp(expected.MeanSsim, actual.MeanSsim, "ssim");
                AssertWithinOneUlp(expected.MeanLuminance, actual.MeanLuminance, "l");
                AssertWithinOneUlp(expected.MeanContrast, actual.MeanContrast, "c");
                AssertWithinOneUlp(expected.MeanStructure, actual.MeanStructure, "s");
            }
        }
    }

    [Fact]
    public void Pooling_only_contrast_and_structure_leaves_them_unchanged()
    {
        const int width = 67, height = 45;
        foreach (var vector in VectorKernels(width))
        {
            var (reference, distorted) = Pictures(width, height, 8).First();
            var map = new SsimMap(width, vector);
            var all = map.Compute(reference, distorted, width, height, SsimTerms.All);
            var some = map.Compute(reference, distorted, width, height, SsimTerms.ContrastStructure);

            Assert.Equal(all.Contrast, some.Contrast);
            Assert.Equal(all.Structure, some.Structure);
        }
    }

    private static void AssertWithinOneUlp(float expected, float actual, string what) =>
        Assert.True(
            actual == expected || actual == MathF.BitIncrement(expected) || actual == MathF.BitDecrement(expected),
            $"{what}: scalar {expected:R}, vector {actual:R}");

    /// <summary>The AVX kernel, and the AVX-512 one where the CPU has it.</summary>
    private static IEnumerable<SsimVectorKernel> VectorKernels(int maxWidth)
    {
        Assert.SkipUnless(SsimVectorKernel.IsSupported, "this CPU has no AVX: only the scalar kernel runs here");
        var avx = new SsimVectorKernel(maxWidth, useAvx512: false);
        Assert.False(avx.UsesAvx512);
        yield return avx;
        if (Avx512F.IsSupported)
        {
            var avx512 = new SsimVectorKernel(maxWidth, useAvx512: true);
            Assert.True(avx512.UsesAvx512);
            yield return avx512;
        }
    }

    /// <summary>
    /// Float pictures as libvmaf makes them from samples: the synthetic pair (flat, ramps, edges, near-white,
    /// noise), full-range noise against a noisier twin, and a picture against itself.
    /// </summary>
    internal static IEnumerable<(float[] Reference, float[] Distorted)> Pictures(int width, int height, int bitDepth)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        var (reference, distorted) = SyntheticPictures.Pair(format, width + height);
        yield return (ToFloat(reference.Y, bitDepth), ToFloat(distorted.Y, bitDepth));

        var random = new Random(width * 1000 + height * 10 + bitDepth);
        int max = (1 << bitDepth) - 1;
        var noise = new Plane(width, height);
        var noisier = new Plane(width, height);
        for (int i = 0; i < noise.Data.Length; i++)
        {
            noise.Data[i] = (ushort)random.Next(max + 1);
            noisier.Data[i] = (ushort)Math.Clamp(noise.Data[i] + random.Next(-max / 8, max / 8 + 1), 0, max);
        }

        yield return (ToFloat(noise, bitDepth), ToFloat(noisier, bitDepth));
        var same = ToFloat(reference.Y, bitDepth);
        yield return (same, same);
    }

    private static float[] ToFloat(Plane plane, int bitDepth)
    {
        var picture = new float[plane.Width * plane.Height];
        FloatLuma.Convert(plane.Data, plane.Stride, plane.Width, plane.Height, FloatLuma.Scale(bitDepth), picture, useSimd: false);
        return picture;
    }
}
