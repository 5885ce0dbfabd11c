using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TinyVmaf.Features.Ciede.CiedeVectorMath;

namespace TinyVmaf.Features.Ciede;

/// <summary>Chooses the vector kernel's width: 16 lanes where the runtime accelerates them, else 8.</summary>
internal static class CiedeVectorKernel
{
    public static bool IsSupported => FloatLanes256.IsHardwareAccelerated;

    public static ICiedeKernel Create(int maxWidth, int bitDepth) =>
        FloatLanes512.IsHardwareAccelerated
            ? new CiedeVectorKernel<FloatLanes512>(maxWidth, bitDepth)
            : new CiedeVectorKernel<FloatLanes256>(maxWidth, bitDepth);
}

/// <summary>
/// The vector kernel: a lane per pixel in single precision, with the functions of <see cref="CiedeVectorMath"/>
/// in place of libvmaf's libm calls. A row is converted to CIELAB into scratch (reference and distorted), then
/// ΔE00 runs over the scratch; each vector's sum is added in double precision.
/// </summary>
/// <remarks>
/// Numeric contract: not bit-exact with libvmaf or <see cref="CiedeScalarKernel"/>. Per pixel it follows the
/// same formula, branches and libvmaf quirks, and differs by float rounding and the functions' few 1e-7; near
/// a discontinuity of CIEDE2000 (hues exactly π apart) a pixel may take the other branch. Over a frame these
/// average out to well under 1e-4 of score (the tests bound it). Whether a fused multiply-add is used depends
/// on the CPU, so results may differ between machines at that level; the lane count does not change them.
/// An identical pixel pair gives exactly 0, as in libvmaf, so an identical picture still scores +∞.
/// </remarks>
internal sealed class CiedeVectorKernel<TV> : ICiedeKernel where TV : struct, IFloatLanes<TV>
{
    // libvmaf's conversion constants; the D65 white point divides into the XYZ matrix.
    private const double Ln2 = 0.69314718055994530942;
    private const float KrV = 1.28033f, KgU = 0.21482f, KgV = 0.38059f, KbU = 2.12798f;
    private const float Xr = (float)(0.4124564390896921 / 0.95047), Xg = (float)(0.357576077643909 / 0.95047), Xb = (float)(0.18043748326639894 / 0.95047);
    private const float Yr = 0.21267285140562248f, Yg = 0.715152155287818f, Yb = 0.07217499330655958f;
    private const float Zr = (float)(0.019333895582329317 / 1.08883), Zg = (float)(0.119192025881303 / 1.08883), Zb = (float)(0.9503040785363677 / 1.08883);

    private static readonly float Tk1C = (float)(-0.17 * Math.Cos(Math.PI / 6)), Tk1S = (float)(-0.17 * Math.Sin(Math.PI / 6));
    private static readonly float Tk3C = (float)(0.32 * Math.Cos(Math.PI / 30)), Tk3S = (float)(-0.32 * Math.Sin(Math.PI / 30));
    private static readonly float Tk4C = (float)(-0.20 * Math.Cos(7 * Math.PI / 20)), Tk4S = (float)(-0.20 * Math.Sin(7 * Math.PI / 20));

    private static readonly int Lanes = TV.Count;

    private readonly float _offsetY, _offsetC, _gainY, _gainC;
    private readonly TV _octaves = TV.CreateTable8(Pow24Octaves);
    private readonly TV _cubeOctavesLow, _cubeOctavesHigh;

    /// <summary>L*, a*, b* of the reference row then of the distorted row, each padded to whole vectors.</summary>
    private readonly float[] _lab;
    private readonly int _padded;

    /// <summary>A row's last partial vector of samples, staged so that loads stay in bounds.</summary>
    private readonly ushort[] _tail = new ushort[3 * TV.Count];

    public CiedeVectorKernel(int maxWidth, int bitDepth)
    {
        double scale = 1 << (bitDepth - 8);
        _offsetY = (float)(16 * scale);
        _offsetC = (float)(128 * scale);
        _gainY = (float)(1 / (219 * scale));
        _gainC = (float)(1 / (224 * scale));
        _padded = (maxWidth + Lanes - 1) / Lanes * Lanes;
        _lab = new float[6 * _padded];
        (_cubeOctavesLow, _cubeOctavesHigh) = TV.CreateTable16(CbrtOctaves);
    }

    public double AddRow(double sum, YuvRow reference, YuvRow distorted)
    {
        int width = reference.Y.Length;
        if (distorted.Y.Length != width)
        {
            throw new ArgumentException($"rows differ in width ({width} and {distorted.Y.Length})", nameof(distorted));
        }

        // The scratch below holds rows up to the width the kernel was made for; slicing it checks that.
        int padded = (width + Lanes - 1) / Lanes * Lanes;
        var lab = _lab.AsSpan();
        ToLab(reference, lab[..padded], lab.Slice(_padded, padded), lab.Slice(2 * _padded, padded));
        ToLab(distorted, lab.Slice(3 * _padded, padded), lab.Slice(4 * _padded, padded), lab.Slice(5 * _padded, padded));

        // Lanes past the row hold the same colour in both rows: their ΔE00 is exactly 0.
        for (int c = 0; c < 6; c++)
        {
            lab.Slice((c * _padded) + width, padded - width).Clear();
        }

        ref float l1 = ref MemoryMarshal.GetReference(lab);
        ref float a1 = ref Unsafe.Add(ref l1, _padded);
        ref float b1 = ref Unsafe.Add(ref l1, 2 * _padded);
        ref float l2 = ref Unsafe.Add(ref l1, 3 * _padded);
        ref float a2 = ref Unsafe.Add(ref l1, 4 * _padded);
        ref float b2 = ref Unsafe.Add(ref l1, 5 * _padded);
        for (int j = 0; j < padded; j += Lanes)
        {
            var de = DeltaE00(
                TV.Load(ref l1, (nuint)j), TV.Load(ref a1, (nuint)j), TV.Load(ref b1, (nuint)j),
                TV.Load(ref l2, (nuint)j), TV.Load(ref a2, (nuint)j), TV.Load(ref b2, (nuint)j));
            sum += TV.SumToDouble(de);
        }

        return sum;
    }

    private void ToLab(YuvRow row, Span<float> l, Span<float> a, Span<float> b)
    {
        int width = row.Y.Length;
        var u = row.U[..width];
        var v = row.V[..width];
        ref float lRef = ref MemoryMarshal.GetReference(l);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        int whole = width - (width % Lanes);
        for (int j = 0; j < whole; j += Lanes)
        {
            Convert(ref MemoryMarshal.GetReference(row.Y), ref MemoryMarshal.GetReference(u), ref MemoryMarshal.GetReference(v), (nuint)j,
                ref lRef, ref aRef, ref bRef);
        }

        if (whole < width)
        {
            var tail = _tail.AsSpan();
            tail.Clear();
            row.Y[whole..].CopyTo(tail);
            u[whole..].CopyTo(tail[Lanes..]);
            v[whole..].CopyTo(tail[(2 * Lanes)..]);
            ref ushort t = ref MemoryMarshal.GetReference(tail);
            Convert(ref t, ref Unsafe.Add(ref t, Lanes), ref Unsafe.Add(ref t, 2 * Lanes), 0,
                ref Unsafe.Add(ref lRef, whole), ref Unsafe.Add(ref aRef, whole), ref Unsafe.Add(ref bRef, whole));
        }
    }

    /// <summary>Limited-range Y′CbCr (BT.709) to CIELAB, as <see cref="CiedeScalarKernel.Lab"/> has it.</summary>
    /// <remarks>
    /// Not inlined, nor is <see cref="DeltaE00"/> whole: each lane operation is an inlinee, and one method
    /// holding them all runs out of the JIT's inlining budget and leaves some as calls.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Convert(ref ushort ys, ref ushort us, ref ushort vs, nuint j, ref float l, ref float a, ref float b)
    {
        var y = (TV.LoadSamples(ref ys, j) - TV.Create(_offsetY)) * _gainY;
        var u = (TV.LoadSamples(ref us, j) - TV.Create(_offsetC)) * _gainC;
        var v = (TV.LoadSamples(ref vs, j) - TV.Create(_offsetC)) * _gainC;

        var r = ToLinear(TV.MultiplyAdd(v, TV.Create(KrV), y));
        var g = ToLinear(y - (u * KgU) - (v * KgV));
        var bl = ToLinear(TV.MultiplyAdd(u, TV.Create(KbU), y));

        var fx = Compand((r * Xr) + (g * Xg) + (bl * Xb));
        var fy = Compand((r * Yr) + (g * Yg) + (bl * Yb));
        var fz = Compand((r * Zr) + (g * Zg) + (bl * Zb));

        TV.Store(TV.MultiplyAdd(fy, TV.Create(116f), TV.Create(-16f)), ref l, j);
        TV.Store((fx - fy) * 500f, ref a, j);
        TV.Store((fy - fz) * 200f, ref b, j);
    }

    /// <summary>The sRGB transfer function with libvmaf's breakpoint of 10/255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV ToLinear(TV c)
    {
        // Below the breakpoint the power's argument may be ≤ 0 and its lanes garbage; the line replaces them.
        var power = Pow24((c + TV.Create(0.055f)) * (float)(1 / 1.055), _octaves);
        return TV.Select(TV.GreaterThan(c, TV.Create((float)(10.0 / 255.0))), power, c * (float)(1 / 12.92));
    }

    /// <summary>CIELAB's companding: the cube root above ε = 216/24389, the line κ·t/116 + 16/116 below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV Compand(TV t)
    {
        var line = TV.MultiplyAdd(t, TV.Create((float)(24389.0 / 27.0 / 116.0)), TV.Create(16f / 116f));
        return TV.Select(TV.GreaterThan(t, TV.Create((float)(216.0 / 24389.0))), Cbrt(t, _cubeOctavesLow, _cubeOctavesHigh), line);
    }

    /// <summary>libvmaf's ΔE00 (with its quirks, see <see cref="CiedeScalarKernel.DeltaE00"/>) of a vector of pixel pairs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static TV DeltaE00(TV l1, TV a1, TV b1, TV l2, TV a2, TV b2)
    {
        var half = TV.Create(0.5f);
        var one = TV.Create(1f);

        var c1 = TV.Sqrt((a1 * a1) + (b1 * b1));
        var c2 = TV.Sqrt((a2 * a2) + (b2 * b2));
        var g = one + (half * (one - TV.Sqrt(Seventh((c1 + c2) * half))));
        var aPrime1 = a1 * g;
        var aPrime2 = a2 * g;
        var cPrime1 = TV.Sqrt((aPrime1 * aPrime1) + (b1 * b1));
        var cPrime2 = TV.Sqrt((aPrime2 * aPrime2) + (b2 * b2));
        var cBarPrime = (cPrime1 + cPrime2) * half;
        var (deltaUpperHPrime, upperT, rT) = HueTerms(aPrime1, b1, aPrime2, b2, cPrime1, cPrime2, cBarPrime);

        // ΔL′/(k_L·S_L), ΔC′/(k_C·S_C) and ΔH′/(k_H·S_H) over one division: with S_L = (q + 0.015·(L̄ − 50)²)/q,
        // q = √(20 + (L̄ − 50)²), each numerator takes the other two denominators.
        var lBar50 = TV.MultiplyAdd(l1 + l2, half, TV.Create(-50f));
        var lBar50Squared = lBar50 * lBar50;
        var q = TV.Sqrt(lBar50Squared + TV.Create(20f));
        var dL = TV.MultiplyAdd(lBar50Squared, TV.Create(0.015f), q) * CiedeScalarKernel.KL;
        var dC = TV.MultiplyAdd(cBarPrime, TV.Create(0.045f), one) * CiedeScalarKernel.KC;
        var dH = TV.MultiplyAdd(cBarPrime * 0.015f, upperT, one) * CiedeScalarKernel.KH;
        var reciprocal = one / (dL * dC * dH);
        var lightness = (l2 - l1) * q * dC * dH * reciprocal;
        var chroma = (cPrime2 - cPrime1) * dL * dH * reciprocal;
        var hue = deltaUpperHPrime * dL * dC * reciprocal;
        return TV.Sqrt((lightness * lightness) + (chroma * chroma) + (hue * hue) + (rT * chroma * hue));
    }

    /// <summary>
    /// ΔH′, T(H̄′) and R_T, the terms that need hues, from the hue vectors (a′, b) rather than their angles:
    /// <list type="bullet">
    /// <item>ΔH′ = 2·√(C′1·C′2)·sin(Δh′/2) comes from the dot and cross products d and x of the two vectors, as
    /// ΔH′² = 2(C′1·C′2 − d) = 2x²/(C′1·C′2 + d), whichever has no cancellation, with the sign of x (that of
    /// libvmaf's Δh′, the difference taken the short way round).</item>
    /// <item>H̄′, the mean hue, points along the sum of the two unit hue vectors: when libvmaf takes the mean the
    /// long way round (hues more than π apart) it adds π, which turns it to the same bisector. Its cosine and
    /// sine give T; libvmaf's angle itself, needed only for R_T's Gaussian, is the bisector's angle, plus 2π
    /// where libvmaf's +2π quirk lifts it past 2π.</item>
    /// </list>
    /// A grey (C′ = 0) has libvmaf's hue 0, the unit vector (1, 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (TV DeltaUpperHPrime, TV UpperT, TV RT) HueTerms(
        TV aPrime1, TV b1, TV aPrime2, TV b2, TV cPrime1, TV cPrime2, TV cBarPrime)
    {
        var zero = TV.Create(0f);
        var one = TV.Create(1f);
        var grey1 = TV.Equal(cPrime1, zero);
        var grey2 = TV.Equal(cPrime2, zero);

        // Written without fused multiply-adds so that an identical pair has a cross product of exactly 0.
        var product = cPrime1 * cPrime2;
        var dot = (aPrime1 * aPrime2) + (b1 * b2);
        var cross = (aPrime1 * b2) - (b1 * aPrime2);

        var x1 = TV.Select(grey1, one, aPrime1);
        var x2 = TV.Select(grey2, one, aPrime2);
        var w1 = TV.Select(grey1, one, cPrime1);
        var w2 = TV.Select(grey2, one, cPrime2);
        var sumX = (x1 * w2) + (x2 * w1);
        var sumY = (b1 * w2) + (b2 * w1);
        var norm = TV.Sqrt((sumX * sumX) + (sumY * sumY));

        // Near greys these products can be as small as 1e-22, so the two divisions stay apart (their product
        // could underflow). A zero denominator (greys) is taken as 1; those lanes are replaced.
        var near = TV.GreaterThanOrEqual(dot, zero);
        var den = product + dot;
        den = TV.Select(TV.Equal(den, zero), one, den);
        var squared = TV.Select(near, cross * cross * 2f / den, (product - dot) * 2f);
        var deltaUpperHPrime = TV.Sqrt(squared) | (cross & TV.Create(-0f));
        deltaUpperHPrime = TV.Select(grey1 | grey2, zero, deltaUpperHPrime);

        // Hues exactly opposite have no bisector: T is then taken at cos = sin = 0 (libvmaf's H̄′ sits on a
        // discontinuity of CIEDE2000 there anyway).
        var toUnit = TV.Select(TV.GreaterThan(norm, TV.Create(1e-30f)), one / norm, zero);
        var upperT = UpperT(sumX * toUnit, sumY * toUnit);

        // libvmaf's hues lie in [π, 2π) below the a′ axis (b < 0, or b = 0 with a′ < 0), in [0, π) above it; they
        // are more than π apart when they lie on either side and the short way round crosses hue 0 (sum.x > 0).
        var below1 = TV.LessThan(b1, zero) | (TV.Equal(b1, zero) & TV.LessThan(aPrime1, zero));
        var below2 = TV.LessThan(b2, zero) | (TV.Equal(b2, zero) & TV.LessThan(aPrime2, zero));
        var apart = (below1 ^ below2) & TV.GreaterThan(sumX, zero);
        var bisector = HueAngle(sumY, sumX);
        var upperHBarPrime = bisector + (apart & TV.LessThan(bisector, TV.Create((float)Math.PI)) & TV.Create((float)(2 * Math.PI)));
        var degrees = TV.MultiplyAdd(upperHBarPrime, TV.Create((float)(180 / Math.PI / 25)), TV.Create(-275f / 25));
        var exponent = TV.Max(degrees * degrees * (float)(-1 / Ln2), TV.Create(-126f));
        var rT = TV.Sqrt(Seventh(cBarPrime)) * -2f * Sin(Exp2(exponent) * (float)(Math.PI / 3));
        return (deltaUpperHPrime, upperT, rT);
    }

    /// <summary>c^7 / (c^7 + 25^7), the chroma weight of G and R_T, as x^7/(x^7 + 1) with x = c/25 to stay far from overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Seventh(TV c)
    {
        var x = c * (1f / 25);
        var x2 = x * x;
        var x7 = x2 * x2 * x2 * x;
        return x7 / (x7 + TV.Create(1f));
    }

    /// <summary>CIEDE2000's T(H̄′) from cos H̄′ and sin H̄′, its four cosines by the multiple-angle formulas.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV UpperT(TV c1, TV s1)
    {
        var one = TV.Create(1f);
        var c2 = TV.MultiplyAdd(c1 * c1, TV.Create(2f), -one);
        var s2 = s1 * c1 * 2f;
        var c3 = (c1 * c2) - (s1 * s2);
        var s3 = (s1 * c2) + (c1 * s2);
        var c4 = TV.MultiplyAdd(c2 * c2, TV.Create(2f), -one);
        var s4 = s2 * c2 * 2f;
        var t = one + (c1 * Tk1C) + (s1 * Tk1S) + (c2 * 0.24f);
        return t + (c3 * Tk3C) + (s3 * Tk3S) + (c4 * Tk4C) + (s4 * Tk4S);
    }
}
