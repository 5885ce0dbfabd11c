using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Regressor;

public sealed class GeluTests
{
    // Reference values from the C library's erf/erfc (through Python's math module), an implementation
    // independent of ours.
    [Theory]
    [InlineData(1e-10, 1.1283791670955126e-10, 0.999999999887162)]
    [InlineData(0.001, 0.0011283787909692365, 0.9988716212090307)]
    [InlineData(0.1, 0.1124629160182849, 0.8875370839817152)]
    [InlineData(0.25, 0.2763263901682369, 0.7236736098317631)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(0.75, 0.7111556336535151, 0.28884436634648486)]
    [InlineData(1, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.5, 0.9661051464753108, 0.033894853524689274)]
    [InlineData(2, 0.9953222650189527, 0.004677734981047265)]
    [InlineData(2.5, 0.999593047982555, 0.0004069520174449589)]
    [InlineData(2.99, 0.9999764743969194, 2.3525603080640195e-05)]
    [InlineData(3.0, 0.9999779095030014, 2.2090496998585438e-05)]
    [InlineData(3.01, 0.9999792610363629, 2.073896363713263e-05)]
    [InlineData(3.5, 0.9999992569016276, 7.430983723414128e-07)]
    [InlineData(4, 0.9999999845827421, 1.541725790028002e-08)]
    [InlineData(5, 0.9999999999984626, 1.5374597944280351e-12)]
    [InlineData(6, 1.0, 2.1519736712498916e-17)]
    [InlineData(8, 1.0, 1.1224297172982928e-29)]
    public void Erf_and_erfc_match_the_C_library_to_double_precision(double x, double erf, double erfc)
    {
        Assert.InRange(Math.Abs(Gelu.Erf(x) - erf), 0, 1e-15 + 4e-16 * Math.Abs(erf));
        Assert.InRange(Math.Abs(Gelu.Erf(-x) + erf), 0, 1e-15 + 4e-16 * Math.Abs(erf));
        // erfc keeps its relative precision in the upper tail, where 1 − erf would have none left.
        Assert.InRange(Math.Abs(Gelu.Erfc(x) - erfc) / erfc, 0, 1e-13);
        Assert.InRange(Math.Abs(Gelu.Erfc(-x) - (2 - erfc)), 0, 1e-15);
    }

    [Fact]
    public void Erf_is_odd_exactly_and_saturates_at_plus_and_minus_one()
    {
        for (double x = 0; x < 30; x += 0.0137)
            Assert.Equal(-Gelu.Erf(x), Gelu.Erf(-x));
        Assert.Equal(0.0, Gelu.Erf(0));
        Assert.Equal(1.0, Gelu.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, Gelu.Erf(double.NegativeInfinity));
        Assert.True(double.IsNaN(Gelu.Erf(double.NaN)));
        Assert.Equal(0.0, Gelu.Erfc(40));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Series_and_continued_fraction_join_without_a_step_where_they_hand_over(double limit)
    {
        double below = Math.BitDecrement(limit);
        Assert.InRange(Math.Abs(Gelu.Erfc(below) - Gelu.Erfc(limit)) / Gelu.Erfc(limit), 0, 1e-13);
        Assert.InRange(Math.Abs(Gelu.Erf(below) - Gelu.Erf(limit)), 0, 1e-15);
    }

    [Fact]
    public void Exact_gelu_is_half_x_times_one_plus_erf_of_x_over_root_two()
    {
        for (double x = -6; x <= 6; x += 0.173)
        {
            double byDefinition = 0.5 * x * (1 + Gelu.Erf(x / Math.Sqrt(2)));
            Assert.InRange(Math.Abs(Gelu.Exact(x) - byDefinition), 0, 1e-15 * Math.Max(1, Math.Abs(x)));
        }
        // Deep in the negative tail 1 + erf has cancelled to nothing; the erfc form still has the value.
        Assert.InRange(Gelu.Exact(-10) / (-10 * 0.5 * 1.5239706048321186e-23) - 1, -1e-13, 1e-13);
    }

    [Fact]
    public void Exact_derivative_matches_central_finite_differences()
    {
        const double h = 1e-5;
        for (double x = -7; x <= 7; x += 0.0917)
        {
            double fd = (Gelu.Exact(x + h) - Gelu.Exact(x - h)) / (2 * h);
            Assert.InRange(Math.Abs(Gelu.ExactDerivative(x) - fd), 0, 1e-9);
        }
    }

    [Fact]
    public void Fast_float_path_is_accurate_to_float_precision_against_the_double_path()
    {
        const int n = 240_001;
        var x = new float[n];
        for (int i = 0; i < n; i++)
            x[i] = -12f + 24f * i / (n - 1);
        var y = new float[n];
        var dy = new float[n];
        Gelu.ForwardWithDerivative(x, y, dy);

        for (int i = 0; i < n; i++)
        {
            double xi = x[i];
            // A few float ulps of the value (float's ulp at 1 is 1.2e-7), floored for values near zero.
            double scale = Math.Max(1, Math.Abs(xi));
            Assert.InRange(Math.Abs(y[i] - Gelu.Exact(xi)), 0, 3e-7 * scale);
            Assert.InRange(Math.Abs(dy[i] - Gelu.ExactDerivative(xi)), 0, 3e-7 * scale);
            var (cdf, _) = Gelu.FastCdfPdf(x[i]);
            double exactCdf = Gelu.Cdf(xi);
            Assert.InRange(Math.Abs(cdf - exactCdf), 0, 2e-7);
            // The lower tail keeps relative precision: x·Φ(x) is not rounded to zero while Φ is a normal float.
            if (exactCdf > 1e-30)
                Assert.InRange(Math.Abs(cdf - exactCdf) / exactCdf, 0, 2e-5);
        }
    }

    [Fact]
    public void Vector_kernel_agrees_with_the_scalar_reference_at_every_length()
    {
        var rng = new Random(7);
        for (int length = 1; length <= 67; length++)
        {
            var x = new float[length];
            for (int i = 0; i < length; i++)
                x[i] = (float)((rng.NextDouble() - 0.5) * 16);
            var ySimd = new float[length];
            var dSimd = new float[length];
            var yScalar = new float[length];
            var dScalar = new float[length];
            Gelu.ForwardWithDerivative(x, ySimd, dSimd, useSimd: true);
            Gelu.ForwardWithDerivative(x, yScalar, dScalar, useSimd: false);
            for (int i = 0; i < length; i++)
            {
                float scale = MathF.Max(1, MathF.Abs(x[i]));
                Assert.InRange(MathF.Abs(ySimd[i] - yScalar[i]), 0, 2.5e-7f * scale);
                Assert.InRange(MathF.Abs(dSimd[i] - dScalar[i]), 0, 2.5e-7f * scale);
            }
        }
    }
}
