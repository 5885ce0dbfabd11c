using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmCsf.Denominator0"/> and <see cref="AdmCsf.Denominator123"/> in AVX2, bit-exact with them; 64-bit
/// products run on even and odd 32-bit lanes. Tails use the scalar formulas. The CSF itself runs inside the vector
/// masking (<see cref="AdmContrastMaskingSimd"/>).
/// </summary>
internal static class AdmCsfSimd
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The sums of |x|^3 per orientation, per row shifted as in <see cref="AdmCsf.Denominator0"/>.</summary>
    public static float Denominator0(AdmBands<short> reference, int w, int h, float factorHv, float factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        int area = region.Width * region.Height;
        int shiftAccum = Math.Max((int)Math.Ceiling(Math.Log2(area) - 20), 0);
        ulong roundAccum = shiftAccum > 0 ? 1ul << (shiftAccum - 1) : 0;
        int stride = reference.Stride;
        Span<ulong> accum = stackalloc ulong[3];
        for (int theta = 0; theta < 3; theta++)
        {
            ref short band = ref MemoryMarshal.GetArrayDataReference(reference.Detail(theta));
            ulong total = 0;
            for (int i = region.Top; i < region.Bottom; i++)
            {
                int p = i * stride + region.Left, end = i * stride + region.Right;
                var inner = Vector256<ulong>.Zero;
                for (; p + 8 <= end; p += 8)
                {
                    // |x| <= 2^15, so x^2 fits 32 bits and x^3 is one 32x32->64 multiply.
                    var x = Vector256.Abs(Widen(ref band, p)).AsUInt32();
                    var square = x * x;
                    inner += Avx2.Multiply(square, x) + Avx2.Multiply(OddLanes(square.AsInt32()).AsUInt32(), OddLanes(x.AsInt32()).AsUInt32());
                }

                ulong sum = Vector256.Sum(inner);
                for (; p < end; p++)
                {
                    ulong x = (ushort)Math.Abs((int)Unsafe.Add(ref band, p));
                    sum += x * x * x;
                }

                total += (sum + roundAccum) >> shiftAccum;
            }

            accum[theta] = total;
        }

        return AdmCsf.NormPlusNoise(accum, Math.Pow(2, 18 - shiftAccum), factorHv, factorD, area, noiseWeight);
    }

    /// <summary>
    /// <see cref="AdmCsf.Denominator123"/>'s sums with 64-bit lanes: x^2 is one 32x32->64 multiply and, shifted
    /// down by 30 or 31, fits 32 bits again unless |x| = 2^31, so the cube is a second one. A vector holding
    /// int.MinValue goes to the scalar formula.
    /// </summary>
    public static float Denominator123(AdmBands<int> reference, int scale, int w, int h, float factorHv, float factorD, double noiseWeight)
    {
        var region = AdmRegion.Scored(w, h);
        int area = region.Width * region.Height;
        int shiftSq = scale == 2 ? 30 : 31;
        ulong roundSq = 1ul << shiftSq;
        uint convertFloat = scale switch
        {
            1 => 32u,
            2 => 27u,
            _ => 23u,
        };
        uint shiftCub = (uint)Math.Ceiling(Math.Log2(region.Width));
        ulong roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftAccum = (uint)Math.Ceiling(Math.Log2(region.Height));
        ulong roundAccum = (uint)Math.Pow(2, shiftAccum - 1);
        int stride = reference.Stride;
        var roundSqV = Vector256.Create(roundSq);
        var roundCubV = Vector256.Create(roundCub);
        var minimum = Vector256.Create(int.MinValue);
        Span<ulong> accum = stackalloc ulong[3];
        for (int theta = 0; theta < 3; theta++)
        {
            ref int band = ref MemoryMarshal.GetArrayDataReference(reference.Detail(theta));
            ulong total = 0;
            for (int i = region.Top; i < region.Bottom; i++)
            {
                int p = i * stride + region.Left, end = i * stride + region.Right;
                var inner = Vector256<ulong>.Zero;
                ulong sum = 0;
                for (; p + 8 <= end; p += 8)
                {
                    var value = Vector256.LoadUnsafe(ref band, (nuint)p);
                    if (Vector256.EqualsAny(value, minimum))
                    {
                        sum += Cubes123(ref band, p, p + 8, shiftSq, roundSq, (int)shiftCub, roundCub);
                        continue;
                    }

                    var x = Vector256.Abs(value).AsUInt32();
                    var xOdd = OddLanes(x.AsInt32()).AsUInt32();
                    var sqEven = (Avx2.Multiply(x, x) + roundSqV) >>> shiftSq;
                    var sqOdd = (Avx2.Multiply(xOdd, xOdd) + roundSqV) >>> shiftSq;
                    inner += ((Avx2.Multiply(sqEven.AsUInt32(), x) + roundCubV) >>> (int)shiftCub)
                        + ((Avx2.Multiply(sqOdd.AsUInt32(), xOdd) + roundCubV) >>> (int)shiftCub);
                }

                sum += Vector256.Sum(inner) + Cubes123(ref band, p, end, shiftSq, roundSq, (int)shiftCub, roundCub);
                total += (sum + roundAccum) >> (int)shiftAccum;
            }

            accum[theta] = total;
        }

        double shiftCsf = Math.Pow(2, unchecked(convertFloat - shiftAccum - shiftCub));
        return AdmCsf.NormPlusNoise(accum, shiftCsf, factorHv, factorD, area, noiseWeight);
    }

    private static ulong Cubes123(ref int band, int from, int to, int shiftSq, ulong roundSq, int shiftCub, ulong roundCub)
    {
        ulong sum = 0;
        for (int p = from; p < to; p++)
        {
            ulong x = (uint)AdmFixedPoint.AbsWrap(Unsafe.Add(ref band, p));
            sum += ((((x * x) + roundSq) >> shiftSq) * x + roundCub) >> shiftCub;
        }

        return sum;
    }
}
