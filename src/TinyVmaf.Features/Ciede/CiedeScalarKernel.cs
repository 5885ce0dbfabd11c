namespace TinyVmaf.Features.Ciede;

/// <summary>A CIELAB colour held in single precision, as libvmaf keeps it between the two stages.</summary>
internal readonly record struct LabColor(float L, float A, float B);

/// <summary>
/// The reference kernel: libvmaf 3.0's <c>ciede.c</c> arithmetic operation for operation. The colour
/// conversion runs in double precision and is rounded to single precision where libvmaf stores a
/// <c>float</c> (each companded XYZ value, then L*, a*, b*); ΔE00 mixes single-precision storage and
/// products with double-precision libm calls exactly where libvmaf's C promotes, so that this path and
/// libvmaf round alike. It calls the platform's libm (<see cref="Math"/>) as libvmaf does; with glibc it
/// reproduces the golden logs bit for bit. It is as slow as libvmaf: the yardstick for
/// <see cref="CiedeVectorKernel"/> and the path when SIMD is off.
/// </summary>
internal sealed class CiedeScalarKernel(int bitDepth) : ICiedeKernel
{
    /// <summary>libvmaf's weights: k_L = 0.65 and k_H = 4 are its own (CIEDE2000 proper has 1, 1, 1).</summary>
    internal const float KL = 0.65f, KC = 1.0f, KH = 4.0f;

    private readonly double _scale = 1 << (bitDepth - 8);

    public double AddRow(double sum, YuvRow reference, YuvRow distorted)
    {
        int width = reference.Y.Length;
        if (distorted.Y.Length != width)
        {
            throw new ArgumentException($"rows differ in width ({width} and {distorted.Y.Length})", nameof(distorted));
        }

        var ry = reference.Y;
        var ru = reference.U[..width];
        var rv = reference.V[..width];
        var dy = distorted.Y[..width];
        var du = distorted.U[..width];
        var dv = distorted.V[..width];
        for (int j = 0; j < width; j++)
        {
            var color1 = Lab(ry[j], ru[j], rv[j], _scale);
            var color2 = Lab(dy[j], du[j], dv[j], _scale);
            sum += DeltaE00(color1, color2);
        }

        return sum;
    }

    /// <summary>
    /// Limited-range Y'CbCr to CIELAB (D65), as libvmaf converts it: BT.709 primaries whatever the stream
    /// says, the sRGB transfer function with libvmaf's breakpoint of 10/255 (sRGB's is 0.04045) and no
    /// clipping of out-of-gamut R'G'B'. <paramref name="scale"/> is 2^(bpc − 8).
    /// </summary>
    internal static LabColor Lab(double y, double u, double v, double scale)
    {
        y = (y - (16.0 * scale)) * (1.0 / (219.0 * scale));
        u = (u - (128.0 * scale)) * (1.0 / (224.0 * scale));
        v = (v - (128.0 * scale)) * (1.0 / (224.0 * scale));

        double r = y + (1.28033 * v);
        double g = y - (0.21482 * u) - (0.38059 * v);
        double b = y + (2.12798 * u);

        r = ToLinear(r);
        g = ToLinear(g);
        b = ToLinear(b);

        double x = (r * 0.4124564390896921) + (g * 0.357576077643909) + (b * 0.18043748326639894);
        double yy = (r * 0.21267285140562248) + (g * 0.715152155287818) + (b * 0.07217499330655958);
        double z = (r * 0.019333895582329317) + (g * 0.119192025881303) + (b * 0.9503040785363677);

        // libvmaf's companding returns float: the three values are rounded before L*a*b* is formed.
        double fx = Compand(x * (1.0 / 0.95047));
        double fy = Compand(yy);
        double fz = Compand(z * (1.0 / 1.08883));

        return new LabColor((float)((116.0 * fy) - 16.0), (float)(500.0 * (fx - fy)), (float)(200.0 * (fy - fz)));
    }

    internal static double ToLinear(double c) =>
        c > 10.0 / 255.0 ? Math.Pow((c + 0.055) * (1.0 / 1.055), 2.4) : c * (1.0 / 12.92);

    internal static float Compand(double t) =>
        t > 216.0 / 24389.0 ? (float)Math.Pow(t, 1.0 / 3.0) : (float)(((24389.0 / 27.0 * t) + 16.0) * (1.0 / 116.0));

    /// <summary>
    /// libvmaf's CIEDE2000 with its quirks: the weights above; the mean hue always takes +2π when the hues
    /// are more than π apart (the standard subtracts 2π when their sum is 2π or more, which moves R_T's
    /// Gaussian); no special mean hue when a chroma is zero; the hue difference is zeroed on the unprimed
    /// chromas. Where it stores a float, so does this; a float squared is exact in double, so libvmaf's
    /// <c>pow(x, 2)</c> is written as a product. Two products, √(C′1·C′2) and R_T·ΔC·ΔH, are formed in double
    /// as the build that made the golden logs forms them (the lusoris fork of libvmaf 3.0; Netflix's 3.0 forms
    /// them in float, which moves a score by about 1e-9).
    /// </summary>
    internal static float DeltaE00(LabColor color1, LabColor color2)
    {
        float deltaLPrime = color2.L - color1.L;
        float lBar = (color1.L + color2.L) / 2;
        float c1 = (float)Math.Sqrt(Square(color1.A) + Square(color1.B));
        float c2 = (float)Math.Sqrt(Square(color2.A) + Square(color2.B));
        float cBar = (c1 + c2) / 2;
        double cBar7 = Math.Pow(cBar, 7);
        double oneMinusRoot = 1 - Math.Sqrt(cBar7 / (cBar7 + Math.Pow(25, 7)));
        float aPrime1 = (float)(color1.A + (color1.A / 2 * oneMinusRoot));
        float aPrime2 = (float)(color2.A + (color2.A / 2 * oneMinusRoot));
        float cPrime1 = (float)Math.Sqrt(Square(aPrime1) + Square(color1.B));
        float cPrime2 = (float)Math.Sqrt(Square(aPrime2) + Square(color2.B));
        float cBarPrime = (cPrime1 + cPrime2) / 2;
        float deltaCPrime = cPrime2 - cPrime1;
        float lBar50 = lBar - 50;
        float sL = (float)(1.0 + (0.015 * Square(lBar50) / Math.Sqrt(20 + Square(lBar50))));
        float sC = (float)(1.0 + (0.045 * cBarPrime));
        float hPrime1 = HPrime(color1.B, aPrime1);
        float hPrime2 = HPrime(color2.B, aPrime2);
        float deltaHPrime = DeltaHPrime(c1, c2, hPrime1, hPrime2);
        float deltaUpperHPrime = (float)(2.0 * Math.Sqrt((double)cPrime1 * cPrime2) * Math.Sin(deltaHPrime / 2.0));
        float upperHBarPrime = UpperHBarPrime(hPrime1, hPrime2);
        float upperT = UpperT(upperHBarPrime);
        float sH = (float)(1.0 + (0.015 * cBarPrime * upperT));
        float rT = RSubT(cBarPrime, upperHBarPrime);
        float lightness = deltaLPrime / (KL * sL);
        float chroma = deltaCPrime / (KC * sC);
        float hue = deltaUpperHPrime / (KH * sH);

        return (float)Math.Sqrt(Square(lightness) + Square(chroma) + Square(hue) + ((double)rT * chroma * hue));
    }

    private static double Square(float x) => (double)x * x;

    private static float HPrime(float b, float aPrime)
    {
        if (b == 0 && aPrime == 0)
        {
            return 0;
        }

        float angle = (float)Math.Atan2(b, aPrime);
        return angle < 0 ? (float)(angle + (2.0 * Math.PI)) : angle;
    }

    private static float DeltaHPrime(float c1, float c2, float hPrime1, float hPrime2)
    {
        if (c1 == 0 || c2 == 0)
        {
            return 0;
        }

        if (MathF.Abs(hPrime1 - hPrime2) <= Math.PI)
        {
            return hPrime2 - hPrime1;
        }

        return hPrime2 <= hPrime1 ? (float)(hPrime2 - hPrime1 + (2.0 * Math.PI)) : (float)(hPrime2 - hPrime1 - (2.0 * Math.PI));
    }

    private static float UpperHBarPrime(float hPrime1, float hPrime2) =>
        Math.Abs(hPrime1 - hPrime2) > Math.PI
            ? (float)((hPrime1 + hPrime2 + (2.0 * Math.PI)) / 2.0)
            : (float)((hPrime1 + hPrime2) / 2.0);

    private static float UpperT(float h) =>
        (float)(1.0
            - (0.17 * Math.Cos(h - (Math.PI / 6.0)))
            + (0.24 * Math.Cos(2.0 * h))
            + (0.32 * Math.Cos((3.0 * h) + (Math.PI / 30.0)))
            - (0.20 * Math.Cos((4.0 * h) - (7.0 * Math.PI / 20.0))));

    private static float RSubT(float cBarPrime, float upperHBarPrime)
    {
        float degrees = (float)((RadiansToDegrees(upperHBarPrime) - 275.0) * (1.0 / 25.0));
        float cBarPrime7 = MathF.Pow(cBarPrime, 7);
        float ratio = cBarPrime7 / (cBarPrime7 + MathF.Pow(25f, 7));
        // libvmaf writes powf(degrees, 2); compilers emit a float product for it, which libm's powf need not equal.
        float gaussian = (float)(60.0 * Math.Exp(-(degrees * degrees)));
        return (float)(-2.0 * Math.Sqrt(ratio) * Math.Sin(DegreesToRadians(gaussian)));
    }

    private static float RadiansToDegrees(float radians) => (float)(radians * (180.0 / Math.PI));

    private static float DegreesToRadians(float degrees) => (float)(degrees * (Math.PI / 180.0));
}
