using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.Ciede;

/// <summary>
/// The elementary functions of the vector kernel, each on the domain the kernel calls it on, in single
/// precision. The powers of the colour conversion split x into m·2^e and take m^p from a polynomial fitted on
/// [1, 2) (Chebyshev interpolation at start-up, see <see cref="ChebyshevFit"/>) and 2^(p·e) from a table; the
/// others are truncated Taylor series after a range reduction, each with its truncation bound beside it.
/// With float rounding every function is within a few 1e-7 (relative for the powers and <see cref="Exp2{TV}"/>,
/// absolute for the angles) of the exact one, which <c>CiedeVectorMathTests</c> checks over each domain: the
/// size of libvmaf's own rounding to float, and far below the 1e-4 relative change of a frame's mean ΔE00 that
/// would move its score by 1e-3.
/// </summary>
internal static class CiedeVectorMath
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>Adding then subtracting 1.5·2^23 rounds a float of magnitude below 2^22 to an integer.</summary>
    private const float RoundingMagic = 12582912f;

    private const int MantissaMask = 0x007FFFFF, OneBits = 0x3F800000;

    /// <summary>m^2.4 on m in [1, 2) as a polynomial in s = 2m − 3: its next Chebyshev term is below 5e-9.</summary>
    internal static readonly float[] Pow24Mantissa = ChebyshevFit.Monomials(m => Math.Pow(m, 2.4), 1, 2, degree: 7);

    /// <summary>m^(1/3) on m in [1, 2) as a polynomial in s = 2m − 3: its next Chebyshev term is below 4e-9.</summary>
    internal static readonly float[] CbrtMantissa = ChebyshevFit.Monomials(m => Math.Pow(m, 1.0 / 3), 1, 2, degree: 8);

    /// <summary>2^(2.4·e) for e = −4 … 3, at e + 4: the octaves x^2.4 is taken on (x in (0.089, 2.25)).</summary>
    internal static readonly float[] Pow24Octaves = [.. Enumerable.Range(-4, 8).Select(e => (float)Math.Pow(2, 2.4 * e))];

    /// <summary>2^(e/3) for e = −7 … 8, at e + 7: the octaves ∛x is taken on (x in (0.0088, 8)).</summary>
    internal static readonly float[] CbrtOctaves = [.. Enumerable.Range(-7, 16).Select(e => (float)Math.Cbrt(Math.Pow(2, e)))];

    /// <summary>x^2.4 for x in (0.089, 2.25), to within 3e-7 relative (other lanes: garbage, never a trap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Pow24<TV>(TV x, TV octaves) where TV : struct, IFloatLanes<TV>
    {
        var e = TV.IntShiftRightArithmetic(x, 23);
        var m = (x & TV.CreateInt(MantissaMask)) | TV.CreateInt(OneBits);
        var p = Horner7(TV.MultiplyAdd(m, TV.Create(2f), TV.Create(-3f)), Pow24Mantissa);
        return p * TV.Lookup8(octaves, TV.IntAdd(e, TV.CreateInt(4 - 127)));
    }

    /// <summary>∛x for x in (0.0088, 8), to within 3e-7 relative (other lanes: garbage, never a trap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Cbrt<TV>(TV x, TV octavesLow, TV octavesHigh) where TV : struct, IFloatLanes<TV>
    {
        var e = TV.IntShiftRightArithmetic(x, 23);
        var m = (x & TV.CreateInt(MantissaMask)) | TV.CreateInt(OneBits);
        var s = TV.MultiplyAdd(m, TV.Create(2f), TV.Create(-3f));
        var p = Horner8(s, CbrtMantissa);
        return p * TV.Lookup16(octavesLow, octavesHigh, TV.IntAdd(e, TV.CreateInt(7 - 127)));
    }

    /// <summary>
    /// Horner's rule for the eight coefficients <paramref name="c"/> (constant term first), written out so that
    /// the JIT sees straight-line code it can interleave with its neighbours (and checks c's length once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Horner7<TV>(TV s, ReadOnlySpan<float> c) where TV : struct, IFloatLanes<TV>
    {
        var p = TV.MultiplyAdd(TV.Create(c[7]), s, TV.Create(c[6]));
        p = TV.MultiplyAdd(p, s, TV.Create(c[5]));
        p = TV.MultiplyAdd(p, s, TV.Create(c[4]));
        p = TV.MultiplyAdd(p, s, TV.Create(c[3]));
        p = TV.MultiplyAdd(p, s, TV.Create(c[2]));
        p = TV.MultiplyAdd(p, s, TV.Create(c[1]));
        return TV.MultiplyAdd(p, s, TV.Create(c[0]));
    }

    /// <summary>Horner's rule for the nine coefficients <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Horner8<TV>(TV s, ReadOnlySpan<float> c) where TV : struct, IFloatLanes<TV> =>
        TV.MultiplyAdd(Horner7(s, c[1..]), s, TV.Create(c[0]));

    /// <summary>2^x for x in [−126, 127], to within 1e-7 relative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp2<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        // 2^x = 2^n·e^(f·ln 2), n = round(x), |f| ≤ ½; the series stops at f^7, the f^8 term is below 6e-9.
        var shifted = x + TV.Create(RoundingMagic);
        var f = x - (shifted - TV.Create(RoundingMagic));
        var n = TV.IntSubtract(shifted, TV.Create(RoundingMagic));
        var p = TV.Create((float)(Ln2 * Ln2 * Ln2 * Ln2 * Ln2 * Ln2 * Ln2 / 5040));
        p = TV.MultiplyAdd(p, f, TV.Create((float)(Ln2 * Ln2 * Ln2 * Ln2 * Ln2 * Ln2 / 720)));
        p = TV.MultiplyAdd(p, f, TV.Create((float)(Ln2 * Ln2 * Ln2 * Ln2 * Ln2 / 120)));
        p = TV.MultiplyAdd(p, f, TV.Create((float)(Ln2 * Ln2 * Ln2 * Ln2 / 24)));
        p = TV.MultiplyAdd(p, f, TV.Create((float)(Ln2 * Ln2 * Ln2 / 6)));
        p = TV.MultiplyAdd(p, f, TV.Create((float)(Ln2 * Ln2 / 2)));
        p = TV.MultiplyAdd(p, f, TV.Create((float)Ln2));
        p = TV.MultiplyAdd(p, f, TV.Create(1f));
        return p * TV.IntShiftLeft(TV.IntAdd(n, TV.CreateInt(127)), 23);
    }

    /// <summary>sin(x) for |x| ≤ π/2, to within 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sin<TV>(TV x) where TV : struct, IFloatLanes<TV>
    {
        // Odd series to x^11: the x^13 term is below 6e-8 at π/2.
        var x2 = x * x;
        var p = TV.Create(-1f / 39916800);
        p = TV.MultiplyAdd(p, x2, TV.Create(1f / 362880));
        p = TV.MultiplyAdd(p, x2, TV.Create(-1f / 5040));
        p = TV.MultiplyAdd(p, x2, TV.Create(1f / 120));
        p = TV.MultiplyAdd(p, x2, TV.Create(-1f / 6));
        return TV.MultiplyAdd(p * x2, x, x);
    }

    /// <summary>
    /// The hue angle atan2(y, x) taken into [0, 2π), and 0 where both y and x are 0, as libvmaf's
    /// <c>get_h_prime</c> has it; to within 6e-7 (near 2π floats are 4.8e-7 apart, and libvmaf's hue is a float).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV HueAngle<TV>(TV y, TV x) where TV : struct, IFloatLanes<TV>
    {
        var (numerator, denominator, upper) = OctantRatio(y, x);
        return Octant(numerator / denominator, upper, y, x);
    }

    /// <summary>
    /// atan of the smaller over the larger magnitude lies in [0, π/4]; above tan(π/8) it is taken as
    /// π/4 + atan((s − l)/(s + l)), so that the series only meets |z| ≤ tan(π/8). Returns z's numerator and
    /// denominator (1 where both magnitudes are 0, so that the division stays finite) and the upper mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV Numerator, TV Denominator, TV Upper) OctantRatio<TV>(TV y, TV x) where TV : struct, IFloatLanes<TV>
    {
        var ax = TV.Abs(x);
        var ay = TV.Abs(y);
        var small = TV.Min(ax, ay);
        var large = TV.Max(ax, ay);
        var upper = TV.GreaterThan(small, large * 0.41421356f);
        var numerator = TV.Select(upper, small - large, small);
        var denominator = TV.Select(upper, small + large, large);
        denominator = TV.Select(TV.Equal(large, TV.Create(0f)), TV.Create(1f), denominator);
        return (numerator, denominator, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Octant<TV>(TV z, TV upper, TV y, TV x) where TV : struct, IFloatLanes<TV>
    {
        // The series stops at z^15: the z^17 term is below 2e-8 at tan(π/8).
        var z2 = z * z;
        var p = TV.Create(1f / 15);
        p = TV.MultiplyAdd(p, z2, TV.Create(-1f / 13));
        p = TV.MultiplyAdd(p, z2, TV.Create(1f / 11));
        p = TV.MultiplyAdd(p, z2, TV.Create(-1f / 9));
        p = TV.MultiplyAdd(p, z2, TV.Create(1f / 7));
        p = TV.MultiplyAdd(p, z2, TV.Create(-1f / 5));
        p = TV.MultiplyAdd(p, z2, TV.Create(1f / 3));
        var angle = TV.MultiplyAdd(p * z2, -z, z);
        angle += upper & TV.Create((float)(Math.PI / 4));
        angle = TV.Select(TV.GreaterThan(TV.Abs(y), TV.Abs(x)), TV.Create((float)(Math.PI / 2)) - angle, angle);
        angle = TV.Select(TV.LessThan(x, TV.Create(0f)), TV.Create((float)Math.PI) - angle, angle);
        return TV.Select(TV.LessThan(y, TV.Create(0f)), TV.Create((float)(2 * Math.PI)) - angle, angle);
    }
}
