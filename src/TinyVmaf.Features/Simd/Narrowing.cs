using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Simd;

/// <summary>
/// Truncating 32-to-16-bit narrowing of one vector. <c>Vector512.Narrow(x, x).GetLower()</c> compiles to two
/// vpmovdw and an insert, a third of them thrown away; AVX-512 has the one instruction (vpmovdw), and with
/// AVX-512 VL the same for 256-bit vectors. Without them, the portable narrowing.
/// </summary>
internal static class Narrowing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<short> ToInt16(Vector512<int> x) =>
        Avx512F.IsSupported ? Avx512F.ConvertToVector256Int16(x) : Vector512.Narrow(x, x).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<short> ToInt16(Vector256<int> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ConvertToVector128Int16(x) : Vector256.Narrow(x, x).GetLower();
}
