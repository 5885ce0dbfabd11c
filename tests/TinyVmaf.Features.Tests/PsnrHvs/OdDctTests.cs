using System.Diagnostics.CodeAnalysis;
using TinyVmaf.Features.PsnrHvs;

namespace TinyVmaf.Features.Tests.PsnrHvs;

public sealed class OdDctTests(ITestOutputHelper output)
{
    [Fact]
    public void The_integer_dct_is_the_orthonormal_dct_up_to_its_roundings()
    {
        var random = new Random(3);
        for (int n = 0; n < 100; n++)
        {
            var block = new int[64];
            for (int k = 0; k < 64; k++)
            {
                block[k] = random.Next(1024);
            }

            var expected = OrthonormalDct(block);
            OdDct.Forward8x8(block, new int[64]);

            for (int k = 0; k < 64; k++)
            {
                // Each lifting step rounds to an integer; a few units is all they add up to.
                Assert.True(Math.Abs(block[k] - expected[k]) <= 4, $"coefficient {k}: {block[k]} against {expected[k]:F2}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(1023)]
    [InlineData(4095)]
    public void A_flat_block_has_only_its_dc_about_eight_times_the_sample(int sample)
    {
        var block = Enumerable.Repeat(sample, 64).ToArray();

        OdDct.Forward8x8(block, new int[64]);

        Assert.InRange(block[0], (8 * sample) - 1, 8 * sample);
        Assert.All(block[1..], c => Assert.Equal(0, c));
    }

    [Fact]
    public void The_unbiased_half_rounds_toward_zero()
    {
        Assert.Equal(3, OdDct.HalfTowardZero(7));
        Assert.Equal(-3, OdDct.HalfTowardZero(-7));
        Assert.Equal(-4, OdDct.HalfTowardZero(-8));
        Assert.Equal(0, OdDct.HalfTowardZero(-1));
    }

    /// <summary>
    /// Backs <see cref="PsnrHvsNarrowKernel"/>: bounds every value the 2-D transform forms (after each step of
    /// both passes) over all blocks of samples in [0, 2^bpc − 1], by carrying each value as an affine form of
    /// the 64 samples plus the worst its roundings can have added. At 10 bits every bound is below 2^15, so
    /// 16-bit lanes hold every intermediate exactly; at 12 bits they would not.
    /// </summary>
    [Theory]
    [InlineData(8, true)]
    [InlineData(10, true)]
    [InlineData(12, false)]
    public void Dct_intermediates_fit_sixteen_bits_up_to_ten_bits(int bitDepth, bool fits)
    {
        // The network the kernels run, over affine forms: every value it forms passes through the tracker.
        var tracker = new Tracker((1 << bitDepth) - 1);
        var columns = new Affine[8][];
        for (int j = 0; j < 8; j++)
        {
            columns[j] = Forward8(Enumerable.Range(0, 8).Select(i => Affine.Sample((i * 8) + j, tracker)).ToArray());
        }

        for (int k = 0; k < 8; k++)
        {
            Forward8(Enumerable.Range(0, 8).Select(j => columns[j][k]).ToArray());
        }

        output.WriteLine($"{bitDepth} bits: no value of the transform exceeds {tracker.Largest:F1} in magnitude");
        Assert.Equal(fits, tracker.Largest < short.MaxValue);
        if (bitDepth <= PsnrHvsNarrowKernel.MaxBitDepth)
        {
            Assert.True(fits);
        }
    }

    private static Affine[] Forward8(Affine[] x)
    {
        OdDct.Forward8<Affine, AffineLanes>(ref x[0], ref x[1], ref x[2], ref x[3], ref x[4], ref x[5], ref x[6], ref x[7]);
        return x;
    }

    /// <summary>The largest magnitude any tracked value can reach over samples in [0, <see cref="Max"/>].</summary>
    private sealed class Tracker(double max)
    {
        public double Max { get; } = max;

        public double Largest { get; private set; }

        public Affine Track(Affine a)
        {
            Largest = Math.Max(Largest, a.Bound(Max));
            return a;
        }
    }

    /// <summary>The network's steps over affine forms, each result tracked.</summary>
    private readonly struct AffineLanes : IOdDctLanes<Affine>
    {
        public static Affine Add(Affine a, Affine b) => a.Tracker.Track(a + b);

        public static Affine Subtract(Affine a, Affine b) => a.Tracker.Track(a - b);

        public static Affine HalfTowardZero(Affine a) => a.Tracker.Track(a.Scale(0.5).Rounded());

        public static Affine Rotate(Affine a, [ConstantExpected] int c, [ConstantExpected] byte shift) => a.Tracker.Track(a.Scale(c / (double)(1 << shift)).Rounded());
    }

    /// <summary>A value as Σ c_k·x_k over the 64 samples, give or take <see cref="Error"/> from roundings.</summary>
    private sealed record Affine(double[] Coefficients, double Error, Tracker Tracker)
    {
        public static Affine Sample(int k, Tracker tracker)
        {
            var c = new double[64];
            c[k] = 1;
            return new Affine(c, 0, tracker);
        }

        public static Affine operator +(Affine a, Affine b) => new(a.Coefficients.Zip(b.Coefficients, (p, q) => p + q).ToArray(), a.Error + b.Error, a.Tracker);

        public static Affine operator -(Affine a, Affine b) => new(a.Coefficients.Zip(b.Coefficients, (p, q) => p - q).ToArray(), a.Error + b.Error, a.Tracker);

        public Affine Scale(double k) => new(Coefficients.Select(c => c * k).ToArray(), Error * Math.Abs(k), Tracker);

        /// <summary>Every rounding step (a halving toward zero, a rounded shift) moves a value by at most 1/2.</summary>
        public Affine Rounded() => this with { Error = Error + 0.5 };

        /// <summary>The largest magnitude over samples in [0, max]: the positive or the negative coefficients all at max.</summary>
        public double Bound(double max) =>
            Math.Max(Coefficients.Where(c => c > 0).Sum(), -Coefficients.Where(c => c < 0).Sum()) * max + Error;
    }

    private static double[] OrthonormalDct(int[] block)
    {
        var result = new double[64];
        for (int u = 0; u < 8; u++)
        {
            for (int v = 0; v < 8; v++)
            {
                double sum = 0;
                for (int i = 0; i < 8; i++)
                {
                    for (int j = 0; j < 8; j++)
                    {
                        sum += block[(i * 8) + j] * Math.Cos((2 * i + 1) * u * Math.PI / 16) * Math.Cos((2 * j + 1) * v * Math.PI / 16);
                    }
                }

                double cu = u == 0 ? Math.Sqrt(0.125) : 0.5, cv = v == 0 ? Math.Sqrt(0.125) : 0.5;
                result[(u * 8) + v] = cu * cv * sum;
            }
        }

        return result;
    }
}
