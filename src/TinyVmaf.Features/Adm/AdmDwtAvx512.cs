using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The scale-0 DWT in AVX-512, bit-exact with <see cref="AdmDwt"/>: <see cref="AdmDwtScale0"/> on 512-bit
/// vectors (32 columns down, 16 outputs along), twice <see cref="AdmDwtSimd.Scale0"/>'s width.
/// </summary>
internal static class AdmDwtAvx512
{
    /// <summary>Whether <see cref="Scale0"/> can run for samples of <paramref name="bitDepth"/> bits.</summary>
    public static bool Scale0Handles(int bitDepth) => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && bitDepth <= 15;

    /// <inheritdoc cref="AdmDwtSimd.Scale0"/>
    public static void Scale0<T>(
        ReadOnlySpan<T> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols, Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst,
        int detailFrom = 0, int detailTo = int.MaxValue)
        where T : unmanaged
    {
        if (!Scale0Handles(bitDepth))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "the AVX-512 scale-0 DWT takes samples of at most 15 bits on a CPU with AVX-512 BW");
        }

        int w = cols.InputLength;
        if (tmpLo.Length < AdmDwtSimd.Scale0ScratchLength(w) || tmpHi.Length < AdmDwtSimd.Scale0ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(tmpLo));
        }

        AdmDwtScale0.Run<Avx512Lanes, Vector512<short>, Vector512<int>, T>(src, srcStride, bitDepth, rows, cols, tmpLo, tmpHi, dst, detailFrom, detailTo);
    }

    /// <summary>The scale-0 lane operations on 512-bit vectors (AVX-512 BW).</summary>
    internal readonly struct Avx512Lanes : IAdmDwt16Lanes<Vector512<short>, Vector512<int>>
    {
        public static int Count => Vector512<short>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Load(ref short source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> LoadSamples<T>(ref T source, nuint offset)
            where T : unmanaged => SampleVectors.Load512(ref source, offset).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Pair(int first, int second) =>
            Vector512.Create((int)((ushort)(short)first | ((uint)(ushort)(short)second << 16))).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Create(int value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> UnpackLow(Vector512<short> a, Vector512<short> b) => Avx512BW.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> UnpackHigh(Vector512<short> a, Vector512<short> b) => Avx512BW.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Dot(Vector512<short> a01, Vector512<short> c01, Vector512<short> a23, Vector512<short> c23, Vector512<int> add) =>
            Avx512BW.MultiplyAddAdjacent(a01, c01) + Avx512BW.MultiplyAddAdjacent(a23, c23) + add;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ShiftRightArithmetic(Vector512<int> x, int count) => x >> count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StorePacked(Vector512<int> low, Vector512<int> high, ref short destination, nuint offset) =>
            Avx512BW.PackSignedSaturate(low, high).StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector512<int> x, ref short destination, nuint offset) =>
            Narrowing.ToInt16(x).StoreUnsafe(ref destination, offset);
    }
}
