using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The 32-bit lane operations, with libvmaf's 64-bit fixed point on even and odd lanes, that ADM's masking (with its
/// CSF) and coarser DWT kernels need, for one vector width: one loop (<see cref="AdmContrastMaskingSimd"/>,
/// <see cref="AdmDwtSimd.Scale123"/>) serves AVX2 and AVX-512. 32x32->64 multiplies read
/// the even 32-bit lanes at both widths; <see cref="OddLanes"/> brings the odd ones there.
/// </summary>
/// <typeparam name="TInt">A vector of 32-bit lanes.</typeparam>
/// <typeparam name="TLong">A vector of 64-bit lanes, as wide in bits.</typeparam>
internal interface IAdmLanes<TInt, TLong>
    where TInt : struct
    where TLong : struct
{
    /// <summary>32-bit lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TInt Load(ref int source, nuint offset);

    /// <summary>16-bit samples sign-extended to 32-bit lanes.</summary>
    static abstract TInt LoadWidened(ref short source, nuint offset);

    static abstract void Store(TInt value, ref int destination, nuint offset);

    /// <summary>The low halves of the 64-bit lanes, stored as half a vector of 32-bit values.</summary>
    static abstract void StoreLowHalves(TLong value, ref int destination, nuint offset);

    static abstract TInt Create(int value);

    static abstract TLong CreateLong(long value);

    static abstract TInt Add(TInt a, TInt b);

    static abstract TInt Subtract(TInt a, TInt b);

    /// <summary>The low 32 bits of each product.</summary>
    static abstract TInt Multiply(TInt a, TInt b);

    static abstract TInt ShiftLeft(TInt a, int count);

    static abstract TInt ShiftRightArithmetic(TInt a, int count);

    /// <summary>|a|, wrapping at int.MinValue as C's abs does on x86.</summary>
    static abstract TInt Abs(TInt a);

    static abstract TInt Max(TInt a, TInt b);

    /// <summary>The odd 32-bit lanes moved into the even positions.</summary>
    static abstract TInt OddLanes(TInt a);

    /// <summary>Even lanes as unsigned 32-bit values, multiplied to 64 bits.</summary>
    static abstract TLong MultiplyEvenUnsigned(TInt a, TInt b);

    /// <summary>Even lanes as signed 32-bit values, multiplied to 64 bits.</summary>
    static abstract TLong MultiplyEvenSigned(TInt a, TInt b);

    static abstract TLong Add(TLong a, TLong b);

    /// <summary>The same bits as 32-bit lanes.</summary>
    static abstract TInt AsInt(TLong a);

    static abstract TLong ShiftRightLogical(TLong a, int count);

    static abstract TLong ShiftRightArithmetic(TLong a, int count);

    /// <summary>The low halves of 64-bit results for even and odd lanes, interleaved back into 32-bit lanes.</summary>
    static abstract TInt Interleave(TLong even, TLong odd);

    /// <summary>The high halves of 64-bit results for even and odd lanes, as 32-bit lanes.</summary>
    static abstract TInt InterleaveHigh(TLong even, TLong odd);

    static abstract long Sum(TLong a);
}

/// <summary>The 32-bit lane operations on 256-bit vectors (AVX2).</summary>
internal readonly partial struct AdmAvx2Lanes : IAdmLanes<Vector256<int>, Vector256<long>>
{
    public static int Count => Vector256<int>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load(ref int source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LoadWidened(ref short source, nuint offset) => Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<int> value, ref int destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowHalves(Vector256<long> value, ref int destination, nuint offset) =>
        Vector256.Narrow(value, value).GetLower().StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Create(int value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> CreateLong(long value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Subtract(Vector256<int> a, Vector256<int> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Multiply(Vector256<int> a, Vector256<int> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftLeft(Vector256<int> a, int count) => a << count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightArithmetic(Vector256<int> a, int count) => a >> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Abs(Vector256<int> a) => Avx2.Abs(a).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Max(Vector256<int> a, Vector256<int> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> OddLanes(Vector256<int> a) => AdmVector.OddLanes(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> MultiplyEvenUnsigned(Vector256<int> a, Vector256<int> b) => Avx2.Multiply(a.AsUInt32(), b.AsUInt32()).AsInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> MultiplyEvenSigned(Vector256<int> a, Vector256<int> b) => Avx2.Multiply(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> Add(Vector256<long> a, Vector256<long> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AsInt(Vector256<long> a) => a.AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightLogical(Vector256<long> a, int count) => a >>> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> ShiftRightArithmetic(Vector256<long> a, int count) => AdmVector.ShiftRightArithmetic(a, count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Interleave(Vector256<long> even, Vector256<long> odd) => AdmVector.Interleave(even, odd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> InterleaveHigh(Vector256<long> even, Vector256<long> odd) => AdmVector.InterleaveHigh(even, odd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector256<long> a) => Vector256.Sum(a);
}

/// <summary>The 32-bit lane operations on 512-bit vectors (AVX-512 F), with its native arithmetic 64-bit shift.</summary>
internal readonly partial struct AdmAvx512Lanes : IAdmLanes<Vector512<int>, Vector512<long>>
{
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<int>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Load(ref int source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LoadWidened(ref short source, nuint offset) => Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<int> value, ref int destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowHalves(Vector512<long> value, ref int destination, nuint offset) =>
        Avx512F.ConvertToVector256Int32(value).StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Create(int value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> CreateLong(long value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Subtract(Vector512<int> a, Vector512<int> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Multiply(Vector512<int> a, Vector512<int> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftLeft(Vector512<int> a, int count) => a << count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightArithmetic(Vector512<int> a, int count) => a >> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Abs(Vector512<int> a) => Avx512F.Abs(a).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Max(Vector512<int> a, Vector512<int> b) => Avx512F.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> OddLanes(Vector512<int> a) => (a.AsInt64() >>> 32).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> MultiplyEvenUnsigned(Vector512<int> a, Vector512<int> b) => Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()).AsInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> MultiplyEvenSigned(Vector512<int> a, Vector512<int> b) => Avx512F.Multiply(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> Add(Vector512<long> a, Vector512<long> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AsInt(Vector512<long> a) => a.AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> ShiftRightLogical(Vector512<long> a, int count) => a >>> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> ShiftRightArithmetic(Vector512<long> a, int count) => a >> count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Interleave(Vector512<long> even, Vector512<long> odd) =>
        Vector512.ConditionalSelect(Vector512.Create(0xFFFF_FFFF_0000_0000ul).AsInt32(), (odd << 32).AsInt32(), even.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> InterleaveHigh(Vector512<long> even, Vector512<long> odd) =>
        Vector512.ConditionalSelect(Vector512.Create(0xFFFF_FFFF_0000_0000ul).AsInt32(), odd.AsInt32(), (even >>> 32).AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Sum(Vector512<long> a) => Vector512.Sum(a);
}
