using System.Runtime.Intrinsics;
using TinyVmaf.Features.PsnrHvs;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.PsnrHvs;

/// <summary>checkasm-style: the vector kernels against the scalar reference on the same planes.</summary>
public sealed class PsnrHvsKernelTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated tolerance between a vector kernel's plane total and the scalar one's, relative: 2e-6, about
    /// 1e-5 dB. Only the masking level's sums are ordered differently (a few units in the last place of a
    /// float); the DCT is exact and the total is summed exactly as libvmaf sums it.
    /// </summary>
    private const double RelativeTolerance = 2e-6;

    public static TheoryData<int, int, int> OddSizes => new()
    {
        { 8, 8, 8 },
        { 9, 8, 8 },
        { 15, 16, 8 },
        { 37, 23, 8 },
        { 101, 67, 8 },
        { 250, 37, 8 },
        { 16, 15, 10 },
        { 47, 29, 10 },
        { 129, 71, 10 },
        { 22, 17, 11 },
        { 63, 41, 12 },
        { 35, 33, 12 },
    };

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Vector_kernels_agree_with_the_scalar_reference_within_the_stated_tolerance(int width, int height, int bitDepth)
    {
        Assert.SkipUnless(PsnrHvsNarrowKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        var random = new Random((width * 1000) + (height * 10) + bitDepth);
        var scalar = new PsnrHvsScalarKernel();
        var kernels = new List<IPsnrHvsKernel> { new PsnrHvsWideKernel() };
        if (bitDepth <= PsnrHvsNarrowKernel.MaxBitDepth)
        {
            kernels.Add(new PsnrHvsNarrowKernel());
        }

        double worst = 0;
        foreach (var (name, reference, distorted) in Pairs(random, width, height, bitDepth))
        {
            for (int plane = 0; plane < 3; plane++)
            {
                var weights = PsnrHvsWeights.ForPlane(plane);
                float expected = scalar.MaskedErrorSum(reference, distorted, weights);
                foreach (var kernel in kernels)
                {
                    float actual = kernel.MaskedErrorSum(reference, distorted, weights);
                    double relative = expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / expected;
                    worst = Math.Max(worst, relative);
                    Assert.True(
                        relative <= RelativeTolerance,
                        $"{kernel.GetType().Name}, {name}, weights of plane {plane}: {actual:R} against the scalar {expected:R}");
                }
            }
        }

        output.WriteLine($"{width}x{height} at {bitDepth} bits: worst relative difference {worst:G3}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    public void The_sixteen_bit_dct_equals_the_integer_dct_bit_for_bit(int bitDepth)
    {
        Assert.SkipUnless(PsnrHvsNarrowKernel.IsSupported, "this CPU has no AVX2");
        foreach (var (reference, distorted) in Blocks(new Random(bitDepth), bitDepth))
        {
            var rows = new Vector256<short>[8];
            for (int i = 0; i < 8; i++)
            {
                rows[i] = Vector256.Create(
                    Vector128.Create(reference.AsSpan(i * 8, 8)), Vector128.Create(distorted.AsSpan(i * 8, 8))).AsInt16();
            }

            PsnrHvsNarrowKernel.Dct8(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);
            PsnrHvsNarrowKernel.Transpose(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);
            PsnrHvsNarrowKernel.Dct8(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);

            var expectedReference = ScalarDct(reference);
            var expectedDistorted = ScalarDct(distorted);
            for (int j = 0; j < 8; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    // Column-major: vector j, lane i holds vertical frequency i, horizontal frequency j.
                    Assert.Equal(expectedReference[(i * 8) + j], rows[j][i]);
                    Assert.Equal(expectedDistorted[(i * 8) + j], rows[j][8 + i]);
                }
            }
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    public void The_wide_dct_equals_the_integer_dct_bit_for_bit(int bitDepth)
    {
        Assert.SkipUnless(PsnrHvsWideKernel.IsSupported, "this CPU has no AVX2");
        foreach (var (block, _) in Blocks(new Random(bitDepth), bitDepth))
        {
            var rows = new Vector256<int>[8];
            for (int i = 0; i < 8; i++)
            {
                rows[i] = Vector256.Create(Array.ConvertAll(block[(i * 8)..((i * 8) + 8)], v => (int)v));
            }

            PsnrHvsWideKernel.Dct8(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);
            PsnrHvsWideKernel.Transpose(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);
            PsnrHvsWideKernel.Dct8(ref rows[0], ref rows[1], ref rows[2], ref rows[3], ref rows[4], ref rows[5], ref rows[6], ref rows[7]);

            var expected = ScalarDct(block);
            for (int j = 0; j < 8; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    Assert.Equal(expected[(i * 8) + j], rows[j][i]);
                }
            }
        }
    }

    [Fact]
    public void The_kernel_follows_the_depth_and_the_simd_switch()
    {
        Assert.IsType<PsnrHvsScalarKernel>(PsnrHvsKernels.Create(useSimd: false, bitDepth: 8));
        if (PsnrHvsNarrowKernel.IsSupported)
        {
            Assert.IsType<PsnrHvsNarrowKernel>(PsnrHvsKernels.Create(useSimd: true, bitDepth: 8));
            Assert.IsType<PsnrHvsNarrowKernel>(PsnrHvsKernels.Create(useSimd: true, bitDepth: 10));
            Assert.IsType<PsnrHvsWideKernel>(PsnrHvsKernels.Create(useSimd: true, bitDepth: 11));
            Assert.IsType<PsnrHvsWideKernel>(PsnrHvsKernels.Create(useSimd: true, bitDepth: 12));
        }
    }

    private static int[] ScalarDct(ushort[] samples)
    {
        var block = Array.ConvertAll(samples, v => (int)v);
        OdDct.Forward8x8(block, new int[64]);
        return block;
    }

    /// <summary>
    /// 8x8 blocks that push the DCT to its extremes at the depth: for every coefficient, the 0/max pattern that
    /// drives it furthest up and furthest down (the signs of its basis function), then random blocks.
    /// </summary>
    private static IEnumerable<(ushort[] Reference, ushort[] Distorted)> Blocks(Random random, int bitDepth)
    {
        ushort max = (ushort)((1 << bitDepth) - 1);
        for (int u = 0; u < 8; u++)
        {
            for (int v = 0; v < 8; v++)
            {
                var up = new ushort[64];
                var down = new ushort[64];
                for (int i = 0; i < 8; i++)
                {
                    for (int j = 0; j < 8; j++)
                    {
                        double basis = Math.Cos((2 * i + 1) * u * Math.PI / 16) * Math.Cos((2 * j + 1) * v * Math.PI / 16);
                        up[(i * 8) + j] = basis >= 0 ? max : (ushort)0;
                        down[(i * 8) + j] = basis >= 0 ? (ushort)0 : max;
                    }
                }

                yield return (up, down);
            }
        }

        for (int n = 0; n < 200; n++)
        {
            var a = new ushort[64];
            var b = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                a[k] = (ushort)random.Next(max + 1);
                b[k] = n % 2 == 0 ? (ushort)random.Next(max + 1) : (random.Next(2) == 0 ? (ushort)0 : max);
            }

            yield return (a, b);
        }
    }

    /// <summary>
    /// Plane pairs that reach every branch: full-range noise, textured content with a codec-like error, flat
    /// areas (zero variance, no masking), identical planes (no error at all), and sharp edges.
    /// </summary>
    internal static IEnumerable<(string Name, Plane Reference, Plane Distorted)> Pairs(Random random, int width, int height, int bitDepth)
    {
        int max = (1 << bitDepth) - 1;
        Plane Make(Func<int, int, int> sample)
        {
            var plane = new Plane(width, height);
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    plane.Data[(y * width) + x] = (ushort)Math.Clamp(sample(x, y), 0, max);
                }
            }

            return plane;
        }

        var noise = Make((_, _) => random.Next(max + 1));
        yield return ("noise against noise", noise, Make((_, _) => random.Next(max + 1)));

        var texture = Make((x, y) => (int)(max * (0.5 + (0.3 * Math.Sin(x * 0.7) * Math.Cos(y * 0.4)))) + random.Next(-max / 16, (max / 16) + 1));
        int spread = Math.Max(1, max / 64);
        yield return ("texture with small errors", texture, Make((x, y) => texture.Data[(y * width) + x] + random.Next(-spread, spread + 1)));

        var flat = Make((_, _) => max / 3);
        yield return ("flat against flat plus one", flat, Make((_, _) => (max / 3) + 1));
        yield return ("identical", texture, texture);
        yield return ("edges against blur", Make((x, y) => ((x / 5) + (y / 3)) % 2 == 0 ? max : 0), Make((x, y) => ((x / 5) + (y / 3)) % 2 == 0 ? max - (max / 4) : max / 4));
    }
}
