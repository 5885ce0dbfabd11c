using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The 16-bit lane operations the scale-0 DWT needs, for one vector width. Unpack, multiply-add and pack work
/// within 128-bit lanes at every width, so interleaving two rows and packing the sums back still cancel each
/// other's lane order and one loop (<see cref="AdmDwtScale0"/>) serves AVX2 and AVX-512 alike.
/// </summary>
/// <typeparam name="TShort">A vector of 16-bit lanes.</typeparam>
/// <typeparam name="TInt">A vector of 32-bit lanes, as wide in bits as <typeparamref name="TShort"/>.</typeparam>
internal interface IAdmDwt16Lanes<TShort, TInt>
    where TShort : struct
    where TInt : struct
{
    /// <summary>16-bit lanes per vector: the columns of one vertical step, twice the outputs of one horizontal step.</summary>
    static abstract int Count { get; }

    static abstract TShort Load(ref short source, nuint offset);

    /// <summary><see cref="Count"/> samples (bytes or ushorts) as 16-bit lanes.</summary>
    static abstract TShort LoadSamples<T>(ref T source, nuint offset)
        where T : unmanaged;

    /// <summary>A pair of 16-bit coefficients repeated across the vector, for a multiply-add of adjacent lanes.</summary>
    static abstract TShort Pair(int first, int second);

    static abstract TInt Create(int value);

    static abstract TShort UnpackLow(TShort a, TShort b);

    static abstract TShort UnpackHigh(TShort a, TShort b);

    /// <summary>Two taps of adjacent 16-bit pairs each, plus <paramref name="add"/>: (a01 . c01) + (a23 . c23) + add per 32-bit lane.</summary>
    static abstract TInt Dot(TShort a01, TShort c01, TShort a23, TShort c23, TInt add);

    static abstract TInt ShiftRightArithmetic(TInt x, int count);

    /// <summary>Packs two vectors of 32-bit lanes with signed saturation (within 128-bit lanes) and stores them.</summary>
    static abstract void StorePacked(TInt low, TInt high, ref short destination, nuint offset);

    /// <summary>Truncates each 32-bit lane to 16 bits and stores the half-width result.</summary>
    static abstract void StoreNarrow(TInt x, ref short destination, nuint offset);
}

/// <summary>
/// The scale-0 DWT written once over the vector width, bit-exact with <see cref="AdmDwt"/> (see
/// <see cref="AdmDwtSimd"/> for the lane layout). <see cref="AdmDwtSimd.Scale0"/> runs it on
/// <see cref="AdmDwtSimd.Avx2Lanes"/>, <see cref="AdmDwtAvx512.Scale0"/> on <see cref="AdmDwtAvx512.Avx512Lanes"/>;
/// the callers check the CPU and the scratch sizes.
/// </summary>
internal static class AdmDwtScale0
{
    /// <summary>The four bands of every row; only A outside the rows [<paramref name="detailFrom"/>, <paramref name="detailTo"/>).</summary>
    public static void Run<TLanes, TShort, TInt, T>(
        ReadOnlySpan<T> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols, Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst,
        int detailFrom, int detailTo)
        where TLanes : struct, IAdmDwt16Lanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
        where T : unmanaged
    {
        int w = cols.InputLength;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        int step = TLanes.Count;
        int shiftVp = bitDepth;
        int roundVp = 1 << (bitDepth - 1);
        var offset = TLanes.Create(roundVp - AdmDwt.LoSum * roundVp);
        var round = TLanes.Create(roundVp);
        var lo01 = TLanes.Pair(AdmDwt.Lo0, AdmDwt.Lo1);
        var lo23 = TLanes.Pair(AdmDwt.Lo2, AdmDwt.Lo3);
        var hi01 = TLanes.Pair(AdmDwt.Hi0, AdmDwt.Hi1);
        var hi23 = TLanes.Pair(AdmDwt.Hi2, AdmDwt.Hi3);

        ref T source = ref MemoryMarshal.GetReference(src);
        ref short tl = ref MemoryMarshal.GetReference(tmpLo);
        ref short th = ref MemoryMarshal.GetReference(tmpHi);
        for (int i = 0; i < rows.OutputLength; i++)
        {
            bool detail = i >= detailFrom && i < detailTo;
            nuint r0 = (nuint)(rowIndex[4 * i] * srcStride);
            nuint r1 = (nuint)(rowIndex[4 * i + 1] * srcStride);
            nuint r2 = (nuint)(rowIndex[4 * i + 2] * srcStride);
            nuint r3 = (nuint)(rowIndex[4 * i + 3] * srcStride);

            // The next output row reads two rows this one does not; the source frame is rarely in cache (the reader
            // filled it on another core), so they are asked for while this row is computed.
            int next = Math.Min(i + 1, rows.OutputLength - 1);
            nuint n2 = (nuint)(rowIndex[4 * next + 2] * srcStride);
            nuint n3 = (nuint)(rowIndex[4 * next + 3] * srcStride);

            // Vertical pass, one vector of columns at a time; temporary of column c at slot c + 1.
            int c = 0;
            for (; c + step <= w; c += step)
            {
                var s0 = TLanes.LoadSamples(ref source, r0 + (nuint)c);
                var s1 = TLanes.LoadSamples(ref source, r1 + (nuint)c);
                var s2 = TLanes.LoadSamples(ref source, r2 + (nuint)c);
                var s3 = TLanes.LoadSamples(ref source, r3 + (nuint)c);
                Prefetch.Line(ref Unsafe.Add(ref source, n2 + (nuint)c));
                Prefetch.Line(ref Unsafe.Add(ref source, n3 + (nuint)c));
                var low01 = TLanes.UnpackLow(s0, s1);
                var high01 = TLanes.UnpackHigh(s0, s1);
                var low23 = TLanes.UnpackLow(s2, s3);
                var high23 = TLanes.UnpackHigh(s2, s3);

                var loLow = TLanes.ShiftRightArithmetic(TLanes.Dot(low01, lo01, low23, lo23, offset), shiftVp);
                var loHigh = TLanes.ShiftRightArithmetic(TLanes.Dot(high01, lo01, high23, lo23, offset), shiftVp);
                TLanes.StorePacked(loLow, loHigh, ref tl, (nuint)(c + 1));
                if (!detail)
                {
                    continue;
                }

                var hiLow = TLanes.ShiftRightArithmetic(TLanes.Dot(low01, hi01, low23, hi23, round), shiftVp);
                var hiHigh = TLanes.ShiftRightArithmetic(TLanes.Dot(high01, hi01, high23, hi23, round), shiftVp);
                TLanes.StorePacked(hiLow, hiHigh, ref th, (nuint)(c + 1));
            }

            for (; c < w; c++)
            {
                int s0 = SampleVectors.Read(ref source, (nint)(r0 + (nuint)c)), s1 = SampleVectors.Read(ref source, (nint)(r1 + (nuint)c));
                int s2 = SampleVectors.Read(ref source, (nint)(r2 + (nuint)c)), s3 = SampleVectors.Read(ref source, (nint)(r3 + (nuint)c));
                int l = AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 - AdmDwt.LoSum * roundVp;
                int hh = AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3;
                Unsafe.Add(ref tl, c + 1) = (short)((l + roundVp) >> shiftVp);
                Unsafe.Add(ref th, c + 1) = (short)((hh + roundVp) >> shiftVp);
            }

            Mirror16(ref tl, w);
            Mirror16(ref th, w);
            Horizontal<TLanes, TShort, TInt>(ref tl, ref th, cols.OutputLength, dst, i * stride, detail);
        }
    }

    /// <summary>The slots around a row of temporaries: column -1 reads 1, column w reads w-1, w+1 reads w-2.</summary>
    private static void Mirror16(ref short slots, int w)
    {
        slots = Unsafe.Add(ref slots, 2);
        Unsafe.Add(ref slots, w + 1) = Unsafe.Add(ref slots, w);
        Unsafe.Add(ref slots, w + 2) = Unsafe.Add(ref slots, w - 1);
    }

    // Inlined as the two width-specific kernels were, so the coefficient vectors stay in registers across rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal<TLanes, TShort, TInt>(ref short tl, ref short th, int outWidth, AdmBands<short> dst, int offset, bool detail)
        where TLanes : struct, IAdmDwt16Lanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        ref short a = ref dst.A[offset];
        ref short v = ref dst.V[offset];
        ref short h = ref dst.H[offset];
        ref short d = ref dst.D[offset];
        var lo01 = TLanes.Pair(AdmDwt.Lo0, AdmDwt.Lo1);
        var lo23 = TLanes.Pair(AdmDwt.Lo2, AdmDwt.Lo3);
        var hi01 = TLanes.Pair(AdmDwt.Hi0, AdmDwt.Hi1);
        var hi23 = TLanes.Pair(AdmDwt.Hi2, AdmDwt.Hi3);
        var round = TLanes.Create(32768);
        int step = TLanes.Count / 2;
        int j = 0;
        for (; j + step <= outWidth; j += step)
        {
            // Output j + k reads slots 2(j+k) .. 2(j+k)+3: two multiply-adds over the pairs starting at 2j and 2j+2.
            var first = TLanes.Load(ref tl, (nuint)(2 * j));
            var second = TLanes.Load(ref tl, (nuint)(2 * j + 2));
            TLanes.StoreNarrow(TLanes.ShiftRightArithmetic(TLanes.Dot(first, lo01, second, lo23, round), 16), ref a, (nuint)j);
            if (!detail)
            {
                continue;
            }

            TLanes.StoreNarrow(TLanes.ShiftRightArithmetic(TLanes.Dot(first, hi01, second, hi23, round), 16), ref v, (nuint)j);
            first = TLanes.Load(ref th, (nuint)(2 * j));
            second = TLanes.Load(ref th, (nuint)(2 * j + 2));
            TLanes.StoreNarrow(TLanes.ShiftRightArithmetic(TLanes.Dot(first, lo01, second, lo23, round), 16), ref h, (nuint)j);
            TLanes.StoreNarrow(TLanes.ShiftRightArithmetic(TLanes.Dot(first, hi01, second, hi23, round), 16), ref d, (nuint)j);
        }

        for (; j < outWidth; j++)
        {
            int s0 = Unsafe.Add(ref tl, 2 * j), s1 = Unsafe.Add(ref tl, 2 * j + 1), s2 = Unsafe.Add(ref tl, 2 * j + 2), s3 = Unsafe.Add(ref tl, 2 * j + 3);
            Unsafe.Add(ref a, j) = (short)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + 32768) >> 16);
            if (!detail)
            {
                continue;
            }

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
