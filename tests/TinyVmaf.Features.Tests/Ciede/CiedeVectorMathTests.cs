using TinyVmaf.Features.Ciede;

namespace TinyVmaf.Features.Tests.Ciede;

/// <summary>
/// Each approximation of the vector kernel against the exact function in double precision, densely over the
/// domain the kernel calls it on, at the bound its documentation states.
/// </summary>
public sealed class CiedeVectorMathTests(ITestOutputHelper output)
{
    private static readonly int Lanes = FloatLanes256.Count;

    [Fact]
    public void The_power_of_the_transfer_function_is_within_3e_7_relative_over_its_domain()
    {
        var octaves = FloatLanes256.CreateTable8(CiedeVectorMath.Pow24Octaves);
        double worst = WorstError(Grid(0.0895, 2.25, 200_000), x => CiedeVectorMath.Pow24(x, octaves), x => Math.Pow(x, 2.4), relative: true);
        output.WriteLine($"x^2.4: worst relative error {worst:G3}");
        Assert.InRange(worst, 0, 3e-7);
    }

    [Fact]
    public void The_cube_root_of_the_companding_is_within_3e_7_relative_over_its_domain()
    {
        var (low, high) = FloatLanes256.CreateTable16(CiedeVectorMath.CbrtOctaves);
        double worst = WorstError(Grid(216.0 / 24389.0, 8, 200_000), x => CiedeVectorMath.Cbrt(x, low, high), Math.Cbrt, relative: true);
        output.WriteLine($"cbrt: worst relative error {worst:G3}");
        Assert.InRange(worst, 0, 3e-7);
    }

    [Fact]
    public void Exp2_is_within_1e_7_relative_from_minus_126_to_127()
    {
        double worst = WorstError(Grid(-126, 127, 200_000), CiedeVectorMath.Exp2, x => Math.Pow(2, x), relative: true);
        output.WriteLine($"exp2: worst relative error {worst:G3}");
        Assert.InRange(worst, 0, 1e-7);
    }

    [Fact]
    public void Sin_is_within_2e_7_over_a_half_turn()
    {
        double worst = WorstError(Grid(-Math.PI / 2, Math.PI / 2, 100_000), CiedeVectorMath.Sin, Math.Sin, relative: false);
        output.WriteLine($"sin: worst error {worst:G3}");
        Assert.InRange(worst, 0, 2e-7);
    }

    [Fact]
    public void The_hue_angle_is_within_6e_7_of_libvmafs_in_every_direction_and_scale()
    {
        var random = new Random(11);
        double worst = 0;
        var ys = new float[Lanes];
        var xs = new float[Lanes];
        var angles = new float[Lanes];
        for (int n = 0; n < 20_000; n++)
        {
            for (int k = 0; k < Lanes; k++)
            {
                double scale = Math.Pow(10, random.NextDouble() * 8 - 5);
                double direction = random.NextDouble() * 2 * Math.PI;
                ys[k] = (float)(scale * Math.Sin(direction));
                xs[k] = (float)(scale * Math.Cos(direction));
            }

            FloatLanes256.Store(CiedeVectorMath.HueAngle(FloatLanes256.Load(ref ys[0], 0), FloatLanes256.Load(ref xs[0], 0)), ref angles[0], 0);
            for (int k = 0; k < Lanes; k++)
            {
                double error = Math.Abs(angles[k] - LibvmafHue(ys[k], xs[k]));
                worst = Math.Max(worst, Math.Min(error, Math.Abs(error - (2 * Math.PI))));
            }
        }

        output.WriteLine($"hue angle: worst error {worst:G3}");
        Assert.InRange(worst, 0, 6e-7);
    }

    /// <summary>Signed zeros included: C's atan2 tells them apart, libvmaf's hue of a grey does not.</summary>
    public static TheoryData<float, float, double> Axes => new()
    {
        { 0f, 0f, 0.0 },
        { -0f, 0f, 0.0 },
        { 0f, -0f, 0.0 },
        { -0f, -0f, 0.0 },
        { 0f, 1f, 0.0 },
        { -0f, 1f, 0.0 },
        { 0f, -1f, Math.PI },
        { -0f, -1f, Math.PI },
        { 1f, 0f, Math.PI / 2 },
        { -1f, 0f, 3 * Math.PI / 2 },
        { 1f, 1f, Math.PI / 4 },
    };

    [Theory]
    [MemberData(nameof(Axes))]
    public void The_hue_angle_takes_libvmafs_values_on_the_axes(float y, float x, double expected)
    {
        Assert.Equal(expected, LibvmafHue(y, x), 6);
        var ys = Enumerable.Repeat(y, Lanes).ToArray();
        var xs = Enumerable.Repeat(x, Lanes).ToArray();
        var angles = new float[Lanes];
        FloatLanes256.Store(CiedeVectorMath.HueAngle(FloatLanes256.Load(ref ys[0], 0), FloatLanes256.Load(ref xs[0], 0)), ref angles[0], 0);
        Assert.All(angles, a => Assert.Equal(expected, a, 6));
    }

    [Fact]
    public void A_chebyshev_fit_reproduces_a_polynomial_of_its_degree()
    {
        // 1 + 2x + 3x² on [1, 2] with x = 1.5 + s/2 is 10.75 + 5.5s + 0.75s².
        var coefficients = ChebyshevFit.Monomials(x => 1 + (2 * x) + (3 * x * x), 1, 2, degree: 3);
        Assert.Equal([10.75f, 5.5f, 0.75f, 0f], coefficients.Select(c => MathF.Round(c, 5)).ToArray());
    }

    /// <summary>libvmaf's <c>get_h_prime</c>: 0 for a grey, else atan2 taken into [0, 2π).</summary>
    private static double LibvmafHue(float y, float x)
    {
        if (y == 0 && x == 0)
        {
            return 0;
        }

        double angle = Math.Atan2(y, x);
        return angle < 0 ? angle + (2 * Math.PI) : angle;
    }

    private static float[] Grid(double from, double to, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (float)(from + ((to - from) * i / (count - 1))))];

    private static double WorstError(float[] xs, Func<FloatLanes256, FloatLanes256> approximation, Func<double, double> exact, bool relative)
    {
        var padded = new float[(xs.Length + Lanes - 1) / Lanes * Lanes];
        xs.CopyTo(padded, 0);
        var ys = new float[padded.Length];
        for (int j = 0; j < padded.Length; j += Lanes)
        {
            FloatLanes256.Store(approximation(FloatLanes256.Load(ref padded[j], 0)), ref ys[j], 0);
        }

        double worst = 0;
        for (int j = 0; j < xs.Length; j++)
        {
            double truth = exact(xs[j]);
            double error = Math.Abs(ys[j] - truth);
            worst = Math.Max(worst, relative ? error / Math.Abs(truth) : error);
        }

        return worst;
    }
}
