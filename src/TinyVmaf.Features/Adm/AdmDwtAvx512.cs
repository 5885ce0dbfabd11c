using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The scale-0 DWT in AVX-512, bit-exact with <see cref="AdmDwt"/>: <see cref="AdmDwtSimd.Scale0"/> twice as
/// wide (32 columns down, 16 outputs along). Unpack, multiply-add and pack work within 128-bit lanes as their
/// AVX2 forms do, so interleaving two rows and packing the sums back still cancel each other's lane order.
/// </summary>
internal static class AdmDwtAvx512
{
    /// <summary>Whether <see cref="Scale0"/> can run for samples of <paramref name="bitDepth"/> bits.</summary>
    public static bool Scale0Handles(int bitDepth) => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && bitDepth <= 15;

    /// <inheritdoc cref="AdmDwtSimd.Scale0"/>
    public static void Scale0(
        ReadOnlySpan<ushort> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols, Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst)
    {
        int w = cols.InputLength;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        if (!Scale0Handles(bitDepth))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "the AVX-512 scale-0 DWT takes samples of at most 15 bits on a CPU with AVX-512 BW");
        }

        if (tmpLo.Length < AdmDwtSimd.Scale0ScratchLength(w) || tmpHi.Length < AdmDwtSimd.Scale0ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(tmpLo));
        }

        int shiftVp = bitDepth;
        int roundVp = 1 << (bitDepth - 1);
        var offset = Vector512.Create(roundVp - AdmDwt.LoSum * roundVp);
        var round = Vector512.Create(roundVp);
        var lo01 = Pair(AdmDwt.Lo0, AdmDwt.Lo1);
        var lo23 = Pair(AdmDwt.Lo2, AdmDwt.Lo3);
        var hi01 = Pair(AdmDwt.Hi0, AdmDwt.Hi1);
        var hi23 = Pair(AdmDwt.Hi2, AdmDwt.Hi3);

        ref short source = ref Unsafe.As<ushort, short>(ref MemoryMarshal.GetReference(src));
        ref short tl = ref MemoryMarshal.GetReference(tmpLo);
        ref short th = ref MemoryMarshal.GetReference(tmpHi);
        for (int i = 0; i < rows.OutputLength; i++)
        {
            nuint r0 = (nuint)(rowIndex[4 * i] * srcStride);
            nuint r1 = (nuint)(rowIndex[4 * i + 1] * srcStride);
            nuint r2 = (nuint)(rowIndex[4 * i + 2] * srcStride);
            nuint r3 = (nuint)(rowIndex[4 * i + 3] * srcStride);

            // Vertical pass, 32 columns at a time; temporary of column c at slot c + 1.
            int c = 0;
            for (; c + 32 <= w; c += 32)
            {
                var s0 = Vector512.LoadUnsafe(ref source, r0 + (nuint)c);
                var s1 = Vector512.LoadUnsafe(ref source, r1 + (nuint)c);
                var s2 = Vector512.LoadUnsafe(ref source, r2 + (nuint)c);
                var s3 = Vector512.LoadUnsafe(ref source, r3 + (nuint)c);
                var low01 = Avx512BW.UnpackLow(s0, s1);
                var high01 = Avx512BW.UnpackHigh(s0, s1);
                var low23 = Avx512BW.UnpackLow(s2, s3);
                var high23 = Avx512BW.UnpackHigh(s2, s3);

                var loLow = Avx512BW.MultiplyAddAdjacent(low01, lo01) + Avx512BW.MultiplyAddAdjacent(low23, lo23) + offset;
                var loHigh = Avx512BW.MultiplyAddAdjacent(high01, lo01) + Avx512BW.MultiplyAddAdjacent(high23, lo23) + offset;
                Avx512BW.PackSignedSaturate(loLow >> shiftVp, loHigh >> shiftVp).StoreUnsafe(ref tl, (nuint)(c + 1));

                var hiLow = Avx512BW.MultiplyAddAdjacent(low01, hi01) + Avx512BW.MultiplyAddAdjacent(low23, hi23) + round;
                var hiHigh = Avx512BW.MultiplyAddAdjacent(high01, hi01) + Avx512BW.MultiplyAddAdjacent(high23, hi23) + round;
                Avx512BW.PackSignedSaturate(hiLow >> shiftVp, hiHigh >> shiftVp).StoreUnsafe(ref th, (nuint)(c + 1));
            }

            for (; c < w; c++)
            {
                int s0 = (ushort)Unsafe.Add(ref source, r0 + (nuint)c), s1 = (ushort)Unsafe.Add(ref source, r1 + (nuint)c);
                int s2 = (ushort)Unsafe.Add(ref source, r2 + (nuint)c), s3 = (ushort)Unsafe.Add(ref source, r3 + (nuint)c);
                int l = AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 - AdmDwt.LoSum * roundVp;
                int hh = AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3;
                Unsafe.Add(ref tl, c + 1) = (short)((l + roundVp) >> shiftVp);
                Unsafe.Add(ref th, c + 1) = (short)((hh + roundVp) >> shiftVp);
            }

            Mirror16(ref tl, w);
            Mirror16(ref th, w);
            Horizontal0(ref tl, ref th, cols.OutputLength, dst, i * stride);
        }
    }

    /// <summary>A pair of 16-bit coefficients repeated across the vector, for a multiply-add of adjacent lanes.</summary>
    private static Vector512<short> Pair(int first, int second) =>
        Vector512.Create((int)((ushort)(short)first | ((uint)(ushort)(short)second << 16))).AsInt16();

    /// <summary>The slots around a row of temporaries: column -1 reads 1, column w reads w-1, w+1 reads w-2.</summary>
    private static void Mirror16(ref short slots, int w)
    {
        slots = Unsafe.Add(ref slots, 2);
        Unsafe.Add(ref slots, w + 1) = Unsafe.Add(ref slots, w);
        Unsafe.Add(ref slots, w + 2) = Unsafe.Add(ref slots, w - 1);
    }

    /// <summary>Sixteen 32-bit lanes truncated to 16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Narrow(Vector512<int> x) => Vector512.Narrow(x, x).GetLower();

    private static void Horizontal0(ref short tl, ref short th, int outWidth, AdmBands<short> dst, int offset)
    {
        ref short a = ref dst.A[offset];
        ref short v = ref dst.V[offset];
        ref short h = ref dst.H[offset];
        ref short d = ref dst.D[offset];
        var lo01 = Pair(AdmDwt.Lo0, AdmDwt.Lo1);
        var lo23 = Pair(AdmDwt.Lo2, AdmDwt.Lo3);
        var hi01 = Pair(AdmDwt.Hi0, AdmDwt.Hi1);
        var hi23 = Pair(AdmDwt.Hi2, AdmDwt.Hi3);
        var round = Vector512.Create(32768);
        int j = 0;
        for (; j + 16 <= outWidth; j += 16)
        {
            // Output j + k reads slots 2(j+k) .. 2(j+k)+3: two multiply-adds over the pairs starting at 2j and 2j+2.
            var first = Vector512.LoadUnsafe(ref tl, (nuint)(2 * j));
            var second = Vector512.LoadUnsafe(ref tl, (nuint)(2 * j + 2));
            Narrow((Avx512BW.MultiplyAddAdjacent(first, lo01) + Avx512BW.MultiplyAddAdjacent(second, lo23) + round) >> 16).StoreUnsafe(ref a, (nuint)j);
            Narrow((Avx512BW.MultiplyAddAdjacent(first, hi01) + Avx512BW.MultiplyAddAdjacent(second, hi23) + round) >> 16).StoreUnsafe(ref v, (nuint)j);
            first = Vector512.LoadUnsafe(ref th, (nuint)(2 * j));
            second = Vector512.LoadUnsafe(ref th, (nuint)(2 * j + 2));
            Narrow((Avx512BW.MultiplyAddAdjacent(first, lo01) + Avx512BW.MultiplyAddAdjacent(second, lo23) + round) >> 16).StoreUnsafe(ref h, (nuint)j);
            Narrow((Avx512BW.MultiplyAddAdjacent(first, hi01) + Avx512BW.MultiplyAddAdjacent(second, hi23) + round) >> 16).StoreUnsafe(ref d, (nuint)j);
        }

        for (; j < outWidth; j++)
        {
            int s0 = Unsafe.Add(ref tl, 2 * j), s1 = Unsafe.Add(ref tl, 2 * j + 1), s2 = Unsafe.Add(ref tl, 2 * j + 2), s3 = Unsafe.Add(ref tl, 2 * j + 3);
            Unsafe.Add(ref a, j) = (short)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + 32768) >> 16);
            Unsafe.Add(ref v, j) = (short)((AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3 + 32768) >> 16);
            s0 = Unsafe.Add(ref th, 2 * j);
            s1 = Unsafe.Add(ref th, 2 * j + 1);
            s2 = Unsafe.Add(ref th, 2 * j + 2);
            s3 = Unsafe.Add(ref th, 2 * j + 3);
            Unsafe.Add(ref h, j) = (short)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + 32768) >> 16);
            Unsafe.Add(ref d, j) = (short)((AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3 + 32768) >> 16);
        }
    }
}
