using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The DWT in vectors, bit-exact with <see cref="AdmDwt"/>: AVX2 here, AVX-512 through the same generic loops
/// (<see cref="AdmDwtScale0"/> for scale 0, <see cref="IAdmLanes{TInt, TLong}"/> for scales 1..3).
/// <list type="bullet">
/// <item>Scale 0 keeps libvmaf's 16-bit temporaries, which lets pairs of taps go through one multiply-add of
/// 16-bit lanes. Vertically, interleaving two rows and packing the sums back cancel each other's lane order;
/// horizontally, output j is (t[2j-1], t[2j]) and (t[2j+1], t[2j+2]) against two coefficient pairs. The row of
/// temporaries is stored one slot to the right with the mirrored columns around it. Samples must fit 15 bits
/// (the multiply-add is signed); the sums are then exact in 32 bits.</item>
/// <item>Scales 1..3 need 64-bit sums: reading a row as 64-bit lanes puts its even columns in the low halves
/// and its odd columns in the high halves, which the 32x32->64 multiply reads separately, so the vertical
/// pass comes out split into even and odd columns and output j of the horizontal pass reads odd[j-1],
/// even[j], odd[j], even[j+1]: four contiguous loads.</item>
/// </list>
/// </summary>
internal static class AdmDwtSimd
{
    /// <summary>Whether <see cref="Scale0"/> can run for samples of <paramref name="bitDepth"/> bits.</summary>
    public static bool Scale0Handles(int bitDepth) => Avx2.IsSupported && bitDepth <= 15;

    /// <summary>Length of each scale-0 scratch row (the temporaries plus three mirrored slots).</summary>
    public static int Scale0ScratchLength(int width) => width + 3;

    /// <summary>Length of each even/odd scratch row of scales 1..3 for an input row of <paramref name="width"/> samples.</summary>
    public static int ScratchLength(int width) => (width + 1) / 2 + 2;

    public static void Scale0<T>(
        ReadOnlySpan<T> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols, Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst,
        int detailFrom = 0, int detailTo = int.MaxValue)
        where T : unmanaged
    {
        if (!Scale0Handles(bitDepth))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "the vector scale-0 DWT takes samples of at most 15 bits");
        }

        int w = cols.InputLength;
        if (tmpLo.Length < Scale0ScratchLength(w) || tmpHi.Length < Scale0ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(tmpLo));
        }

        AdmDwtScale0.Run<Avx2Lanes, Vector256<short>, Vector256<int>, T>(src, srcStride, bitDepth, rows, cols, tmpLo, tmpHi, dst, detailFrom, detailTo);
    }

    /// <summary>The scale-0 lane operations on 256-bit vectors (AVX2).</summary>
    internal readonly struct Avx2Lanes : IAdmDwt16Lanes<Vector256<short>, Vector256<int>>
    {
        public static int Count => Vector256<short>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load(ref short source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> LoadSamples<T>(ref T source, nuint offset)
            where T : unmanaged => SampleVectors.Load256(ref source, offset).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Pair(int first, int second) =>
            Vector256.Create((int)((ushort)(short)first | ((uint)(ushort)(short)second << 16))).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Create(int value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> UnpackLow(Vector256<short> a, Vector256<short> b) => Avx2.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> UnpackHigh(Vector256<short> a, Vector256<short> b) => Avx2.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Dot(Vector256<short> a01, Vector256<short> c01, Vector256<short> a23, Vector256<short> c23, Vector256<int> add) =>
            Avx2.MultiplyAddAdjacent(a01, c01) + Avx2.MultiplyAddAdjacent(a23, c23) + add;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ShiftRightArithmetic(Vector256<int> x, int count) => x >> count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StorePacked(Vector256<int> low, Vector256<int> high, ref short destination, nuint offset) =>
            Avx2.PackSignedSaturate(low, high).StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector256<int> x, ref short destination, nuint offset) =>
            Narrowing.ToInt16(x).StoreUnsafe(ref destination, offset);
    }

    /// <summary>
    /// Fills the slots around the even/odd split of a row with libvmaf's mirrored columns: column -1 reads
    /// column 1, column w reads w-1 and w+1 reads w-2.
    /// </summary>
    private static void Mirror(ref int even, ref int odd, int w)
    {
        // Slot s holds index s-1: odd slot 0 is column -1.
        Unsafe.Add(ref odd, 0) = Unsafe.Add(ref odd, 1);
        int m = w / 2;
        if ((w & 1) == 0)
        {
            // Column w (even index m) mirrors to w-1 (odd index m-1).
            Unsafe.Add(ref even, m + 1) = Unsafe.Add(ref odd, m);
        }
        else
        {
            // Column w (odd index m) mirrors to w-1 (even index m); w+1 (even index m+1) to w-2 (odd index m-1).
            Unsafe.Add(ref odd, m + 1) = Unsafe.Add(ref even, m + 1);
            Unsafe.Add(ref even, m + 2) = Unsafe.Add(ref odd, m);
        }
    }

    /// <summary>Whether <see cref="Scale123"/> can run: it needs AVX2's 32x32->64 multiplies.</summary>
    public static bool Scale123IsSupported => Avx2.IsSupported;

    /// <summary>
    /// <see cref="AdmDwt.Scale123"/> with 64-bit sums on even and odd 32-bit lanes. Reading a row as 64-bit lanes
    /// puts its even columns in the low halves and its odd columns in the high halves, so the vertical pass
    /// comes out split into even and odd columns as in <see cref="Scale0"/>. In place on the A band like the
    /// scalar kernel. Written once over the width (<see cref="IAdmLanes{TInt, TLong}"/>), AVX-512 where the CPU has it.
    /// </summary>
    public static void Scale123(
        int[] src, int scale, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd, AdmBands<int> dst)
    {
        CheckScratch(cols.InputLength, loEven, loOdd, hiEven, hiOdd);
        if (AdmAvx512Lanes.IsSupported)
        {
            Scale123<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(src, scale, rows, cols, loEven, loOdd, hiEven, hiOdd, dst);
        }
        else
        {
            Scale123<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(src, scale, rows, cols, loEven, loOdd, hiEven, hiOdd, dst);
        }
    }

    private static void CheckScratch(int w, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd)
    {
        if (loEven.Length < ScratchLength(w) || loOdd.Length < ScratchLength(w) || hiEven.Length < ScratchLength(w) || hiOdd.Length < ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(loEven));
        }
    }

    private static void Scale123<TLanes, TInt, TLong>(
        int[] src, int scale, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd, AdmBands<int> dst)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        int w = cols.InputLength;
        int half = w / 2;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        int pairs = TLanes.Count / 2;

        var (roundVp, shiftVp) = AdmDwt.VerticalShift(scale);
        var vertical = new Taps64<TLanes, TInt, TLong>(roundVp, shiftVp);
        var (roundHp, shiftHp) = AdmDwt.HorizontalShift(scale);
        var horizontal = new Taps64<TLanes, TInt, TLong>(roundHp, shiftHp);
        ref int source = ref MemoryMarshal.GetArrayDataReference(src);
        ref int le = ref MemoryMarshal.GetReference(loEven);
        ref int lo = ref MemoryMarshal.GetReference(loOdd);
        ref int he = ref MemoryMarshal.GetReference(hiEven);
        ref int ho = ref MemoryMarshal.GetReference(hiOdd);

        for (int i = 0; i < rows.OutputLength; i++)
        {
            ref int r0 = ref Unsafe.Add(ref source, rowIndex[4 * i] * stride);
            ref int r1 = ref Unsafe.Add(ref source, rowIndex[4 * i + 1] * stride);
            ref int r2 = ref Unsafe.Add(ref source, rowIndex[4 * i + 2] * stride);
            ref int r3 = ref Unsafe.Add(ref source, rowIndex[4 * i + 3] * stride);

            int k = 0;
            for (; k + pairs <= half; k += pairs)
            {
                // One vector of column pairs from each row.
                nuint c = (nuint)(2 * k);
                var s0 = TLanes.Load(ref r0, c);
                var s1 = TLanes.Load(ref r1, c);
                var s2 = TLanes.Load(ref r2, c);
                var s3 = TLanes.Load(ref r3, c);
                vertical.Filter(s0, s1, s2, s3, out var lowEven, out var highEven);
                vertical.Filter(TLanes.OddLanes(s0), TLanes.OddLanes(s1), TLanes.OddLanes(s2), TLanes.OddLanes(s3), out var lowOdd, out var highOdd);
                TLanes.StoreLowHalves(lowEven, ref le, (nuint)(k + 1));
                TLanes.StoreLowHalves(highEven, ref he, (nuint)(k + 1));
                TLanes.StoreLowHalves(lowOdd, ref lo, (nuint)(k + 1));
                TLanes.StoreLowHalves(highOdd, ref ho, (nuint)(k + 1));
            }

            for (int j = 2 * k; j < w; j++)
            {
                long s0 = Unsafe.Add(ref r0, j), s1 = Unsafe.Add(ref r1, j), s2 = Unsafe.Add(ref r2, j), s3 = Unsafe.Add(ref r3, j);
                int l = (int)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + roundVp) >> shiftVp);
                int hh = (int)((AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3 + roundVp) >> shiftVp);
                int slot = (j >> 1) + 1;
                if ((j & 1) == 0)
                {
                    Unsafe.Add(ref le, slot) = l;
                    Unsafe.Add(ref he, slot) = hh;
                }
                else
                {
                    Unsafe.Add(ref lo, slot) = l;
                    Unsafe.Add(ref ho, slot) = hh;
                }
            }

            Mirror(ref le, ref lo, w);
            Mirror(ref he, ref ho, w);
            Horizontal123(horizontal, ref le, ref lo, ref he, ref ho, cols.OutputLength, scale, dst, i * stride);
        }
    }

    /// <summary>
    /// Scale 1 straight from scale 0's 16-bit approximation band, so nothing is widened first. Its vertical pass
    /// has no shift and 16-bit inputs, so its sums fit 32 bits (at most 54822 * 2^15 &lt; 2^31) and 32-bit lanes
    /// give the same numbers as the scalar kernel's 64-bit ones. The horizontal pass is
    /// <see cref="Scale123"/>'s.
    /// </summary>
    public static void Scale1From16(
        short[] src, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd, AdmBands<int> dst)
    {
        CheckScratch(cols.InputLength, loEven, loOdd, hiEven, hiOdd);
        if (AdmAvx512Lanes.IsSupported)
        {
            Scale1From16<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(src, rows, cols, loEven, loOdd, hiEven, hiOdd, dst);
        }
        else
        {
            Scale1From16<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(src, rows, cols, loEven, loOdd, hiEven, hiOdd, dst);
        }
    }

    private static void Scale1From16<TLanes, TInt, TLong>(
        short[] src, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd, AdmBands<int> dst)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        int w = cols.InputLength;
        int half = w / 2;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        var (roundHp, shiftHp) = AdmDwt.HorizontalShift(1);
        var horizontal = new Taps64<TLanes, TInt, TLong>(roundHp, shiftHp);

        ref short source = ref MemoryMarshal.GetArrayDataReference(src);
        ref int le = ref MemoryMarshal.GetReference(loEven);
        ref int lo = ref MemoryMarshal.GetReference(loOdd);
        ref int he = ref MemoryMarshal.GetReference(hiEven);
        ref int ho = ref MemoryMarshal.GetReference(hiOdd);
        for (int i = 0; i < rows.OutputLength; i++)
        {
            nuint r0 = (nuint)(rowIndex[4 * i] * stride);
            nuint r1 = (nuint)(rowIndex[4 * i + 1] * stride);
            nuint r2 = (nuint)(rowIndex[4 * i + 2] * stride);
            nuint r3 = (nuint)(rowIndex[4 * i + 3] * stride);
            int k = 0;
            for (; k + TLanes.Count <= half; k += TLanes.Count)
            {
                nuint c = (nuint)(2 * k);
                var p0 = TLanes.Load(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r0 + c)), 0);
                var p1 = TLanes.Load(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r1 + c)), 0);
                var p2 = TLanes.Load(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r2 + c)), 0);
                var p3 = TLanes.Load(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r3 + c)), 0);

                // Even columns are the sign-extended low halves of each pair, odd ones the high halves.
                Vertical1<TLanes, TInt, TLong>(LowHalf<TLanes, TInt, TLong>(p0), LowHalf<TLanes, TInt, TLong>(p1), LowHalf<TLanes, TInt, TLong>(p2), LowHalf<TLanes, TInt, TLong>(p3), ref le, ref he, k + 1);
                Vertical1<TLanes, TInt, TLong>(TLanes.ShiftRightArithmetic(p0, 16), TLanes.ShiftRightArithmetic(p1, 16), TLanes.ShiftRightArithmetic(p2, 16), TLanes.ShiftRightArithmetic(p3, 16), ref lo, ref ho, k + 1);
            }

            for (int j = 2 * k; j < w; j++)
            {
                int s0 = Unsafe.Add(ref source, r0 + (nuint)j), s1 = Unsafe.Add(ref source, r1 + (nuint)j);
                int s2 = Unsafe.Add(ref source, r2 + (nuint)j), s3 = Unsafe.Add(ref source, r3 + (nuint)j);
                int slot = (j >> 1) + 1;
                ref int loSlot = ref (j & 1) == 0 ? ref Unsafe.Add(ref le, slot) : ref Unsafe.Add(ref lo, slot);
                ref int hiSlot = ref (j & 1) == 0 ? ref Unsafe.Add(ref he, slot) : ref Unsafe.Add(ref ho, slot);
                loSlot = AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3;
                hiSlot = AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3;
            }

            Mirror(ref le, ref lo, w);
            Mirror(ref he, ref ho, w);
            Horizontal123(horizontal, ref le, ref lo, ref he, ref ho, cols.OutputLength, 1, dst, i * stride);
        }
    }

    /// <summary>The low 16 bits of each 32-bit lane, sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt LowHalf<TLanes, TInt, TLong>(TInt x)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct => TLanes.ShiftRightArithmetic(TLanes.ShiftLeft(x, 16), 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Vertical1<TLanes, TInt, TLong>(TInt s0, TInt s1, TInt s2, TInt s3, ref int loDst, ref int hiDst, int slot)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        TLanes.Store(Dot<TLanes, TInt, TLong>(s0, s1, s2, s3, AdmDwt.Lo0, AdmDwt.Lo1, AdmDwt.Lo2, AdmDwt.Lo3), ref loDst, (nuint)slot);
        TLanes.Store(Dot<TLanes, TInt, TLong>(s0, s1, s2, s3, AdmDwt.Hi0, AdmDwt.Hi1, AdmDwt.Hi2, AdmDwt.Hi3), ref hiDst, (nuint)slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt Dot<TLanes, TInt, TLong>(TInt s0, TInt s1, TInt s2, TInt s3, int c0, int c1, int c2, int c3)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct =>
        TLanes.Add(
            TLanes.Add(TLanes.Multiply(s0, TLanes.Create(c0)), TLanes.Multiply(s1, TLanes.Create(c1))),
            TLanes.Add(TLanes.Multiply(s2, TLanes.Create(c2)), TLanes.Multiply(s3, TLanes.Create(c3))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal123<TLanes, TInt, TLong>(
        Taps64<TLanes, TInt, TLong> taps, ref int le, ref int lo, ref int he, ref int ho, int outWidth, int scale, AdmBands<int> dst, int offset)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        var (round, shift) = AdmDwt.HorizontalShift(scale);
        ref int a = ref dst.A[offset];
        ref int v = ref dst.V[offset];
        ref int h = ref dst.H[offset];
        ref int d = ref dst.D[offset];
        int j = 0;
        for (; j + TLanes.Count <= outWidth; j += TLanes.Count)
        {
            // Output j reads odd[j-1], even[j], odd[j], even[j+1], i.e. slots j, j+1, j+1, j+2.
            taps.Horizontal(ref le, ref lo, j, out var low, out var high);
            TLanes.Store(low, ref a, (nuint)j);
            TLanes.Store(high, ref v, (nuint)j);
            taps.Horizontal(ref he, ref ho, j, out low, out high);
            TLanes.Store(low, ref h, (nuint)j);
            TLanes.Store(high, ref d, (nuint)j);
        }

        for (; j < outWidth; j++)
        {
            long s0 = Unsafe.Add(ref lo, j), s1 = Unsafe.Add(ref le, j + 1), s2 = Unsafe.Add(ref lo, j + 1), s3 = Unsafe.Add(ref le, j + 2);
            Unsafe.Add(ref a, j) = (int)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + round) >> shift);
            Unsafe.Add(ref v, j) = (int)((AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3 + round) >> shift);
            s0 = Unsafe.Add(ref ho, j);
            s1 = Unsafe.Add(ref he, j + 1);
            s2 = Unsafe.Add(ref ho, j + 1);
            s3 = Unsafe.Add(ref he, j + 2);
            Unsafe.Add(ref h, j) = (int)((AdmDwt.Lo0 * s0 + AdmDwt.Lo1 * s1 + AdmDwt.Lo2 * s2 + AdmDwt.Lo3 * s3 + round) >> shift);
            Unsafe.Add(ref d, j) = (int)((AdmDwt.Hi0 * s0 + AdmDwt.Hi1 * s1 + AdmDwt.Hi2 * s2 + AdmDwt.Hi3 * s3 + round) >> shift);
        }
    }

    /// <summary>The db2 filter pair on 32-bit lanes with 64-bit sums, rounded and shifted as one DWT pass.</summary>
    private readonly struct Taps64<TLanes, TInt, TLong>(long round, int shift)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        private readonly TLong _round = TLanes.CreateLong(round);

        /// <summary>Low- and high-pass of the even 32-bit lanes of four taps, as 64-bit lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Filter(TInt s0, TInt s1, TInt s2, TInt s3, out TLong low, out TLong high)
        {
            low = TLanes.Add(
                TLanes.Add(TLanes.MultiplyEvenSigned(s0, TLanes.Create(AdmDwt.Lo0)), TLanes.MultiplyEvenSigned(s1, TLanes.Create(AdmDwt.Lo1))),
                TLanes.Add(TLanes.Add(TLanes.MultiplyEvenSigned(s2, TLanes.Create(AdmDwt.Lo2)), TLanes.MultiplyEvenSigned(s3, TLanes.Create(AdmDwt.Lo3))), _round));
            high = TLanes.Add(
                TLanes.Add(TLanes.MultiplyEvenSigned(s0, TLanes.Create(AdmDwt.Hi0)), TLanes.MultiplyEvenSigned(s1, TLanes.Create(AdmDwt.Hi1))),
                TLanes.Add(TLanes.Add(TLanes.MultiplyEvenSigned(s2, TLanes.Create(AdmDwt.Hi2)), TLanes.MultiplyEvenSigned(s3, TLanes.Create(AdmDwt.Hi3))), _round));
            if (shift != 0)
            {
                low = TLanes.ShiftRightArithmetic(low, shift);
                high = TLanes.ShiftRightArithmetic(high, shift);
            }
        }

        /// <summary>One vector of outputs of the horizontal pass from an even/odd split row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Horizontal(ref int even, ref int odd, int j, out TInt low, out TInt high)
        {
            var s0 = TLanes.Load(ref odd, (nuint)j);
            var s1 = TLanes.Load(ref even, (nuint)(j + 1));
            var s2 = TLanes.Load(ref odd, (nuint)(j + 1));
            var s3 = TLanes.Load(ref even, (nuint)(j + 2));
            Filter(s0, s1, s2, s3, out var lowEven, out var highEven);
            Filter(TLanes.OddLanes(s0), TLanes.OddLanes(s1), TLanes.OddLanes(s2), TLanes.OddLanes(s3), out var lowOdd, out var highOdd);
            low = TLanes.Interleave(lowEven, lowOdd);
            high = TLanes.Interleave(highEven, highOdd);
        }
    }
}
