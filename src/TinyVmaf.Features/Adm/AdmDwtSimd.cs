using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// The DWT in AVX2, bit-exact with <see cref="AdmDwt"/>.
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

    public static void Scale0(
        ReadOnlySpan<ushort> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols, Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst)
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

        AdmDwtScale0.Run<Avx2Lanes, Vector256<short>, Vector256<int>>(src, srcStride, bitDepth, rows, cols, tmpLo, tmpHi, dst);
    }

    /// <summary>The scale-0 lane operations on 256-bit vectors (AVX2).</summary>
    internal readonly struct Avx2Lanes : IAdmDwt16Lanes<Vector256<short>, Vector256<int>>
    {
        public static int Count => Vector256<short>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load(ref short source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

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
            Narrow(x).StoreUnsafe(ref destination, offset);
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
    /// scalar kernel.
    /// </summary>
    public static void Scale123(
        int[] src, int scale, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> loEven, Span<int> loOdd, Span<int> hiEven, Span<int> hiOdd, AdmBands<int> dst)
    {
        int w = cols.InputLength;
        int half = w / 2;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        if (loEven.Length < ScratchLength(w) || loOdd.Length < ScratchLength(w) || hiEven.Length < ScratchLength(w) || hiOdd.Length < ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(loEven));
        }

        var (roundVp, shiftVp) = AdmDwt.VerticalShift(scale);
        var vertical = new Taps64(roundVp, shiftVp);
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
            for (; k + 8 <= half; k += 8)
            {
                // Sixteen columns: two vectors of four column pairs from each row.
                for (int part = 0; part < 2; part++)
                {
                    nuint c = (nuint)(2 * k + 8 * part);
                    var s0 = Vector256.LoadUnsafe(ref r0, c);
                    var s1 = Vector256.LoadUnsafe(ref r1, c);
                    var s2 = Vector256.LoadUnsafe(ref r2, c);
                    var s3 = Vector256.LoadUnsafe(ref r3, c);
                    vertical.Filter(s0, s1, s2, s3, out var lowEven, out var highEven);
                    vertical.Filter(OddLanes(s0), OddLanes(s1), OddLanes(s2), OddLanes(s3), out var lowOdd, out var highOdd);
                    StoreHalf(lowEven, ref le, k + 1 + 4 * part);
                    StoreHalf(highEven, ref he, k + 1 + 4 * part);
                    StoreHalf(lowOdd, ref lo, k + 1 + 4 * part);
                    StoreHalf(highOdd, ref ho, k + 1 + 4 * part);
                }
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
            Horizontal123(ref le, ref lo, ref he, ref ho, cols.OutputLength, scale, dst, i * stride);
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
        int w = cols.InputLength;
        int half = w / 2;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        if (loEven.Length < ScratchLength(w) || loOdd.Length < ScratchLength(w) || hiEven.Length < ScratchLength(w) || hiOdd.Length < ScratchLength(w))
        {
            throw new ArgumentException("scratch rows are too short", nameof(loEven));
        }

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
            for (; k + 8 <= half; k += 8)
            {
                nuint c = (nuint)(2 * k);
                var p0 = Vector256.LoadUnsafe(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r0 + c)));
                var p1 = Vector256.LoadUnsafe(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r1 + c)));
                var p2 = Vector256.LoadUnsafe(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r2 + c)));
                var p3 = Vector256.LoadUnsafe(ref Unsafe.As<short, int>(ref Unsafe.Add(ref source, r3 + c)));

                // Even columns are the sign-extended low halves of each pair, odd ones the high halves.
                Vertical1(ToInt16(p0), ToInt16(p1), ToInt16(p2), ToInt16(p3), ref le, ref he, k + 1);
                Vertical1(p0 >> 16, p1 >> 16, p2 >> 16, p3 >> 16, ref lo, ref ho, k + 1);
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
            Horizontal123(ref le, ref lo, ref he, ref ho, cols.OutputLength, 1, dst, i * stride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Vertical1(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3, ref int loDst, ref int hiDst, int slot)
    {
        (s0 * AdmDwt.Lo0 + s1 * AdmDwt.Lo1 + s2 * AdmDwt.Lo2 + s3 * AdmDwt.Lo3).StoreUnsafe(ref loDst, (nuint)slot);
        (s0 * AdmDwt.Hi0 + s1 * AdmDwt.Hi1 + s2 * AdmDwt.Hi2 + s3 * AdmDwt.Hi3).StoreUnsafe(ref hiDst, (nuint)slot);
    }

    /// <summary>The low halves of four 64-bit lanes, stored as four 32-bit values at slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalf(Vector256<long> x, ref int dst, int slot) =>
        Vector256.Narrow(x, x).GetLower().StoreUnsafe(ref dst, (nuint)slot);

    private static void Horizontal123(ref int le, ref int lo, ref int he, ref int ho, int outWidth, int scale, AdmBands<int> dst, int offset)
    {
        var (round, shift) = AdmDwt.HorizontalShift(scale);
        var taps = new Taps64(round, shift);
        ref int a = ref dst.A[offset];
        ref int v = ref dst.V[offset];
        ref int h = ref dst.H[offset];
        ref int d = ref dst.D[offset];
        int j = 0;
        for (; j + 8 <= outWidth; j += 8)
        {
            // Output j reads odd[j-1], even[j], odd[j], even[j+1], i.e. slots j, j+1, j+1, j+2.
            taps.Horizontal(ref le, ref lo, j, out var low, out var high);
            low.StoreUnsafe(ref a, (nuint)j);
            high.StoreUnsafe(ref v, (nuint)j);
            taps.Horizontal(ref he, ref ho, j, out low, out high);
            low.StoreUnsafe(ref h, (nuint)j);
            high.StoreUnsafe(ref d, (nuint)j);
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
    private readonly struct Taps64(long round, int shift)
    {
        private readonly Vector256<long> _round = Vector256.Create(round);

        /// <summary>Low- and high-pass of the even 32-bit lanes of four taps, as 64-bit lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Filter(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3, out Vector256<long> low, out Vector256<long> high)
        {
            low = Avx2.Multiply(s0, Vector256.Create(AdmDwt.Lo0)) + Avx2.Multiply(s1, Vector256.Create(AdmDwt.Lo1))
                + Avx2.Multiply(s2, Vector256.Create(AdmDwt.Lo2)) + Avx2.Multiply(s3, Vector256.Create(AdmDwt.Lo3)) + _round;
            high = Avx2.Multiply(s0, Vector256.Create(AdmDwt.Hi0)) + Avx2.Multiply(s1, Vector256.Create(AdmDwt.Hi1))
                + Avx2.Multiply(s2, Vector256.Create(AdmDwt.Hi2)) + Avx2.Multiply(s3, Vector256.Create(AdmDwt.Hi3)) + _round;
            if (shift != 0)
            {
                low = ShiftRightArithmetic(low, shift);
                high = ShiftRightArithmetic(high, shift);
            }
        }

        /// <summary>Eight outputs of the horizontal pass from an even/odd split row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Horizontal(ref int even, ref int odd, int j, out Vector256<int> low, out Vector256<int> high)
        {
            var s0 = Vector256.LoadUnsafe(ref odd, (nuint)j);
            var s1 = Vector256.LoadUnsafe(ref even, (nuint)(j + 1));
            var s2 = Vector256.LoadUnsafe(ref odd, (nuint)(j + 1));
            var s3 = Vector256.LoadUnsafe(ref even, (nuint)(j + 2));
            Filter(s0, s1, s2, s3, out var lowEven, out var highEven);
            Filter(OddLanes(s0), OddLanes(s1), OddLanes(s2), OddLanes(s3), out var lowOdd, out var highOdd);
            low = Interleave(lowEven, lowOdd);
            high = Interleave(highEven, highOdd);
        }
    }
}
