using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// Lane helpers shared by ADM's AVX2 kernels for libvmaf's 64-bit fixed point: AVX2 multiplies 32x32->64 only
/// on even 32-bit lanes and has no arithmetic 64-bit shift.
/// </summary>
internal static class AdmVector
{
    /// <summary>The odd 32-bit lanes moved into the even positions, where 32x32->64 multiplies read them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> OddLanes(Vector256<int> x) => (x.AsInt64() >>> 32).AsInt32();

    /// <summary>The low halves of 64-bit results for even and odd lanes, interleaved back into eight 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Interleave(Vector256<long> even, Vector256<long> odd) =>
        Avx2.Blend(even.AsInt32(), (odd << 32).AsInt32(), 0b1010_1010);

    /// <summary>The high halves of 64-bit results (a shift right by 32) for even and odd lanes, as eight 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> InterleaveHigh(Vector256<long> even, Vector256<long> odd) =>
        Avx2.Blend((even >>> 32).AsInt32(), odd.AsInt32(), 0b1010_1010);

    /// <summary>Eight 16-bit samples sign-extended to 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Widen(ref short row, int index) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref row, (nuint)index));

    /// <summary>Arithmetic 64-bit shift from a logical one: flip the sign bit, shift, take the shifted flip back out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightArithmetic(Vector256<long> x, int shift)
    {
        var flip = Vector256.Create(long.MinValue);
        return ((x ^ flip) >>> shift) - (flip >>> shift);
    }

    /// <summary><see cref="ShiftRightArithmetic(Vector256{long}, int)"/> with a shift per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightArithmetic(Vector256<long> x, Vector256<ulong> shift)
    {
        var flip = Vector256.Create(long.MinValue).AsUInt64();
        return (Avx2.ShiftRightLogicalVariable(x.AsUInt64() ^ flip, shift) - Avx2.ShiftRightLogicalVariable(flip, shift)).AsInt64();
    }
}
