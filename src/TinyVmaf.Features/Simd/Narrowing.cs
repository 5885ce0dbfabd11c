using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Simd;

/// <summary>
/// Truncating 32-to-16-bit (and 16-to-8-bit) narrowing of one vector. <c>Vector512.Narrow(x, x).GetLower()</c> compiles to two
/// vpmovdw and an insert, a third of them thrown away; AVX-512 has the one instruction (vpmovdw), and with
/// AVX-512 VL the same for 256-bit vectors (vpmovwb for 16 to 8 bits, with AVX-512 BW). Without them, the portable narrowing.
/// </summary>
internal static class Narrowing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> ToInt16(Vector512<int> x) =>
        Avx512F.IsSupported ? Avx512F.ConvertToVector256Int16(x) : Vector512.Narrow(x, x).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> ToInt16(Vector256<int> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128Int16(x) : Vector256.Narrow(x, x).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ToByte(Vector512<short> x) =>
        Avx512BW.IsSupported ? Avx512BW.ConvertToVector256Byte(x) : Vector512.Narrow(x.AsUInt16(), x.AsUInt16()).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> ToByte(Vector256<short> x) =>
        Avx512BW.VL.IsSupported ? Avx512BW.VL.ConvertToVector128Byte(x) : Vector256.Narrow(x.AsUInt16(), x.AsUInt16()).GetLower();
}
