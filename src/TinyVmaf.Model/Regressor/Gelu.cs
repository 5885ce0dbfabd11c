using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Model.Regressor;

/// <summary>
/// The exact GELU, <c>GELU(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2))</c>, as ONNX's Erf graph and PyTorch's
/// <c>nn.GELU()</c> (approximate = "none") define it, with its derivative <c>Φ(x) + x·φ(x)</c>.
/// </summary>
/// <remarks>
/// Two paths. The double path (<see cref="Erf"/>, <see cref="Erfc"/>, <see cref="Exact"/>) is the reference:
/// |error| of erf below 1e-15 and erfc within about 1e-14 of itself; the managed inference pass uses it and
/// everything else is checked against it. The float path (<see cref="ForwardWithDerivative"/>) is what
/// training runs millions of times per epoch: one vectorised pass accurate to float precision (|ΔΦ| below
/// 2e-7, two or three ulps), derived below from the double path, not from published coefficients.
/// </remarks>
internal static class Gelu
{
    private const double TwoOverSqrtPi = 1.1283791670955126;    // 2/√π
    private const double OneOverSqrtPi = 0.5641895835477563;    // 1/√π
    private const double OneOverSqrtTwo = 0.7071067811865476;   // 1/√2
    private const double OneOverSqrtTwoPi = 0.3989422804014327; // 1/√(2π)

    // erf uses the all-positive series below |x| = 3 and 1 − erfc(|x|) above; the series needs about 2x²
    // terms, so at 3 it is still cheap, and erf's absolute error stays at a few ulps either way.
    private const double ErfSeriesLimit = 3.0;

    // erfc switches to the continued fraction from 1.5 up: below, erfc ≥ 0.034 and 1 − erf loses at most
    // five bits; above, 1 − erf would lose ever more while the fraction needs fewer than a hundred steps
    // (about 90 at 1.5, 33 at 3).
    private const double ErfcFractionLimit = 1.5;

    // e^(−x²) underflows to zero beyond about 27.3; past this erfc is exactly 0 in double.
    private const double ErfcUnderflow = 27.5;

    /// <summary>erf(x) to within a few ulps of double precision (|error| below 1e-15).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        double ax = Math.Abs(x);
        double r = ax < ErfSeriesLimit ? ErfSeries(ax) : 1.0 - ErfcContinuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 − erf(x), with relative accuracy kept in the upper tail (about 1e-14).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (x >= ErfcFractionLimit)
            return ErfcContinuedFraction(x);
        if (x <= -ErfcFractionLimit)
            return 2.0 - ErfcContinuedFraction(-x);
        return x < 0 ? 1.0 + ErfSeries(-x) : 1.0 - ErfSeries(x);
    }

    /// <summary>Standard normal CDF Φ(x) = 0.5·erfc(−x/√2), accurate relative to itself in both tails.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x * OneOverSqrtTwo);

    /// <summary>Standard normal density φ(x).</summary>
    public static double Pdf(double x) => OneOverSqrtTwoPi * Math.Exp(-0.5 * x * x);

    /// <summary>GELU(x) = x·Φ(x), exact to double precision.</summary>
    public static double Exact(double x) => x * Cdf(x);

    /// <summary>d GELU / dx = Φ(x) + x·φ(x).</summary>
    public static double ExactDerivative(double x) => Cdf(x) + x * Pdf(x);

    // erf(x) = (2/√π)·e^(−x²)·Σ_n (2x²)^n·x / (1·3·5···(2n+1)). Unlike the Maclaurin series this one has
    // only positive terms, so there is no cancellation however large x gets; each term is the previous
    // one times 2x²/(2n+1), so once 2n+1 passes 2x² the terms shrink geometrically.
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double twoX2 = 2.0 * x2;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= twoX2 / (2 * n + 1);
            sum += term;
            if (term <= sum * 1e-17)
                break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    // For x > 0: erfc(x) = (e^(−x²)/√π) / K(x), K(x) = x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …))), evaluated
    // forwards with the modified Lentz method (no need to pick a depth in advance).
    private static double ErfcContinuedFraction(double x)
    {
        if (x >= ErfcUnderflow)
            return 0.0;
        const double Tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int k = 1; k < 500; k++)
        {
            double a = 0.5 * k;
            d = x + a * d;
            if (d == 0)
                d = Tiny;
            c = x + a / c;
            if (c == 0)
                c = Tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
                break;
        }
        return OneOverSqrtPi * Math.Exp(-x * x) / f;
    }

    // ---- float path ----------------------------------------------------------------------------------------
    //
    // For z = |x|/√2 ≥ 0 write erfc(z) = t·R(t)·exp(−z²) with t = 2/(2 + z) ∈ (0, 1]. R(t) = e^(z²)·erfc(z)/t is
    // smooth on the whole of (0, 1]: R(1) = 1 and R tends to 1/(2√π) as z → ∞ (e^(z²)·erfc(z) ~ 1/(z√π)).
    // With R = 1 + (1 − t)·Q(t), a 10-term Chebyshev expansion of Q in t carries erfc with a relative error far
    // below float's, the (1 − t) factor keeping it relative near x = 0 too. exp(−z²) is then shared with the
    // density φ(x) = exp(−z²)/√(2π) that GELU' needs: one exp per element. Φ(x) = 1 − erfc(z)/2 for x ≥ 0
    // and erfc(z)/2 below, so the lower tail keeps its relative precision.
    // The coefficients are computed once, here, from the double-precision Erfc above (Chebyshev
    // interpolation at the roots of T_n), so there is no table to trust. Beyond z = ZMax erfc is below
    // 1e-36: z is clamped there, which keeps t inside the fitted interval.

    private const int ChebyshevTerms = 10;
    private const double ZMax = 9.0;
    private const double TLow = 2.0 / (2.0 + ZMax);
    private const double THigh = 1.0;

    // Coefficients c_0..c_(n−1) of Q in T_j(u), u = (2t − TLow − THigh)/(THigh − TLow), with c_0 already halved.
    internal static readonly float[] ChebyshevCoefficients = FitChebyshev();

    internal static double[] FitChebyshevDouble()
    {
        const int n = ChebyshevTerms;
        var f = new double[n];
        for (int k = 0; k < n; k++)
        {
            double u = Math.Cos(Math.PI * (k + 0.5) / n);
            double t = 0.5 * (THigh + TLow) + 0.5 * (THigh - TLow) * u;
            double z = 2.0 / t - 2.0;
            f[k] = (Erfc(z) * Math.Exp(z * z) / t - 1.0) / (1.0 - t);
        }
        var c = new double[n];
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += f[k] * Math.Cos(Math.PI * j * (k + 0.5) / n);
            c[j] = 2.0 * s / n;
        }
        c[0] *= 0.5;
        return c;
    }

    private static float[] FitChebyshev() => Array.ConvertAll(FitChebyshevDouble(), v => (float)v);

    private const float USlope = (float)(2.0 / (THigh - TLow));
    private const float UOffset = (float)((THigh + TLow) / (THigh - TLow));
    private const float OneOverSqrtTwoF = (float)OneOverSqrtTwo;
    private const float OneOverSqrtTwoPiF = (float)OneOverSqrtTwoPi;

    /// <summary>
    /// Φ(x) and φ(x) in float, the scalar reference for the vector kernel: GELU(x) = x·Φ, GELU'(x) = Φ + x·φ.
    /// </summary>
    internal static (float Cdf, float Pdf) FastCdfPdf(float x)
    {
        float z = MathF.Min(MathF.Abs(x) * OneOverSqrtTwoF, (float)ZMax);
        float t = 2f / (2f + z);
        float u = t * USlope - UOffset;
        float ez = MathF.Exp(-z * z);
        float halfErfc = 0.5f * t * (1f + (1f - t) * Clenshaw(u)) * ez;
        float cdf = x >= 0 ? 1f - halfErfc : halfErfc;
        return (cdf, OneOverSqrtTwoPiF * ez);
    }

    private static float Clenshaw(float u)
    {
        var c = ChebyshevCoefficients;
        float twoU = 2f * u;
        float b1 = 0f, b2 = 0f;
        for (int j = c.Length - 1; j >= 1; j--)
        {
            float b0 = twoU * b1 - b2 + c[j];
            b2 = b1;
            b1 = b0;
        }
        return u * b1 - b2 + c[0];
    }

    /// <summary>
    /// Training's GELU over a span: <paramref name="y"/> = GELU(x), <paramref name="dydx"/> = GELU'(x).
    /// A Vector256 kernel when the CPU has it (chosen by the JIT once), the scalar reference for the tail and
    /// elsewhere; the two agree to a few float ulps (tested), and each is deterministic on a given machine.
    /// </summary>
    internal static void ForwardWithDerivative(ReadOnlySpan<float> x, Span<float> y, Span<float> dydx)
        => ForwardWithDerivative(x, y, dydx, Vector256.IsHardwareAccelerated);

    internal static void ForwardWithDerivative(ReadOnlySpan<float> x, Span<float> y, Span<float> dydx, bool useSimd)
    {
        if (y.Length < x.Length || dydx.Length < x.Length)
            throw new ArgumentException("Output spans are shorter than the input.");
        int i = 0;
        if (useSimd)
            i = ForwardVector256(x, y, dydx);
        for (; i < x.Length; i++)
        {
            var (cdf, pdf) = FastCdfPdf(x[i]);
            float v = x[i];
            y[i] = v * cdf;
            dydx[i] = cdf + v * pdf;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ForwardVector256(ReadOnlySpan<float> x, Span<float> y, Span<float> dydx)
    {
        var coefficients = ChebyshevCoefficients;
        Span<Vector256<float>> c = stackalloc Vector256<float>[ChebyshevTerms];
        for (int j = 0; j < c.Length; j++)
            c[j] = Vector256.Create(coefficients[j]);
        var invSqrt2 = Vector256.Create(OneOverSqrtTwoF);
        var zMax = Vector256.Create((float)ZMax);
        var two = Vector256.Create(2f);
        var one = Vector256.Create(1f);
        var half = Vector256.Create(0.5f);
        var uSlope = Vector256.Create(USlope);
        var uOffset = Vector256.Create(UOffset);
        var pdfScale = Vector256.Create(OneOverSqrtTwoPiF);
        int i = 0;
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var v = Vector256.Create(x.Slice(i, Vector256<float>.Count));
            var z = Vector256.Min(Vector256.Abs(v) * invSqrt2, zMax);
            var t = two / (two + z);
            var u = t * uSlope - uOffset;
            var twoU = u + u;
            var b1 = Vector256<float>.Zero;
            var b2 = Vector256<float>.Zero;
            for (int j = c.Length - 1; j >= 1; j--)
            {
                var b0 = twoU * b1 - b2 + c[j];
                b2 = b1;
                b1 = b0;
            }
            var q = u * b1 - b2 + c[0];
            var ez = Vector256.Exp(-(z * z));
            var halfErfc = half * t * (one + (one - t) * q) * ez;
            var cdf = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero), one - halfErfc, halfErfc);
            (v * cdf).CopyTo(y.Slice(i));
            (cdf + v * (pdfScale * ez)).CopyTo(dydx.Slice(i));
        }
        return i;
    }
}
