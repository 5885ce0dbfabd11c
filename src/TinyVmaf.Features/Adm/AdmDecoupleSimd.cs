using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmDecouple.Scale0"/> in vectors, bit-exact with it, its loop written once over the width
/// (<see cref="IAdmDecoupleLanes{TInt, TLong, TFloat}"/>: sixteen samples a step with AVX-512, eight with AVX2):
/// <list type="bullet">
/// <item>The angle test rounds the dot product and norms to float as libvmaf does and decides in float lanes
/// outside a narrow margin, in libvmaf's double arithmetic (no fused multiply-add) inside it. The products fit
/// 32 bits except when a sample is -32768; such groups go to the scalar code.</item>
/// <item>The reciprocal table's entry is divided out in double lanes with AVX-512 (gathered without), and the
/// 64-bit quotient k is taken in 32-bit lanes by splitting the reciprocal.</item>
/// <item>The enhancement limit, r * gain against t, is exact in 32-bit integers when the gain is an integer
/// (the default 100): the kernel is only used then.</item>
/// </list>
/// <see cref="Scale123"/> is described at its own place.
/// </summary>
internal static class AdmDecoupleSimd
{
    // Dividing by 4096 and multiplying by 2^-12 are the same exact scaling (no value here is small enough to go
    // subnormal), and the multiply is several times cheaper.
    private const double InverseOf4096 = 1.0 / 4096.0;

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>True when <paramref name="gainLimit"/> keeps r * gain an exact 32-bit integer.</summary>
    public static bool Handles(double gainLimit) => gainLimit == Math.Floor(gainLimit) && gainLimit is >= 1 and <= 100;

    public static unsafe void Scale0(AdmBands<short> reference, AdmBands<short> distorted, AdmBands<short> restored, AdmBands<short> additive, AdmRegion region, double gainLimit)
    {
        if (!Handles(gainLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(gainLimit), gainLimit, "the vector decouple needs an integer gain limit");
        }

        fixed (int* div = AdmDecouple.DivLookup)
        {
            if (AdmAvx512Lanes.IsSupported)
            {
                Rows<AdmAvx512Lanes, Vector512<int>, Vector512<long>, Vector512<float>>(reference, distorted, restored, additive, region, gainLimit, div);
            }
            else
            {
                Rows<AdmAvx2Lanes, Vector256<int>, Vector256<long>, Vector256<float>>(reference, distorted, restored, additive, region, gainLimit, div);
            }
        }
    }

    private static unsafe void Rows<TLanes, TInt, TLong, TFloat>(
        AdmBands<short> reference, AdmBands<short> distorted, AdmBands<short> restored, AdmBands<short> additive, AdmRegion region, double gainLimit, int* div)
        where TLanes : struct, IAdmDecoupleLanes<TInt, TLong, TFloat>
        where TInt : struct
        where TLong : struct
        where TFloat : struct
    {
        var gain = TLanes.Create((int)gainLimit);
        int stride = reference.Stride;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            int row = i * stride;
            int j = region.Left;
            for (; j + TLanes.Count <= region.Right; j += TLanes.Count)
            {
                Group<TLanes, TInt, TLong, TFloat>(reference, distorted, restored, additive, row + j, gainLimit, gain, div);
            }

            if (j == region.Right)
            {
                continue;
            }

            // The last samples of a row: one more vector ending at the edge when the row holds one. It recomputes
            // samples already done, from the same inputs into other bands, so they come out the same.
            if (region.Right - region.Left >= TLanes.Count)
            {
                Group<TLanes, TInt, TLong, TFloat>(reference, distorted, restored, additive, row + region.Right - TLanes.Count, gainLimit, gain, div);
            }
            else
            {
                AdmDecouple.Scale0Span(reference, distorted, restored, additive, row + j, row + region.Right, gainLimit);
            }
        }
    }

    /// <summary>Decouples the <c>Count</c> samples from <paramref name="p"/> of the three bands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Group<TLanes, TInt, TLong, TFloat>(
        AdmBands<short> reference, AdmBands<short> distorted, AdmBands<short> restored, AdmBands<short> additive, int p, double gainLimit, TInt gain, int* div)
        where TLanes : struct, IAdmDecoupleLanes<TInt, TLong, TFloat>
        where TInt : struct
        where TLong : struct
        where TFloat : struct
    {
        var oh = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(reference.H), (nuint)p);
        var ov = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(reference.V), (nuint)p);
        var od = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(reference.D), (nuint)p);
        var th = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(distorted.H), (nuint)p);
        var tv = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(distorted.V), (nuint)p);
        var td = TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(distorted.D), (nuint)p);

        var minimum = TLanes.Create(short.MinValue);
        var edge = TLanes.Or(
            TLanes.Or(TLanes.Equals(oh, minimum), TLanes.Equals(ov, minimum)),
            TLanes.Or(TLanes.Equals(th, minimum), TLanes.Equals(tv, minimum)));
        if (TLanes.Any(edge))
        {
            AdmDecouple.Scale0Span(reference, distorted, restored, additive, p, p + TLanes.Count, gainLimit);
            return;
        }

        var angleFlag = AnglesAgreeFast<TLanes, TInt, TLong, TFloat>(
            TLanes.Add(TLanes.Multiply(oh, th), TLanes.Multiply(ov, tv)),
            TLanes.Add(TLanes.Multiply(oh, oh), TLanes.Multiply(ov, ov)),
            TLanes.Add(TLanes.Multiply(th, th), TLanes.Multiply(tv, tv)));
        Store<TLanes, TInt, TLong, TFloat>(restored.H, additive.H, p, Restore<TLanes, TInt, TLong, TFloat>(oh, th, angleFlag, gain, div), th);
        Store<TLanes, TInt, TLong, TFloat>(restored.V, additive.V, p, Restore<TLanes, TInt, TLong, TFloat>(ov, tv, angleFlag, gain, div), tv);
        Store<TLanes, TInt, TLong, TFloat>(restored.D, additive.D, p, Restore<TLanes, TInt, TLong, TFloat>(od, td, angleFlag, gain, div), td);
    }

    /// <summary>Stores r and t - r, each narrowed to 16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TLanes, TInt, TLong, TFloat>(short[] restored, short[] additive, int p, TInt r, TInt t)
        where TLanes : struct, IAdmDecoupleLanes<TInt, TLong, TFloat>
        where TInt : struct
        where TLong : struct
        where TFloat : struct
    {
        TLanes.StoreNarrow(r, ref MemoryMarshal.GetArrayDataReference(restored), (nuint)p);
        TLanes.StoreNarrow(TLanes.Subtract(t, r), ref MemoryMarshal.GetArrayDataReference(additive), (nuint)p);
    }

    /// <summary>All-ones lanes where (dp/4096 >= 0) and (dp/4096)^2 >= cos^2(1°) * (o/4096) * (t/4096), as libvmaf evaluates it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> AnglesAgree(Vector256<int> otDp, Vector256<int> oMagSq, Vector256<int> tMagSq)
    {
        var cos1DegSq = Vector256.Create((double)AdmDecouple.Cos1DegSq);
        var dp = Avx.ConvertToVector256Single(otDp);
        var o = Avx.ConvertToVector256Single(oMagSq);
        var t = Avx.ConvertToVector256Single(tMagSq);
        var lower = AnglesAgree(dp.GetLower(), o.GetLower(), t.GetLower(), cos1DegSq);
        var upper = AnglesAgree(dp.GetUpper(), o.GetUpper(), t.GetUpper(), cos1DegSq);

        // Each double lane's mask, narrowed to one 32-bit lane.
        return Vector256.Narrow(lower.AsInt64(), upper.AsInt64());
    }

    /// <summary>
    /// <see cref="AnglesAgree(Vector256{int}, Vector256{int}, Vector256{int})"/> decided in float where the float
    /// products are clear of the threshold by more than their rounding: dp^2 is exact in double and cos^2 * o * t
    /// rounds once there, while in float each side is off by at most three roundings of 2^-24, so a margin of 2^-18
    /// either way decides every lane the double test would; a vector with a lane inside it takes the double test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt AnglesAgreeFast<TLanes, TInt, TLong, TFloat>(TInt otDp, TInt oMagSq, TInt tMagSq)
        where TLanes : struct, IAdmDecoupleLanes<TInt, TLong, TFloat>
        where TInt : struct
        where TLong : struct
        where TFloat : struct
    {
        var dp = TLanes.ToSingle(otDp);
        var lhs = TLanes.MultiplySingle(dp, dp);
        var rhs = TLanes.MultiplySingle(TLanes.MultiplySingle(TLanes.CreateSingle(AdmDecouple.Cos1DegSq), TLanes.ToSingle(oMagSq)), TLanes.ToSingle(tMagSq));
        var agree = TLanes.GreaterThanOrEqualSingle(lhs, TLanes.MultiplySingle(rhs, TLanes.CreateSingle(1.0f + 1.0f / (1 << 18))));
        var disagree = TLanes.LessThanSingle(lhs, TLanes.MultiplySingle(rhs, TLanes.CreateSingle(1.0f - 1.0f / (1 << 18))));
        if (TLanes.Any(TLanes.AndNot(TLanes.Create(-1), TLanes.Or(agree, disagree))))
        {
            return TLanes.AnglesAgreeExact(otDp, oMagSq, tMagSq);
        }

        return TLanes.And(agree, TLanes.GreaterThanOrEqualSingle(dp, TLanes.CreateSingle(0)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AnglesAgree(Vector128<float> dp, Vector128<float> o, Vector128<float> t, Vector256<double> cos1DegSq)
    {
        var scale = Vector256.Create(InverseOf4096);
        var d = Avx.ConvertToVector256Double(dp) * scale;
        var rhs = cos1DegSq * (Avx.ConvertToVector256Double(o) * scale) * (Avx.ConvertToVector256Double(t) * scale);
        return Vector256.GreaterThanOrEqual(d, Vector256<double>.Zero) & Vector256.GreaterThanOrEqual(d * d, rhs);
    }

    /// <summary>
    /// The reciprocal table's entry for each lane, sign(o) * floor(2^30 / |o|) and 0 for o = 0. With AVX-512 it is
    /// divided out in double lanes, which is faster than the gather: the quotient is correctly rounded and, when
    /// not an integer, at least 1/|o| >= 2^-15 from the next one, far more than its rounding error (2^-23), so the
    /// truncation is the table's floor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector256<int> Reciprocal(Vector256<int> o, int* div)
    {
        if (!Avx512F.IsSupported)
        {
            return Avx2.GatherVector256(div, o + Vector256.Create(32768), 4);
        }

        var quotient = Avx512F.ConvertToVector256Int32WithTruncation(Vector512.Create(1073741824.0) / Avx512F.ConvertToVector512Double(Vector256.Abs(o)));
        var negative = o >> 31;
        return Vector256.AndNot((quotient ^ negative) - negative, Vector256.Equals(o, Vector256<int>.Zero));
    }

    /// <summary>The restored band: k = clamp(t / o) through the reciprocal table, r = k * o, then the enhancement limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TInt Restore<TLanes, TInt, TLong, TFloat>(TInt o, TInt t, TInt angleFlag, TInt gain, int* div)
        where TLanes : struct, IAdmDecoupleLanes<TInt, TLong, TFloat>
        where TInt : struct
        where TLong : struct
        where TFloat : struct
    {
        var one = TLanes.Create(32768);
        var reciprocal = TLanes.Reciprocal(o, div);

        // (reciprocal * t + 2^14) >> 15 without 64 bits: with reciprocal = high * 2^15 + low (0 <= low < 2^15) it is
        // high * t + ((low * t + 2^14) >> 15) exactly, since high * t * 2^15 is a multiple of 2^15; |high| <= 2^15
        // and |t| <= 2^15 keep every term and the sum within 32 bits.
        var high = TLanes.Multiply(TLanes.ShiftRightArithmetic(reciprocal, 15), t);
        var low = TLanes.Multiply(TLanes.And(reciprocal, TLanes.Create(0x7FFF)), t);
        var k = TLanes.Add(high, TLanes.ShiftRightArithmetic(TLanes.Add(low, TLanes.Create(16384)), 15));
        var zero = TLanes.Create(0);
        var oZero = TLanes.Equals(o, zero);
        k = TLanes.Select(oZero, one, TLanes.Min(TLanes.Max(k, zero), one));

        // k <= 2^15 and |o| <= 2^15 (o = -2^15 only with k = 2^15 giving r = o): r already fits 16 bits.
        var r = TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(k, o), TLanes.Create(16384)), 15);

        // Where the angles agree and k > 0, r may follow t up to gain times: min(r * gain, t) for o > 0,
        // max(r * gain, t) for o < 0. r * gain is an exact integer here.
        var scaled = TLanes.Multiply(r, gain);
        var enhanced = TLanes.Select(TLanes.GreaterThan(o, zero), TLanes.Min(scaled, t), TLanes.Max(scaled, t));
        var apply = TLanes.AndNot(TLanes.And(angleFlag, TLanes.GreaterThan(k, zero)), oZero);
        return TLanes.Select(apply, enhanced, r);
    }

    /// <summary>
    /// <see cref="AdmDecouple.Scale123"/> in vectors, eight samples at a time, bit-exact with it; groups with a sample
    /// at int.MinValue (where the 64-bit norms could overflow) go to the scalar code. With AVX-512 the work runs in
    /// double lanes (<see cref="AnglesAgreeInDouble"/>, <see cref="RestoreInDouble"/>). In AVX2 the 64-bit products
    /// run on even and odd lanes; AVX2 cannot round int64 to float, so <see cref="ToFloatThenDouble"/> does it
    /// exactly, and the divisor's best 15 bits take their shift from the float exponent of |o| >> 8, which has at
    /// most 23 bits and so converts exactly.
    /// </summary>
    public static unsafe void Scale123(AdmBands<int> reference, AdmBands<int> distorted, AdmBands<int> restored, AdmBands<int> additive, AdmRegion region, double gainLimit)
    {
        if (!Handles(gainLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(gainLimit), gainLimit, "the vector decouple needs an integer gain limit");
        }

        fixed (int* div = AdmDecouple.DivLookup)
        {
            int stride = reference.Stride;
            for (int i = region.Top; i < region.Bottom; i++)
            {
                int row = i * stride;
                int j = region.Left;
                for (; j + 8 <= region.Right; j += 8)
                {
                    Group123(reference, distorted, restored, additive, row + j, gainLimit, div);
                }

                // As at scale 0: the row's last samples by one more vector ending at its edge.
                if (j < region.Right && region.Right - region.Left >= 8)
                {
                    Group123(reference, distorted, restored, additive, row + region.Right - 8, gainLimit, div);
                }
                else
                {
                    AdmDecouple.Scale123Span(reference, distorted, restored, additive, row + j, row + region.Right, gainLimit);
                }
            }
        }
    }

    /// <summary>Decouples the eight samples from <paramref name="p"/> of the three bands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Group123(AdmBands<int> reference, AdmBands<int> distorted, AdmBands<int> restored, AdmBands<int> additive, int p, double gainLimit, int* div)
    {
        var oh = Vector256.LoadUnsafe(ref reference.H[p]);
        var ov = Vector256.LoadUnsafe(ref reference.V[p]);
        var od = Vector256.LoadUnsafe(ref reference.D[p]);
        var th = Vector256.LoadUnsafe(ref distorted.H[p]);
        var tv = Vector256.LoadUnsafe(ref distorted.V[p]);
        var td = Vector256.LoadUnsafe(ref distorted.D[p]);
        if (HasMinValue(oh, ov, od) || HasMinValue(th, tv, td))
        {
            AdmDecouple.Scale123Span(reference, distorted, restored, additive, p, p + 8, gainLimit);
            return;
        }

        if (Avx512F.IsSupported && Avx512CD.VL.IsSupported)
        {
            var flag = AnglesAgreeInDouble(oh, ov, th, tv, Vector256.Create((double)AdmDecouple.Cos1DegSq));
            Store(restored.H, additive.H, p, RestoreInDouble(oh, th, flag, gainLimit), th);
            Store(restored.V, additive.V, p, RestoreInDouble(ov, tv, flag, gainLimit), tv);
            Store(restored.D, additive.D, p, RestoreInDouble(od, td, flag, gainLimit), td);
            return;
        }

        var angleFlag = AnglesAgree64(oh, ov, th, tv, Vector256.Create((double)AdmDecouple.Cos1DegSq));
        var gain = Vector256.Create((int)gainLimit);
        Store(restored.H, additive.H, p, Restore32(oh, th, angleFlag, gain, div), th);
        Store(restored.V, additive.V, p, Restore32(ov, tv, angleFlag, gain, div), tv);
        Store(restored.D, additive.D, p, Restore32(od, td, angleFlag, gain, div), td);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasMinValue(Vector256<int> a, Vector256<int> b, Vector256<int> c)
    {
        var minimum = Vector256.Create(int.MinValue);
        return (Vector256.Equals(a, minimum) | Vector256.Equals(b, minimum) | Vector256.Equals(c, minimum)) != Vector256<int>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(int[] restored, int[] additive, int p, Vector256<int> r, Vector256<int> t)
    {
        r.StoreUnsafe(ref restored[p]);
        (t - r).StoreUnsafe(ref additive[p]);
    }

    /// <summary>The 1-degree test on 64-bit products, for the even and odd lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AnglesAgree64(Vector256<int> oh, Vector256<int> ov, Vector256<int> th, Vector256<int> tv, Vector256<double> cos1DegSq)
    {
        var even = AnglesAgreeEven(oh, ov, th, tv, cos1DegSq);
        var odd = AnglesAgreeEven(OddLanes(oh), OddLanes(ov), OddLanes(th), OddLanes(tv), cos1DegSq);
        return Interleave(even.AsInt64(), odd.AsInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AnglesAgreeEven(Vector256<int> oh, Vector256<int> ov, Vector256<int> th, Vector256<int> tv, Vector256<double> cos1DegSq)
    {
        var otDp = Avx2.Multiply(oh, th) + Avx2.Multiply(ov, tv);
        var oMagSq = Avx2.Multiply(oh, oh) + Avx2.Multiply(ov, ov);
        var tMagSq = Avx2.Multiply(th, th) + Avx2.Multiply(tv, tv);
        var scale = Vector256.Create(InverseOf4096);
        var d = ToFloatThenDouble(otDp) * scale;
        var rhs = cos1DegSq * (ToFloatThenDouble(oMagSq) * scale) * (ToFloatThenDouble(tMagSq) * scale);
        return Vector256.GreaterThanOrEqual(d, Vector256<double>.Zero) & Vector256.GreaterThanOrEqual(d * d, rhs);
    }

    /// <summary>
    /// The 1-degree test of 32-bit bands with AVX-512, in double lanes. The products and sums of two are rounded
    /// there (each off by at most 2^-52 of |o| |t|), and libvmaf's float roundings move each side by at most 2^-22
    /// more, so outside a margin of 2^-18 either way the double lanes decide as libvmaf does (where o or t is
    /// zero, dp is exactly zero and both sides are too); a vector with a lane inside the margin takes the exact test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> AnglesAgreeInDouble(Vector256<int> oh, Vector256<int> ov, Vector256<int> th, Vector256<int> tv, Vector256<double> cos1DegSq)
    {
        var ohD = Avx512F.ConvertToVector512Double(oh);
        var ovD = Avx512F.ConvertToVector512Double(ov);
        var thD = Avx512F.ConvertToVector512Double(th);
        var tvD = Avx512F.ConvertToVector512Double(tv);
        var dp = ohD * thD + ovD * tvD;
        var lhs = dp * dp;
        var rhs = Vector512.Create((double)AdmDecouple.Cos1DegSq) * (ohD * ohD + ovD * ovD) * (thD * thD + tvD * tvD);
        var agree = Vector512.GreaterThanOrEqual(lhs, rhs * Vector512.Create(1.0 + 1.0 / (1 << 18)));
        var disagree = Vector512.LessThan(lhs, rhs * Vector512.Create(1.0 - 1.0 / (1 << 18)));
        if ((agree | disagree) != Vector512<double>.AllBitsSet)
        {
            var exact = AnglesAgree64(oh, ov, th, tv, cos1DegSq);
            return Avx512F.ConvertToVector512Int64(exact).AsDouble();
        }

        return agree & Vector512.GreaterThanOrEqual(dp, Vector512<double>.Zero);
    }

    /// <summary>
    /// <see cref="Restore32"/> with AVX-512 in double lanes, exact: the divisor's best 15 bits and their shift s are
    /// integer work; floor(2^30 / msb) is divided out (see <see cref="Reciprocal"/>). The quotient's product with t
    /// is exact below 2^53, and above it k clamps to 0 or 2^15 whatever the rounding; (x + 2^(14+s)) >> (15+s) is
    /// floor(x * 2^-(15+s) + 1/2), both steps exact. k * o (below 2^46) and r * gain (below 2^38) are exact too.
    /// Min and max are the instructions (NaN only arises where o = 0, whose lanes are replaced), not
    /// <see cref="Vector512.Min{T}(Vector512{T}, Vector512{T})"/>, whose IEEE fix-ups cost more than the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RestoreInDouble(Vector256<int> o, Vector256<int> t, Vector512<double> angleFlag, double gainLimit)
    {
        var abs = Vector256.Abs(o).AsUInt32();
        var shift = Vector256.Max(Vector256.Create(17) - Avx512CD.VL.LeadingZeroCount(abs).AsInt32(), Vector256<int>.Zero).AsUInt32();
        var half = Avx2.ShiftLeftLogicalVariable(Vector256<uint>.One, shift) >>> 1;
        var msb = Avx2.ShiftRightLogicalVariable(abs + half, shift);
        var reciprocal = Vector512.Floor(Vector512.Create(1073741824.0) / Avx512F.ConvertToVector512Double(msb));

        var oD = Avx512F.ConvertToVector512Double(o);
        var tD = Avx512F.ConvertToVector512Double(t);
        var zero = Vector512<double>.Zero;
        var negative = Vector512.LessThan(oD, zero);
        var product = reciprocal * tD;
        product = Vector512.ConditionalSelect(negative, -product, product);

        // 2^-(15+s) built from its exponent bits.
        var scaleDown = ((Vector512.Create(1023L - 15) - Avx512F.ConvertToVector512Int64(shift.AsInt32())) << 52).AsDouble();
        var half64 = Vector512.Create(0.5);
        var one = Vector512.Create(32768.0);
        var k = Avx512F.Min(Avx512F.Max(Vector512.Floor(product * scaleDown + half64), zero), one);
        var oZero = Vector512.Equals(oD, zero);
        k = Vector512.ConditionalSelect(oZero, one, k);

        var r = Vector512.Floor(k * oD * Vector512.Create(1.0 / 32768) + half64);
        var scaled = r * Vector512.Create(gainLimit);
        var enhanced = Vector512.ConditionalSelect(Vector512.GreaterThan(oD, zero), Avx512F.Min(scaled, tD), Avx512F.Max(scaled, tD));
        var apply = angleFlag & Vector512.GreaterThan(k, zero) & ~oZero;
        return Avx512F.ConvertToVector256Int32WithTruncation(Vector512.ConditionalSelect(apply, enhanced, r));
    }

    /// <summary>
    /// (double)(float)x, with x rounded to float once, as C's conversion does. Below 2^51 in magnitude x converts
    /// exactly to double (the 1.5 * 2^52 trick) and then rounds to float. Above, |x| >> 12 with the dropped bits
    /// OR-ed into its last bit keeps every bit that decides the rounding to 24 bits (the kept bits, the guard bit
    /// and whether anything below it is set), so it rounds the same; times 2^12 and the sign are exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> ToFloatThenDouble(Vector256<long> x)
    {
        var negative = Vector256.LessThan(x, Vector256<long>.Zero);
        var magnitude = (x ^ negative) - negative;
        var large = Vector256.GreaterThan(magnitude, Vector256.Create((1L << 51) - 1));
        var sticky = ~Vector256.Equals(magnitude & Vector256.Create(0xFFFL), Vector256<long>.Zero) & Vector256<long>.One;
        var reduced = Vector256.ConditionalSelect(large, (magnitude >>> 12) | sticky, magnitude);

        var magic = Vector256.Create(0x4338000000000000L);
        var exact = (reduced + magic).AsDouble() - magic.AsDouble();
        var rounded = Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(exact));
        rounded *= Vector256.ConditionalSelect(large.AsDouble(), Vector256.Create(4096.0), Vector256<double>.One);
        return Vector256.ConditionalSelect(negative.AsDouble(), -rounded, rounded);
    }

    /// <summary>The restored 32-bit band: k from the divisor's best 15 bits, r = k * o, then the enhancement limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> Restore32(Vector256<int> o, Vector256<int> t, Vector256<int> angleFlag, Vector256<int> gain, int* div)
    {
        var zero = Vector256<int>.Zero;
        var abs = Avx2.Abs(o);

        // shift = bit length of |o| - 15 where |o| >= 2^15, taken from the float exponent of |o| >> 8.
        var exponent = (Avx.ConvertToVector256Single((abs >>> 8).AsInt32()).AsInt32() >>> 23) - Vector256.Create(127);
        var small = Vector256.LessThan(abs, Vector256.Create(32768u)).AsInt32();
        var shift = Vector256.AndNot(exponent - Vector256.Create(6), small).AsUInt32();
        var roundMsb = Avx2.ShiftLeftLogicalVariable(Vector256<uint>.One, shift - Vector256<uint>.One) & ~small.AsUInt32();
        var msb = Avx2.ShiftRightLogicalVariable(abs + roundMsb, shift);
        var reciprocal = Avx2.GatherVector256(div, msb.AsInt32() + Vector256.Create(32768), 4);

        var negative = Vector256.LessThan(o, zero);
        var k = Interleave(
            Quotient(Avx2.Multiply(reciprocal, t), negative, shift),
            Quotient(Avx2.Multiply(OddLanes(reciprocal), OddLanes(t)), OddLanes(negative), OddLanes(shift.AsInt32()).AsUInt32()));
        var oZero = Vector256.Equals(o, zero);
        k = Vector256.ConditionalSelect(oZero, Vector256.Create(32768), k);

        var rRound = Vector256.Create(16384L);
        var r = Interleave(
            ShiftRightArithmetic(Avx2.Multiply(k, o) + rRound, 15),
            ShiftRightArithmetic(Avx2.Multiply(OddLanes(k), OddLanes(o)) + rRound, 15));

        // Where the angles agree and k > 0, r may follow t up to gain times, compared in 64 bits since
        // r * gain may not fit 32.
        var positive = Vector256.GreaterThan(o, zero);
        var enhanced = Interleave(
            Limit(Avx2.Multiply(r, gain), Avx2.Multiply(t, Vector256<int>.One), positive),
            Limit(Avx2.Multiply(OddLanes(r), gain), Avx2.Multiply(OddLanes(t), Vector256<int>.One), OddLanes(positive)));
        var apply = angleFlag & Vector256.GreaterThan(k, zero) & ~oZero;
        return Vector256.ConditionalSelect(apply, enhanced, r);
    }

    /// <summary>clamp((sign * reciprocal * t + 2^(14+shift)) >> (15+shift), 0, 32768) in 64 bits, for even lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Quotient(Vector256<long> product, Vector256<int> negative, Vector256<uint> shift)
    {
        var lowMask = Vector256.Create(0xFFFF_FFFFul);
        var shift64 = shift.AsUInt64() & lowMask;
        var signed = Vector256.ConditionalSelect(SignExtend(negative), -product, product);
        var round = Avx2.ShiftLeftLogicalVariable(Vector256.Create(1L), shift64 + Vector256.Create(14ul));
        var q = ShiftRightArithmetic(signed + round, shift64 + Vector256.Create(15ul));
        return Vector256.Min(Vector256.Max(q, Vector256<long>.Zero), Vector256.Create(32768L));
    }

    /// <summary>min(scaled, t) where o > 0, max(scaled, t) where o &lt; 0, for even lanes in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Limit(Vector256<long> scaled, Vector256<long> t, Vector256<int> positive) =>
        Vector256.ConditionalSelect(SignExtend(positive), Vector256.Min(scaled, t), Vector256.Max(scaled, t));

    /// <summary>An even-lane 32-bit mask widened to its 64-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> SignExtend(Vector256<int> mask) => Avx2.Multiply(mask, Vector256<int>.One);
}

/// <summary>
/// The lane operations of the scale-0 decouple (<see cref="AdmDecoupleSimd.Scale0"/>) at one vector width, so that
/// its loop is written once: 32-bit lanes widened from the 16-bit bands, float lanes as wide for the angle test's
/// shortcut. Its two double-precision steps, the exact angle test and the reciprocal, run on halves of eight lanes.
/// </summary>
internal interface IAdmDecoupleLanes<TInt, TLong, TFloat> : IAdmLanes<TInt, TLong>
    where TInt : struct
    where TLong : struct
    where TFloat : struct
{
    /// <summary>Truncates each lane to 16 bits and stores them.</summary>
    static abstract void StoreNarrow(TInt value, ref short destination, nuint offset);

    static abstract TInt And(TInt a, TInt b);

    static abstract TInt Or(TInt a, TInt b);

    /// <summary>a and not b.</summary>
    static abstract TInt AndNot(TInt a, TInt b);

    static abstract TInt Min(TInt a, TInt b);

    /// <summary>All-ones lanes where a = b.</summary>
    static abstract TInt Equals(TInt a, TInt b);

    static abstract TInt GreaterThan(TInt a, TInt b);

    /// <summary>a where the mask is set, else b.</summary>
    static abstract TInt Select(TInt mask, TInt a, TInt b);

    /// <summary>Whether any lane of the mask is set.</summary>
    static abstract bool Any(TInt mask);

    static abstract TFloat ToSingle(TInt a);

    static abstract TFloat CreateSingle(float value);

    static abstract TFloat MultiplySingle(TFloat a, TFloat b);

    /// <summary>All-ones 32-bit lanes where a >= b.</summary>
    static abstract TInt GreaterThanOrEqualSingle(TFloat a, TFloat b);

    static abstract TInt LessThanSingle(TFloat a, TFloat b);

    /// <summary>The 1-degree test in libvmaf's own precision (double lanes).</summary>
    static abstract TInt AnglesAgreeExact(TInt otDp, TInt oMagSq, TInt tMagSq);

    /// <summary>sign(o) * floor(2^30 / |o|), 0 for o = 0: the reciprocal table's entry (<paramref name="div"/>) for each lane.</summary>
    static abstract unsafe TInt Reciprocal(TInt o, int* div);
}

/// <summary>The scale-0 decouple's own lane operations on 256-bit vectors (AVX2); the reciprocal is gathered without AVX-512.</summary>
internal readonly partial struct AdmAvx2Lanes : IAdmDecoupleLanes<Vector256<int>, Vector256<long>, Vector256<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrow(Vector256<int> value, ref short destination, nuint offset) => Narrowing.ToInt16(value).StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AndNot(Vector256<int> a, Vector256<int> b) => Vector256.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Min(Vector256<int> a, Vector256<int> b) => Vector256.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Equals(Vector256<int> a, Vector256<int> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> GreaterThan(Vector256<int> a, Vector256<int> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Select(Vector256<int> mask, Vector256<int> a, Vector256<int> b) => Vector256.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector256<int> mask) => mask != Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle(Vector256<int> a) => Avx.ConvertToVector256Single(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> CreateSingle(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplySingle(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> GreaterThanOrEqualSingle(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LessThanSingle(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b).AsInt32();

    public static Vector256<int> AnglesAgreeExact(Vector256<int> otDp, Vector256<int> oMagSq, Vector256<int> tMagSq) => AdmDecoupleSimd.AnglesAgree(otDp, oMagSq, tMagSq);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<int> Reciprocal(Vector256<int> o, int* div) => AdmDecoupleSimd.Reciprocal(o, div);
}

/// <summary>The scale-0 decouple's own lane operations on 512-bit vectors (AVX-512 F), sixteen samples a step.</summary>
internal readonly partial struct AdmAvx512Lanes : IAdmDecoupleLanes<Vector512<int>, Vector512<long>, Vector512<float>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrow(Vector512<int> value, ref short destination, nuint offset) =>
        Avx512F.ConvertToVector256Int16(value).StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AndNot(Vector512<int> a, Vector512<int> b) => Vector512.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Min(Vector512<int> a, Vector512<int> b) => Avx512F.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Equals(Vector512<int> a, Vector512<int> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> GreaterThan(Vector512<int> a, Vector512<int> b) => Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Select(Vector512<int> mask, Vector512<int> a, Vector512<int> b) => Vector512.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector512<int> mask) => mask != Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ToSingle(Vector512<int> a) => Avx512F.ConvertToVector512Single(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> CreateSingle(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplySingle(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> GreaterThanOrEqualSingle(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LessThanSingle(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b).AsInt32();

    public static Vector512<int> AnglesAgreeExact(Vector512<int> otDp, Vector512<int> oMagSq, Vector512<int> tMagSq) =>
        Vector512.Create(
            AdmDecoupleSimd.AnglesAgree(otDp.GetLower(), oMagSq.GetLower(), tMagSq.GetLower()),
            AdmDecoupleSimd.AnglesAgree(otDp.GetUpper(), oMagSq.GetUpper(), tMagSq.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<int> Reciprocal(Vector512<int> o, int* div) =>
        Vector512.Create(AdmDecoupleSimd.Reciprocal(o.GetLower(), div), AdmDecoupleSimd.Reciprocal(o.GetUpper(), div));
}
