using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmCsf.Apply0"/> (<see cref="AdmCsf.Apply123"/>) followed by <see cref="AdmContrastMasking"/>, fused
/// and in vectors, bit-exact with the two, written once over the width (<see cref="IAdmLanes{TInt, TLong}"/>):
/// AVX-512 where the CPU has it, else AVX2. Changes of form, none of value:
/// <list type="bullet">
/// <item>The masking band's CSF is never stored: for each band row the kernel sums, over orientations, the CSF's
/// 1/30 copy (T) and its 1/15 centre weight (U), and keeps them for the three rows a masked row reads
/// (<see cref="AdmMaskingScratch"/>). Each is narrowed to 16 bits (scale 0) where libvmaf stores it so.</item>
/// <item>The 3x3 threshold is split: S(j) = T(up, j) + T(row, j) + T(down, j) and C(j) = U(row, j) - T(row, j)
/// (the 1/15 centre replacing the 1/30 one); then thr(j) = S(j-1) + S(j) + S(j+1) + C(j). S is stored one slot to
/// the right with the mirrored columns around it. Integer sums wrap the same in any order, so this equals
/// libvmaf's nine-term sums.</item>
/// <item>The 64-bit products run on even and odd 32-bit lanes with 32x32→64 multiplies; AVX2 has no
/// arithmetic 64-bit shift, so there it is taken as a logical shift of the value with its sign bit flipped,
/// less the shifted flip.</item>
/// </list>
/// Row sums are reduced to one number per row before the per-row shift, as in the scalar code.
/// </summary>
internal static class AdmContrastMaskingSimd
{
    public static bool IsSupported => System.Runtime.Intrinsics.X86.Avx2.IsSupported;

    /// <summary>The masking numerator of a whole scale-0 band: <paramref name="src"/> masked by the CSF of <paramref name="masker"/>.</summary>
    public static float Scale0(
        AdmBands<short> src, AdmBands<short> masker, int w, int h, ushort factorHv, ushort factorD, double noiseWeight, AdmMaskingScratch scratch)
    {
        var region = AdmRegion.Scored(w, h);
        scratch.Reset();
        var sums = Sums0(src, masker, w, h, factorHv, factorD, region.Top, region.Bottom, scratch);
        return AdmContrastMasking.Finish0(sums, w, h, noiseWeight);
    }

    /// <summary>
    /// <see cref="AdmContrastMasking.Sums0"/> of the scored rows [<paramref name="fromRow"/>, <paramref name="toRow"/>),
    /// with the CSF of <paramref name="masker"/> taken here; <paramref name="masker"/> must be final on those rows
    /// and their neighbours, and <paramref name="scratch"/> reset when it changes.
    /// </summary>
    public static AdmMaskingSums Sums0(
        AdmBands<short> src, AdmBands<short> masker, int w, int h, ushort factorHv, ushort factorD, int fromRow, int toRow, AdmMaskingScratch scratch)
    {
        var region = AdmRegion.Scored(w, h);
        scratch.Check(w);

        var (shiftHvCub, shiftDCub, shiftInner) = AdmContrastMasking.Shifts0(w, h);
        long roundHvCub = (uint)Math.Pow(2, shiftHvCub - 1);
        long roundDCub = (uint)Math.Pow(2, shiftDCub - 1);
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        var hv = new Cube(29, 1 << 28, (int)shiftHvCub, roundHvCub);
        var dd = new Cube(30, 1 << 29, (int)shiftDCub, roundDCub);
        var rows = new Rows0(src, masker, region, factorHv, factorD, hv, dd);
        return AdmAvx512Lanes.IsSupported
            ? Masked<Rows0, AdmAvx512Lanes, Vector512<int>, Vector512<long>>(rows, scratch, region, w, h, (int)shiftInner, roundInner, fromRow, toRow)
            : Masked<Rows0, AdmAvx2Lanes, Vector256<int>, Vector256<long>>(rows, scratch, region, w, h, (int)shiftInner, roundInner, fromRow, toRow);
    }

    /// <summary>False when a Q32 factor does not fit a signed 32-bit lane (never for the Watson CSF).</summary>
    public static bool Handles(uint factorHv, uint factorD) => factorHv <= int.MaxValue && factorD <= int.MaxValue;

    /// <summary>The masking numerator of a whole band of scales 1..3.</summary>
    public static float Scale123(
        AdmBands<int> src, AdmBands<int> masker, int scale, int w, int h, uint factorHv, uint factorD, double noiseWeight, AdmMaskingScratch scratch)
    {
        var region = AdmRegion.Scored(w, h);
        scratch.Reset();
        var sums = Sums123(src, masker, w, h, factorHv, factorD, region.Top, region.Bottom, scratch);
        return AdmContrastMasking.Finish123(sums, scale, w, h, noiseWeight);
    }

    /// <summary><see cref="Sums0"/> for 32-bit bands with Q32 factors.</summary>
    public static AdmMaskingSums Sums123(
        AdmBands<int> src, AdmBands<int> masker, int w, int h, uint factorHv, uint factorD, int fromRow, int toRow, AdmMaskingScratch scratch)
    {
        if (!Handles(factorHv, factorD))
        {
            throw new ArgumentOutOfRangeException(nameof(factorHv), "CSF factors must fit a signed 32-bit lane");
        }

        var region = AdmRegion.Scored(w, h);
        scratch.Check(w);

        uint shiftCub = (uint)Math.Ceiling(Math.Log2(w));
        long roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        var rows = new Rows123(src, masker, region, (int)factorHv, (int)factorD, new Cube(30, 1 << 29, (int)shiftCub, roundCub));
        return AdmAvx512Lanes.IsSupported
            ? Masked<Rows123, AdmAvx512Lanes, Vector512<int>, Vector512<long>>(rows, scratch, region, w, h, (int)shiftInner, roundInner, fromRow, toRow)
            : Masked<Rows123, AdmAvx2Lanes, Vector256<int>, Vector256<long>>(rows, scratch, region, w, h, (int)shiftInner, roundInner, fromRow, toRow);
    }

    /// <summary>
    /// S and C of masked row i from the cached T and U of rows up, i and down, over columns [from, to): S at slot
    /// j+1, C at j, then the mirrored columns of S.
    /// </summary>
    private static void Combine<TLanes, TInt, TLong>(AdmMaskingScratch scratch, int up, int row, int down, int from, int to, AdmRegion region, int w)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        ref int tUp = ref scratch.Flt(up);
        ref int tRow = ref scratch.Flt(row);
        ref int tDown = ref scratch.Flt(down);
        ref int uRow = ref scratch.Centre(row);
        ref int s = ref scratch.S;
        ref int c = ref scratch.C;
        int j = from;
        for (; j + TLanes.Count <= to; j += TLanes.Count)
        {
            var t = TLanes.Load(ref tRow, (nuint)j);
            TLanes.Store(TLanes.Add(TLanes.Add(TLanes.Load(ref tUp, (nuint)j), t), TLanes.Load(ref tDown, (nuint)j)), ref s, (nuint)(j + 1));
            TLanes.Store(TLanes.Subtract(TLanes.Load(ref uRow, (nuint)j), t), ref c, (nuint)j);
        }

        for (; j < to; j++)
        {
            int t = Unsafe.Add(ref tRow, j);
            Unsafe.Add(ref s, j + 1) = Unsafe.Add(ref tUp, j) + t + Unsafe.Add(ref tDown, j);
            Unsafe.Add(ref c, j) = Unsafe.Add(ref uRow, j) - t;
        }

        // Column -1 reads column 1 and column w reads w-1, in S's shifted slots.
        if (region.Left == 0)
        {
            s = Unsafe.Add(ref s, 2);
        }

        if (region.Right == w)
        {
            Unsafe.Add(ref s, w + 1) = Unsafe.Add(ref s, w);
        }
    }

    /// <summary>What differs between the scales' masking: the band type, the CSF of a masker row, the cube terms of a masked row.</summary>
    private interface IMaskedRows
    {
        /// <summary>T and U of masker row <paramref name="r"/> for columns [<paramref name="from"/>, <paramref name="to"/>), into the scratch.</summary>
        void RowCsf<TLanes, TInt, TLong>(AdmMaskingScratch scratch, int r, int from, int to)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct;

        /// <summary>The h, v and d cube sums of masked row <paramref name="i"/> against the thresholds from S and C, before the per-row shift.</summary>
        (long H, long V, long D) RowSums<TLanes, TInt, TLong>(int i, ref int s, ref int c)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct;
    }

    /// <summary>
    /// The masking sums of the scored rows [<paramref name="fromRow"/>, <paramref name="toRow"/>): each row's CSF
    /// taken once for the three masked rows that read it, S and C combined, and the row's sums shifted and added.
    /// </summary>
    private static AdmMaskingSums Masked<TRows, TLanes, TInt, TLong>(
        TRows rows, AdmMaskingScratch scratch, AdmRegion region, int w, int h, int shiftInner, long roundInner, int fromRow, int toRow)
        where TRows : struct, IMaskedRows
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        ref int s = ref scratch.S;
        ref int c = ref scratch.C;
        int from = Math.Max(region.Left - 1, 0), to = Math.Min(region.Right + 1, w);
        long accumH = 0, accumV = 0, accumD = 0;
        for (int i = fromRow; i < toRow; i++)
        {
            int up = i == 0 ? 1 : i - 1;
            int down = i == h - 1 ? h - 1 : i + 1;
            foreach (int r in (ReadOnlySpan<int>)[up, i, down])
            {
                if (scratch.Begin(r))
                {
                    rows.RowCsf<TLanes, TInt, TLong>(scratch, r, from, to);
                }
            }

            Combine<TLanes, TInt, TLong>(scratch, up, i, down, from, to, region, w);
            var (sumH, sumV, sumD) = rows.RowSums<TLanes, TInt, TLong>(i, ref s, ref c);
            accumH += (sumH + roundInner) >> shiftInner;
            accumV += (sumV + roundInner) >> shiftInner;
            accumD += (sumD + roundInner) >> shiftInner;
        }

        return new AdmMaskingSums(accumH, accumV, accumD);
    }

    /// <summary>Scale 0's masking sums over the scored rows: 16-bit bands, Q21/Q23 factors.</summary>
    private readonly struct Rows0(
        AdmBands<short> src, AdmBands<short> masker, AdmRegion region, ushort factorHv, ushort factorD, Cube hv, Cube dd) : IMaskedRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (long H, long V, long D) RowSums<TLanes, TInt, TLong>(int i, ref int s, ref int c)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int row = i * src.Stride;
            ref short srcH = ref src.H[row];
            ref short srcV = ref src.V[row];
            ref short srcD = ref src.D[row];
            var factorHvV = TLanes.Create(factorHv);
            var factorDV = TLanes.Create(factorD);
            var innerH = TLanes.CreateLong(0);
            var innerV = innerH;
            var innerD = innerH;
            int j = region.Left;
            for (; j + TLanes.Count <= region.Right; j += TLanes.Count)
            {
                var thr = Threshold<TLanes, TInt, TLong>(ref s, ref c, j);
                var thrHv = TLanes.ShiftLeft(thr, 10);
                var thrD = TLanes.ShiftLeft(thr, 12);
                innerH = TLanes.Add(innerH, hv.Sum<TLanes, TInt, TLong>(TLanes.Multiply(TLanes.LoadWidened(ref srcH, (nuint)j), factorHvV), thrHv));
                innerV = TLanes.Add(innerV, hv.Sum<TLanes, TInt, TLong>(TLanes.Multiply(TLanes.LoadWidened(ref srcV, (nuint)j), factorHvV), thrHv));
                innerD = TLanes.Add(innerD, dd.Sum<TLanes, TInt, TLong>(TLanes.Multiply(TLanes.LoadWidened(ref srcD, (nuint)j), factorDV), thrD));
            }

            long tailH = 0, tailV = 0, tailD = 0;
            for (; j < region.Right; j++)
            {
                int thr = Unsafe.Add(ref s, j) + Unsafe.Add(ref s, j + 1) + Unsafe.Add(ref s, j + 2) + Unsafe.Add(ref c, j);
                tailH += hv.One(Unsafe.Add(ref srcH, j) * factorHv, thr << 10);
                tailV += hv.One(Unsafe.Add(ref srcV, j) * factorHv, thr << 10);
                tailD += dd.One(Unsafe.Add(ref srcD, j) * factorD, thr << 12);
            }

            return (TLanes.Sum(innerH) + tailH, TLanes.Sum(innerV) + tailV, TLanes.Sum(innerD) + tailD);
        }

        /// <summary>T and U of masker row r for columns [from, to): the CSF, its 1/30 and 1/15 weights, each narrowed to 16 bits.</summary>
        public void RowCsf<TLanes, TInt, TLong>(AdmMaskingScratch scratch, int r, int from, int to)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int offset = r * masker.Stride;
            ref int t = ref scratch.Flt(r);
            ref int u = ref scratch.Centre(r);
            ref short bandH = ref MemoryMarshal.GetArrayDataReference(masker.H);
            ref short bandV = ref MemoryMarshal.GetArrayDataReference(masker.V);
            ref short bandD = ref MemoryMarshal.GetArrayDataReference(masker.D);
            var hv = TLanes.Create(factorHv);
            var d = TLanes.Create(factorD);
            int j = from;
            for (; j + TLanes.Count <= to; j += TLanes.Count)
            {
                nuint p = (nuint)(offset + j);
                var (t0, u0) = Weights<TLanes, TInt, TLong>(TLanes.LoadWidened(ref bandH, p), hv, 16384, 15);
                var (t1, u1) = Weights<TLanes, TInt, TLong>(TLanes.LoadWidened(ref bandV, p), hv, 16384, 15);
                var (t2, u2) = Weights<TLanes, TInt, TLong>(TLanes.LoadWidened(ref bandD, p), d, 65535, 17);
                TLanes.Store(TLanes.Add(TLanes.Add(t0, t1), t2), ref t, (nuint)j);
                TLanes.Store(TLanes.Add(TLanes.Add(u0, u1), u2), ref u, (nuint)j);
            }

            for (; j < to; j++)
            {
                int p = offset + j;
                var (t0, u0) = Weights(Unsafe.Add(ref bandH, p), factorHv, 16384, 15);
                var (t1, u1) = Weights(Unsafe.Add(ref bandV, p), factorHv, 16384, 15);
                var (t2, u2) = Weights(Unsafe.Add(ref bandD, p), factorD, 65535, 17);
                Unsafe.Add(ref t, j) = t0 + t1 + t2;
                Unsafe.Add(ref u, j) = u0 + u1 + u2;
            }
        }

        /// <summary>
        /// <see cref="AdmCsf.Apply0"/>'s value (Q21/Q23 factor, libvmaf's rounding; the d band rounds with 65535)
        /// narrowed to 16 bits, then its 1/30 and 1/15 weights, each narrowed to 16 bits as libvmaf stores the one
        /// and the masking narrows the other.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (TInt Flt, TInt Centre) Weights<TLanes, TInt, TLong>(TInt band, TInt factor, int round, int shift)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            var value = ToInt16<TLanes, TInt, TLong>(TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(band, factor), TLanes.Create(round)), shift));
            var a = TLanes.Abs(value);
            var flt = ToInt16<TLanes, TInt, TLong>(TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(a, TLanes.Create(4369)), TLanes.Create(2048)), 12));
            var centre = ToInt16<TLanes, TInt, TLong>(TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(a, TLanes.Create(8738)), TLanes.Create(2048)), 12));
            return (flt, centre);
        }

        private static (int Flt, int Centre) Weights(short band, int factor, int round, int shift)
        {
            int a = Math.Abs((int)(short)((factor * band + round) >> shift));
            return ((short)((4369 * a + 2048) >> 12), (short)((8738 * a + 2048) >> 12));
        }
    }

    /// <summary>Scales 1..3's masking sums over the scored rows: 32-bit bands, Q32 factors.</summary>
    private readonly struct Rows123(
        AdmBands<int> src, AdmBands<int> masker, AdmRegion region, int factorHv, int factorD, Cube cube) : IMaskedRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (long H, long V, long D) RowSums<TLanes, TInt, TLong>(int i, ref int s, ref int c)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int row = i * src.Stride;
            ref int srcH = ref src.H[row];
            ref int srcV = ref src.V[row];
            ref int srcD = ref src.D[row];
            var factorHvV = TLanes.Create(factorHv);
            var factorDV = TLanes.Create(factorD);
            var innerH = TLanes.CreateLong(0);
            var innerV = innerH;
            var innerD = innerH;
            int j = region.Left;
            for (; j + TLanes.Count <= region.Right; j += TLanes.Count)
            {
                var thr = Threshold<TLanes, TInt, TLong>(ref s, ref c, j);
                innerH = TLanes.Add(innerH, cube.Sum<TLanes, TInt, TLong>(Weighted<TLanes, TInt, TLong>(TLanes.Load(ref srcH, (nuint)j), factorHvV), thr));
                innerV = TLanes.Add(innerV, cube.Sum<TLanes, TInt, TLong>(Weighted<TLanes, TInt, TLong>(TLanes.Load(ref srcV, (nuint)j), factorHvV), thr));
                innerD = TLanes.Add(innerD, cube.Sum<TLanes, TInt, TLong>(Weighted<TLanes, TInt, TLong>(TLanes.Load(ref srcD, (nuint)j), factorDV), thr));
            }

            long tailH = 0, tailV = 0, tailD = 0;
            for (; j < region.Right; j++)
            {
                int thr = Unsafe.Add(ref s, j) + Unsafe.Add(ref s, j + 1) + Unsafe.Add(ref s, j + 2) + Unsafe.Add(ref c, j);
                tailH += cube.One(Weighted(Unsafe.Add(ref srcH, j), factorHv), thr);
                tailV += cube.One(Weighted(Unsafe.Add(ref srcV, j), factorHv), thr);
                tailD += cube.One(Weighted(Unsafe.Add(ref srcD, j), factorD), thr);
            }

            return (TLanes.Sum(innerH) + tailH, TLanes.Sum(innerV) + tailV, TLanes.Sum(innerD) + tailD);
        }

        /// <summary>T and U of masker row r for columns [from, to): the Q32 CSF, then its 1/30 and 1/15 weights in Q32.</summary>
        public void RowCsf<TLanes, TInt, TLong>(AdmMaskingScratch scratch, int r, int from, int to)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int offset = r * masker.Stride;
            ref int t = ref scratch.Flt(r);
            ref int u = ref scratch.Centre(r);
            ref int bandH = ref MemoryMarshal.GetArrayDataReference(masker.H);
            ref int bandV = ref MemoryMarshal.GetArrayDataReference(masker.V);
            ref int bandD = ref MemoryMarshal.GetArrayDataReference(masker.D);
            var hv = TLanes.Create(factorHv);
            var d = TLanes.Create(factorD);
            int j = from;
            for (; j + TLanes.Count <= to; j += TLanes.Count)
            {
                nuint p = (nuint)(offset + j);
                var (t0, u0) = Weights<TLanes, TInt, TLong>(TLanes.Load(ref bandH, p), hv);
                var (t1, u1) = Weights<TLanes, TInt, TLong>(TLanes.Load(ref bandV, p), hv);
                var (t2, u2) = Weights<TLanes, TInt, TLong>(TLanes.Load(ref bandD, p), d);
                TLanes.Store(TLanes.Add(TLanes.Add(t0, t1), t2), ref t, (nuint)j);
                TLanes.Store(TLanes.Add(TLanes.Add(u0, u1), u2), ref u, (nuint)j);
            }

            for (; j < to; j++)
            {
                int p = offset + j;
                var (t0, u0) = Weights(Unsafe.Add(ref bandH, p), factorHv);
                var (t1, u1) = Weights(Unsafe.Add(ref bandV, p), factorHv);
                var (t2, u2) = Weights(Unsafe.Add(ref bandD, p), factorD);
                Unsafe.Add(ref t, j) = t0 + t1 + t2;
                Unsafe.Add(ref u, j) = u0 + u1 + u2;
            }
        }

        /// <summary>
        /// <see cref="AdmCsf.Apply123"/>'s value, then (2^32/30 * |value| - 2^31) >> 32 and (2^32/15 * |value| - 2^31) >> 32,
        /// the high halves of 64-bit sums (libvmaf's "half" of 2^32 held in an int32 is -2^31).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (TInt Flt, TInt Centre) Weights<TLanes, TInt, TLong>(TInt band, TInt factor)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            var round = TLanes.CreateLong(1L << 27);
            var value = TLanes.Interleave(
                TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(band, factor), round), 28),
                TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.OddLanes(band), factor), round), 28));
            var a = TLanes.Abs(value);
            var aOdd = TLanes.OddLanes(a);
            var half = TLanes.CreateLong(int.MinValue);
            var by30 = TLanes.Create(143165577);
            var by15 = TLanes.Create(286331153);
            var flt = TLanes.InterleaveHigh(TLanes.Add(TLanes.MultiplyEvenSigned(a, by30), half), TLanes.Add(TLanes.MultiplyEvenSigned(aOdd, by30), half));
            var centre = TLanes.InterleaveHigh(TLanes.Add(TLanes.MultiplyEvenSigned(a, by15), half), TLanes.Add(TLanes.MultiplyEvenSigned(aOdd, by15), half));
            return (flt, centre);
        }

        private static (int Flt, int Centre) Weights(int band, int factor)
        {
            long a = AdmFixedPoint.AbsWrap((int)(((long)factor * band + (1 << 27)) >> 28));
            return ((int)((143165577L * a + int.MinValue) >> 32), (int)((286331153L * a + int.MinValue) >> 32));
        }
    }

    /// <summary>Truncates each lane to 16 bits and sign-extends it back, like a store to int16_t and a reload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt ToInt16<TLanes, TInt, TLong>(TInt x)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct => TLanes.ShiftRightArithmetic(TLanes.ShiftLeft(x, 16), 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt Threshold<TLanes, TInt, TLong>(ref int s, ref int c, int j)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct =>
        TLanes.Add(
            TLanes.Add(TLanes.Load(ref s, (nuint)j), TLanes.Load(ref s, (nuint)(j + 1))),
            TLanes.Add(TLanes.Load(ref s, (nuint)(j + 2)), TLanes.Load(ref c, (nuint)j)));

    /// <summary>(int)((band * factor + 2^27) >> 28) per lane, the Q32 CSF weighting of scales 1..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt Weighted<TLanes, TInt, TLong>(TInt band, TInt factor)
        where TLanes : struct, IAdmLanes<TInt, TLong>
        where TInt : struct
        where TLong : struct
    {
        var round = TLanes.CreateLong(1L << 27);
        return TLanes.Interleave(
            TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(band, factor), round), 28),
            TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.OddLanes(band), factor), round), 28));
    }

    private static int Weighted(int band, int factor) => (int)(((long)band * factor + (1 << 27)) >> 28);

    /// <summary>max(|x| - thr, 0) cubed in libvmaf's fixed point: square narrowed to 32 bits, then times x again.</summary>
    private readonly struct Cube(int shiftSq, long roundSq, int shiftCub, long roundCub)
    {
        /// <summary>The cubes of a vector, summed pairwise into its 64-bit lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TLong Sum<TLanes, TInt, TLong>(TInt x, TInt thr)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            var m = TLanes.Max(TLanes.Subtract(TLanes.Abs(x), thr), TLanes.Create(0));
            var mOdd = TLanes.OddLanes(m);

            // m < 2^31, so the square is a non-negative 64-bit value: a logical shift will do; its low half
            // is the narrowed square, which the signed multiply below reads.
            var sq = TLanes.CreateLong(roundSq);
            var cub = TLanes.CreateLong(roundCub);
            var sqEven = TLanes.ShiftRightLogical(TLanes.Add(TLanes.MultiplyEvenUnsigned(m, m), sq), shiftSq);
            var sqOdd = TLanes.ShiftRightLogical(TLanes.Add(TLanes.MultiplyEvenUnsigned(mOdd, mOdd), sq), shiftSq);
            var even = TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.AsInt(sqEven), m), cub);
            var odd = TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.AsInt(sqOdd), mOdd), cub);
            return TLanes.Add(TLanes.ShiftRightArithmetic(even, shiftCub), TLanes.ShiftRightArithmetic(odd, shiftCub));
        }

        public long One(int x, int thr)
        {
            int m = AdmFixedPoint.AbsWrap(x) - thr;
            m = m < 0 ? 0 : m;
            int sq = (int)(((long)m * m + roundSq) >> shiftSq);
            return ((long)sq * m + roundCub) >> shiftCub;
        }
    }
}

/// <summary>
/// Scratch of <see cref="AdmContrastMaskingSimd"/> for one masking band of up to a given width: S and C of the row
/// being masked, and the T and U row sums of the last three masker rows, tagged with their row, so that a band
/// masked strip by strip computes each row's CSF once. <see cref="Reset"/> it whenever the masker changes.
/// </summary>
internal sealed class AdmMaskingScratch
{
    private readonly int _width;
    private readonly int[] _s, _c, _flt, _centre;
    private readonly int[] _rows = new int[3];

    public AdmMaskingScratch(int width)
    {
        _width = width;
        _s = new int[width + 2];
        _c = new int[width];
        _flt = new int[3 * width];
        _centre = new int[3 * width];
        Reset();
    }

    public ref int S => ref MemoryMarshal.GetArrayDataReference(_s);

    public ref int C => ref MemoryMarshal.GetArrayDataReference(_c);

    /// <summary>Forgets every cached row.</summary>
    public void Reset() => Array.Fill(_rows, -1);

    /// <summary>Claims row r's slot; true when its sums still have to be computed. Three consecutive rows never share one.</summary>
    public bool Begin(int r)
    {
        ref int tag = ref _rows[r % 3];
        if (tag == r)
        {
            return false;
        }

        tag = r;
        return true;
    }

    public ref int Flt(int r) => ref _flt[(r % 3) * _width];

    public ref int Centre(int r) => ref _centre[(r % 3) * _width];

    public void Check(int w)
    {
        if (w > _width)
        {
            throw new ArgumentException($"masking scratch is for bands up to {_width} wide, not {w}", nameof(w));
        }
    }
}
