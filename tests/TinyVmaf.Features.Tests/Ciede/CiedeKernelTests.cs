using TinyVmaf.Features.Ciede;

namespace TinyVmaf.Features.Tests.Ciede;

/// <summary>
/// The vector kernel against the scalar reference (libvmaf's arithmetic) on odd row widths, at 8 and 10 bits,
/// at each lane width the CPU runs. The vector kernel replaces libm by polynomials and double by float, so it
/// is held to a tolerance: per row, the ΔE00 sum within 1e-5 relative (a score moves by 8.7 times the relative
/// change of the mean ΔE00, so 1e-4 of score here, a tenth of the parity bar); per picture, the score within
/// 1e-4. The lane count changes no pixel's ΔE00, only the order in which a row's are summed.
/// </summary>
public sealed class CiedeKernelTests(ITestOutputHelper output)
{
    private const double RowTolerance = 1e-5;
    private const double ScoreTolerance = 1e-4;

    public static TheoryData<string, int> Widths()
    {
        var data = new TheoryData<string, int>();
        foreach (string lanes in VectorKernels().Keys)
        {
            foreach (int bitDepth in new[] { 8, 10 })
            {
                data.Add(lanes, bitDepth);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void The_vector_kernel_agrees_with_the_scalar_one_on_odd_widths(string lanes, int bitDepth)
    {
        var random = new Random(bitDepth * 31);
        int max = (1 << bitDepth) - 1;
        double worst = 0;
        foreach (int width in new[] { 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 47, 67, 129 })
        {
            var (reference, distorted) = Rows(random, width, bitDepth, spread: max / 8);
            var scalar = new CiedeScalarKernel(bitDepth);
            var vector = VectorKernels()[lanes](width, bitDepth);

            double expected = scalar.AddRow(0, reference.Row, distorted.Row);
            double actual = vector.AddRow(0, reference.Row, distorted.Row);

            double relative = Math.Abs(actual - expected) / expected;
            worst = Math.Max(worst, relative);
            Assert.True(relative <= RowTolerance, $"width {width}: scalar {expected:R}, vector {actual:R}, relative {relative:G3}");
        }

        output.WriteLine($"{lanes} lanes, {bitDepth} bits: worst relative row difference {worst:G3}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void The_vector_kernel_scores_an_odd_sized_picture_as_the_scalar_one_does(string lanes, int bitDepth)
    {
        const int width = 67, height = 45;
        var random = new Random(bitDepth + 7);
        int max = (1 << bitDepth) - 1;
        var scalar = new CiedeScalarKernel(bitDepth);
        var vector = VectorKernels()[lanes](width, bitDepth);
        double expected = 0, actual = 0;
        for (int i = 0; i < height; i++)
        {
            // Full-range noise on some rows reaches every branch: out-of-gamut colours, hues π apart, greys.
            var (reference, distorted) = Rows(random, width, bitDepth, spread: i % 3 == 0 ? max : max / 16);
            expected = scalar.AddRow(expected, reference.Row, distorted.Row);
            actual = vector.AddRow(actual, reference.Row, distorted.Row);
        }

        double pixels = (double)width * height;
        double delta = Math.Abs(CiedeExtractorScore(actual, pixels) - CiedeExtractorScore(expected, pixels));
        output.WriteLine($"{lanes} lanes, {bitDepth} bits: score {CiedeExtractorScore(expected, pixels):F6}, |Δ| {delta:G3}");
        Assert.True(delta <= ScoreTolerance, $"score differs by {delta:G3}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Identical_rows_sum_to_exactly_zero_in_both_kernels(string lanes, int bitDepth)
    {
        var random = new Random(5);
        foreach (int width in new[] { 1, 13, 64 })
        {
            var (reference, _) = Rows(random, width, bitDepth, spread: 0);
            Assert.Equal(0.0, new CiedeScalarKernel(bitDepth).AddRow(0, reference.Row, reference.Row));
            Assert.Equal(0.0, VectorKernels()[lanes](width, bitDepth).AddRow(0, reference.Row, reference.Row));
        }
    }

    [Fact]
    public void Eight_and_sixteen_lanes_give_the_same_sums()
    {
        Assert.SkipUnless(FloatLanes512.IsHardwareAccelerated, "this CPU does not run 16 lanes");
        var random = new Random(3);
        foreach (int bitDepth in new[] { 8, 10 })
        {
            foreach (int width in new[] { 5, 16, 37, 130 })
            {
                var (reference, distorted) = Rows(random, width, bitDepth, spread: 1 << (bitDepth - 3));
                double eight = new CiedeVectorKernel<FloatLanes256>(width, bitDepth).AddRow(0, reference.Row, distorted.Row);
                double sixteen = new CiedeVectorKernel<FloatLanes512>(width, bitDepth).AddRow(0, reference.Row, distorted.Row);
                Assert.Equal(eight, sixteen, Math.Abs(eight) * 1e-12);
            }
        }
    }

    [Fact]
    public void Pixel_differences_agree_with_libvmafs_from_near_greys_to_vivid_colours()
    {
        // Chromas from 1e-6 (the finest a float L*a*b* grey can differ by) to 150, in every direction; hues at
        // least 10° from opposite, where CIEDE2000 itself jumps and a pixel may take either side.
        var random = new Random(17);
        double worst = 0;
        ForEachVector(50_000, () =>
        {
            double direction = random.NextDouble() * 2 * Math.PI;
            double turn = (random.NextDouble() - 0.5) * 2 * (Math.PI - (10 * Math.PI / 180));
            return (Colour(random, direction), Colour(random, direction + turn));
        }, (expected, actual) =>
        {
            Assert.True(float.IsFinite(actual), $"ΔE00 {actual} where libvmaf has {expected}");
            worst = Math.Max(worst, Math.Abs(actual - expected) / (1e-3 + expected));
        });

        output.WriteLine($"worst relative pixel difference {worst:G3}");
        Assert.True(worst <= 1e-4, $"worst relative pixel difference {worst:G3}");
    }

    [Fact]
    public void Opposite_hues_and_greys_give_finite_differences()
    {
        var random = new Random(19);
        ForEachVector(20_000, () =>
        {
            double direction = random.NextDouble() * 2 * Math.PI;
            var first = Colour(random, direction);
            var second = random.Next(4) == 0
                ? new LabColor(first.L, 0, 0)
                : Colour(random, direction + Math.PI + ((random.NextDouble() - 0.5) * 1e-4));
            return (first, second);
        }, (expected, actual) => Assert.True(float.IsFinite(actual), $"ΔE00 {actual} where libvmaf has {expected}"));
    }

    private static LabColor Colour(Random random, double direction)
    {
        double chroma = Math.Pow(10, (random.NextDouble() * 8.2) - 6);
        return new LabColor((float)(random.NextDouble() * 100), (float)(chroma * Math.Cos(direction)), (float)(chroma * Math.Sin(direction)));
    }

    /// <summary>Runs the 8-lane ΔE00 on pairs from <paramref name="pair"/> and hands each result, after the scalar one, to <paramref name="check"/>.</summary>
    private static void ForEachVector(int count, Func<(LabColor, LabColor)> pair, Action<float, float> check)
    {
        int lanes = FloatLanes256.Count;
        var channels = new float[6][];
        for (int c = 0; c < 6; c++)
        {
            channels[c] = new float[lanes];
        }

        var expected = new float[lanes];
        var actual = new float[lanes];
        for (int n = 0; n < count; n += lanes)
        {
            for (int k = 0; k < lanes; k++)
            {
                var (first, second) = pair();
                (channels[0][k], channels[1][k], channels[2][k]) = (first.L, first.A, first.B);
                (channels[3][k], channels[4][k], channels[5][k]) = (second.L, second.A, second.B);
                expected[k] = CiedeScalarKernel.DeltaE00(first, second);
            }

            var de = CiedeVectorKernel<FloatLanes256>.DeltaE00(
                FloatLanes256.Load(ref channels[0][0], 0), FloatLanes256.Load(ref channels[1][0], 0), FloatLanes256.Load(ref channels[2][0], 0),
                FloatLanes256.Load(ref channels[3][0], 0), FloatLanes256.Load(ref channels[4][0], 0), FloatLanes256.Load(ref channels[5][0], 0));
            FloatLanes256.Store(de, ref actual[0], 0);
            for (int k = 0; k < lanes; k++)
            {
                check(expected[k], actual[k]);
            }
        }
    }

    [Fact]
    public void A_wider_kernel_takes_narrower_rows()
    {
        var random = new Random(9);
        var kernel = new CiedeVectorKernel<FloatLanes256>(100, 8);
        var scalar = new CiedeScalarKernel(8);
        foreach (int width in new[] { 100, 11, 64 })
        {
            var (reference, distorted) = Rows(random, width, 8, spread: 20);
            double expected = scalar.AddRow(0, reference.Row, distorted.Row);
            Assert.Equal(expected, kernel.AddRow(0, reference.Row, distorted.Row), expected * RowTolerance);
        }
    }

    /// <summary>
    /// The vector kernels, by lane count: 8 always (without hardware support .NET emulates it, slowly but
    /// exactly), 16 where the CPU runs it.
    /// </summary>
    internal static Dictionary<string, Func<int, int, ICiedeKernel>> VectorKernels()
    {
        var kernels = new Dictionary<string, Func<int, int, ICiedeKernel>>
        {
            ["8"] = (width, bitDepth) => new CiedeVectorKernel<FloatLanes256>(width, bitDepth),
        };

        if (FloatLanes512.IsHardwareAccelerated)
        {
            kernels["16"] = (width, bitDepth) => new CiedeVectorKernel<FloatLanes512>(width, bitDepth);
        }

        return kernels;
    }

    private static double CiedeExtractorScore(double sum, double pixels) => TinyVmaf.Features.Ciede.CiedeExtractor.Score(sum, pixels);

    /// <summary>A reference row of random colours and a distorted twin, each sample moved by up to ±spread.</summary>
    internal static (Samples Reference, Samples Distorted) Rows(Random random, int width, int bitDepth, int spread)
    {
        int max = (1 << bitDepth) - 1;
        var reference = new Samples(width);
        var distorted = new Samples(width);
        for (int j = 0; j < width; j++)
        {
            for (int c = 0; c < 3; c++)
            {
                var r = reference.Planes[c];
                r[j] = (ushort)random.Next(max + 1);
                distorted.Planes[c][j] = (ushort)Math.Clamp(r[j] + random.Next(-spread, spread + 1), 0, max);
            }
        }

        return (reference, distorted);
    }

    internal sealed class Samples(int width)
    {
        public ushort[][] Planes { get; } = [new ushort[width], new ushort[width], new ushort[width]];

        public YuvRow Row => new(Planes[0], Planes[1], Planes[2]);
    }
}
