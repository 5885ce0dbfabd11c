using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmCsf.Apply0"/>, <see cref="AdmCsf.Apply123"/>, <see cref="AdmCsf.Denominator0"/> and <see cref="AdmCsf.Denominator123"/> in
/// vectors, bit-exact with them; 64-bit products run on even and odd 32-bit lanes. The CSF is written once over the
/// width (<see cref="IAdmLanes{TInt, TLong}"/>) and runs in AVX-512 where the CPU has it; the denominators are AVX2.
/// Tails use the scalar formulas.
/// </summary>
internal static class AdmCsfSimd
{
    public static bool IsSupported => Avx2.IsSupported;

    public static void Apply0(AdmBands<short> src, AdmBands<short> dst, AdmBands<short> flt, AdmRegion region, ushort factorHv, ushort factorD)
    {
        if (AdmAvx512Lanes.IsSupported)
        {
            Apply0<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(src, dst, flt, region, factorHv, factorD);
        }
        else
        {
            Apply0<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(src, dst, flt, region, factorHv, factorD);
        }
    }

    private static void Apply0<TLanes, TInt, TLong>(AdmBands<short> src, AdmBands<short> dst, AdmBands<short> flt, AdmRegion region, ushort factorHv, ushort factorD)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        const int OneBy30 = 4369;
        int stride = src.Stride;
        var oneBy30 = TLanes.Create(OneBy30);
        var fltRound = TLanes.Create(2048);
        for (int theta = 0; theta < 3; theta++)
        {
            int factor = theta == 2 ? factorD : factorHv;
            int shift = theta == 2 ? 17 : 15;
            int round = theta == 2 ? 65535 : 16384;
            var factorV = TLanes.Create(factor);
            var roundV = TLanes.Create(round);
            ref short s = ref MemoryMarshal.GetArrayDataReference(src.Detail(theta));
            ref short d = ref MemoryMarshal.GetArrayDataReference(dst.Detail(theta));
            ref short f = ref MemoryMarshal.GetArrayDataReference(flt.Detail(theta));
            for (int i = region.Top; i < region.Bottom; i++)
            {
                int p = i * stride + region.Left, end = i * stride + region.Right;
                for (; p + TLanes.Count <= end; p += TLanes.Count)
                {
                    // The value is narrowed to 16 bits before |value| / 30 reads it, as libvmaf stores it first.
                    var wide = TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(TLanes.LoadWidened(ref s, (nuint)p), factorV), roundV), shift);
                    var value = TLanes.ShiftRightArithmetic(TLanes.ShiftLeft(wide, 16), 16);
                    TLanes.StoreNarrow(value, ref d, (nuint)p);
                    TLanes.StoreNarrow(TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(TLanes.Abs(value), oneBy30), fltRound), 12), ref f, (nuint)p);
                }

                for (; p < end; p++)
                {
                    short value = (short)((factor * Unsafe.Add(ref s, p) + round) >> shift);
                    Unsafe.Add(ref d, p) = value;
                    Unsafe.Add(ref f, p) = (short)((OneBy30 * Math.Abs((int)value) + 2048) >> 12);
                }
            }
        }
    }

    /// <summary>False when a Q32 factor does not fit a signed 32-bit lane (never for the Watson CSF).</summary>
    public static bool Handles(uint factorHv, uint factorD) => factorHv <= int.MaxValue && factorD <= int.MaxValue;

    public static void Apply123(AdmBands<int> src, AdmBands<int> dst, AdmBands<int> flt, AdmRegion region, uint factorHv, uint factorD)
    {
        if (!Handles(factorHv, factorD))
        {
            throw new ArgumentOutOfRangeException(nameof(factorHv), "CSF factors must fit a signed 32-bit lane");
        }

        if (AdmAvx512Lanes.IsSupported)
        {
            Apply123<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(src, dst, flt, region, (int)factorHv, (int)factorD);
        }
        else
        {
            Apply123<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(src, dst, flt, region, (int)factorHv, (int)factorD);
        }
    }

    private static void Apply123<TLanes, TInt, TLong>(AdmBands<int> src, AdmBands<int> dst, AdmBands<int> flt, AdmRegion region, int factorHv, int factorD)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        const long OneBy30 = 143165577;
        int stride = src.Stride;
        var oneBy30 = TLanes.Create((int)OneBy30);
        var fltRound = TLanes.CreateLong(int.MinValue);
        var dstRound = TLanes.CreateLong(1L << 27);
        for (int theta = 0; theta < 3; theta++)
        {
            long factor = theta == 2 ? factorD : factorHv;
            var factorV = TLanes.Create((int)factor);
            ref int s = ref MemoryMarshal.GetArrayDataReference(src.Detail(theta));
            ref int d = ref MemoryMarshal.GetArrayDataReference(dst.Detail(theta));
            ref int f = ref MemoryMarshal.GetArrayDataReference(flt.Detail(theta));
            for (int i = region.Top; i < region.Bottom; i++)
            {
                int p = i * stride + region.Left, end = i * stride + region.Right;
                for (; p + TLanes.Count <= end; p += TLanes.Count)
                {
                    var x = TLanes.Load(ref s, (nuint)p);
                    var value = TLanes.Interleave(
                        TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(x, factorV), dstRound), 28),
                        TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.OddLanes(x), factorV), dstRound), 28));
                    TLanes.Store(value, ref d, (nuint)p);

                    // (2^32/30 * |value| - 2^31) >> 32: the high half of each 64-bit sum.
                    var a = TLanes.Abs(value);
                    var even = TLanes.Add(TLanes.MultiplyEvenSigned(a, oneBy30), fltRound);
                    var odd = TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.OddLanes(a), oneBy30), fltRound);
                    TLanes.Store(TLanes.InterleaveHigh(even, odd), ref f, (nuint)p);
                }

                for (; p < end; p++)
                {
                    int value = (int)((factor * Unsafe.Add(ref s, p) + (1 << 27)) >> 28);
                    Unsafe.Add(ref d, p) = value;
                    Unsafe.Add(ref f, p) = (int)((OneBy30 * AdmFixedPoint.AbsWrap(value) + int.MinValue) >> 32);
                }
            }
        }
    }

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
