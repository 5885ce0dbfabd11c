using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmContrastMasking"/> in vectors, bit-exact with it, written once over the width
/// (<see cref="IAdmLanes{TInt, TLong}"/>): AVX-512 where the CPU has it, else AVX2. Two changes of form, neither
/// of value:
/// <list type="bullet">
/// <item>The 3x3 threshold is split: per row, the sum over orientations of each column's three rows (S) and of
/// each centre's correction (C, the 1/15 centre minus the 1/30 one it replaces); then thr(j) = S(j-1) + S(j) +
/// S(j+1) + C(j). S is stored one slot to the right with the mirrored columns around it. Integer sums wrap
/// the same in any order, so this equals libvmaf's nine-term sums.</item>
/// <item>The 64-bit products run on even and odd 32-bit lanes with 32x32→64 multiplies; AVX2 has no
/// arithmetic 64-bit shift, so there it is taken as a logical shift of the value with its sign bit flipped,
/// less the shifted flip.</item>
/// </list>
/// Row sums are reduced to one number per row before the per-row shift, as in the scalar code.
/// </summary>
internal static class AdmContrastMaskingSimd
{
    public static bool IsSupported => System.Runtime.Intrinsics.X86.Avx2.IsSupported;

    /// <summary>Scratch each row needs: S (width + 2) and C (width).</summary>
    public static int ScratchLength(int width) => width + 2;

    public static float Scale0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, ushort factorHv, ushort factorD, double noiseWeight,
        Span<int> rowSums, Span<int> centres)
    {
        var region = AdmRegion.Scored(w, h);
        var sums = Sums0(src, csf, flt, w, h, factorHv, factorD, region.Top, region.Bottom, rowSums, centres);
        return AdmContrastMasking.Finish0(sums, w, h, noiseWeight);
    }

    /// <inheritdoc cref="AdmContrastMasking.Sums0"/>
    public static AdmMaskingSums Sums0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, ushort factorHv, ushort factorD, int fromRow, int toRow,
        Span<int> rowSums, Span<int> centres)
    {
        var region = AdmRegion.Scored(w, h);
        CheckScratch(rowSums, centres, w);

        var (shiftHvCub, shiftDCub, shiftInner) = AdmContrastMasking.Shifts0(w, h);
        long roundHvCub = (uint)Math.Pow(2, shiftHvCub - 1);
        long roundDCub = (uint)Math.Pow(2, shiftDCub - 1);
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        var hv = new Cube(29, 1 << 28, (int)shiftHvCub, roundHvCub);
        var dd = new Cube(30, 1 << 29, (int)shiftDCub, roundDCub);
        var rows = new Rows0(src, csf, flt, w, h, region, factorHv, factorD, hv, dd, (int)shiftInner, roundInner);
        return AdmAvx512Lanes.IsSupported
            ? rows.Run<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(fromRow, toRow, rowSums, centres)
            : rows.Run<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(fromRow, toRow, rowSums, centres);
    }

    /// <summary>False when a Q32 factor does not fit a signed 32-bit lane (never for the Watson CSF).</summary>
    public static bool Handles(uint factorHv, uint factorD) => factorHv <= int.MaxValue && factorD <= int.MaxValue;

    public static float Scale123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int scale, int w, int h, uint factorHv, uint factorD, double noiseWeight,
        Span<int> rowSums, Span<int> centres)
    {
        var region = AdmRegion.Scored(w, h);
        var sums = Sums123(src, csf, flt, w, h, factorHv, factorD, region.Top, region.Bottom, rowSums, centres);
        return AdmContrastMasking.Finish123(sums, scale, w, h, noiseWeight);
    }

    /// <inheritdoc cref="AdmContrastMasking.Sums123"/>
    public static AdmMaskingSums Sums123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int w, int h, uint factorHv, uint factorD, int fromRow, int toRow,
        Span<int> rowSums, Span<int> centres)
    {
        if (!Handles(factorHv, factorD))
        {
            throw new ArgumentOutOfRangeException(nameof(factorHv), "CSF factors must fit a signed 32-bit lane");
        }

        var region = AdmRegion.Scored(w, h);
        CheckScratch(rowSums, centres, w);

        uint shiftCub = (uint)Math.Ceiling(Math.Log2(w));
        long roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        var rows = new Rows123(src, csf, flt, w, h, region, (int)factorHv, (int)factorD, new Cube(30, 1 << 29, (int)shiftCub, roundCub), (int)shiftInner, roundInner);
        return AdmAvx512Lanes.IsSupported
            ? rows.Run<AdmAvx512Lanes, Vector512<int>, Vector512<long>>(fromRow, toRow, rowSums, centres)
            : rows.Run<AdmAvx2Lanes, Vector256<int>, Vector256<long>>(fromRow, toRow, rowSums, centres);
    }

    private static void CheckScratch(Span<int> rowSums, Span<int> centres, int w)
    {
        if (rowSums.Length < w + 2 || centres.Length < w)
        {
            throw new ArgumentException("scratch rows are too short", nameof(rowSums));
        }
    }

    /// <summary>Scale 0's masking sums over the scored rows: 16-bit bands, Q21/Q23 factors.</summary>
    private readonly struct Rows0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, AdmRegion region, ushort factorHv, ushort factorD,
        Cube hv, Cube dd, int shiftInner, long roundInner)
    {
        public AdmMaskingSums Run<TLanes, TInt, TLong>(int fromRow, int toRow, Span<int> rowSums, Span<int> centres)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int stride = src.Stride;
            var factorHvV = TLanes.Create(factorHv);
            var factorDV = TLanes.Create(factorD);
            ref int s = ref MemoryMarshal.GetReference(rowSums);
            ref int c = ref MemoryMarshal.GetReference(centres);
            long accumH = 0, accumV = 0, accumD = 0;
            for (int i = fromRow; i < toRow; i++)
            {
                int up = (i == 0 ? 1 : i - 1) * stride;
                int row = i * stride;
                int down = (i == h - 1 ? h - 1 : i + 1) * stride;
                RowSums<TLanes, TInt, TLong>(up, row, down, Math.Max(region.Left - 1, 0), Math.Min(region.Right + 1, w), ref s, ref c);
                MirrorRowSums(ref s, region, w);

                ref short srcH = ref src.H[row];
                ref short srcV = ref src.V[row];
                ref short srcD = ref src.D[row];
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

                accumH += (TLanes.Sum(innerH) + tailH + roundInner) >> shiftInner;
                accumV += (TLanes.Sum(innerV) + tailV + roundInner) >> shiftInner;
                accumD += (TLanes.Sum(innerD) + tailD + roundInner) >> shiftInner;
            }

            return new AdmMaskingSums(accumH, accumV, accumD);
        }

        /// <summary>S (at slot j+1) and C (at j) of scale 0 for columns [from, to).</summary>
        private void RowSums<TLanes, TInt, TLong>(int up, int row, int down, int from, int to, ref int s, ref int c)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            var oneBy15 = TLanes.Create(8738);
            var round = TLanes.Create(2048);
            int j = from;
            for (; j + TLanes.Count <= to; j += TLanes.Count)
            {
                var sum = TLanes.Create(0);
                var centre = sum;
                for (int theta = 0; theta < 3; theta++)
                {
                    ref short f = ref MemoryMarshal.GetArrayDataReference(flt.Detail(theta));
                    var mid = TLanes.LoadWidened(ref f, (nuint)(row + j));
                    sum = TLanes.Add(sum, TLanes.Add(TLanes.Add(TLanes.LoadWidened(ref f, (nuint)(up + j)), mid), TLanes.LoadWidened(ref f, (nuint)(down + j))));
                    var a = TLanes.Abs(TLanes.LoadWidened(ref MemoryMarshal.GetArrayDataReference(csf.Detail(theta)), (nuint)(row + j)));

                    // The 1/15 centre narrowed to 16 bits as libvmaf stores it.
                    var weighted = TLanes.ShiftRightArithmetic(TLanes.Add(TLanes.Multiply(a, oneBy15), round), 12);
                    centre = TLanes.Add(centre, TLanes.Subtract(TLanes.ShiftRightArithmetic(TLanes.ShiftLeft(weighted, 16), 16), mid));
                }

                TLanes.Store(sum, ref s, (nuint)(j + 1));
                TLanes.Store(centre, ref c, (nuint)j);
            }

            for (; j < to; j++)
            {
                int sum = 0, centre = 0;
                for (int theta = 0; theta < 3; theta++)
                {
                    var f = flt.Detail(theta);
                    sum += f[up + j] + f[row + j] + f[down + j];
                    centre += (short)((8738 * Math.Abs((int)csf.Detail(theta)[row + j]) + 2048) >> 12) - f[row + j];
                }

                Unsafe.Add(ref s, j + 1) = sum;
                Unsafe.Add(ref c, j) = centre;
            }
        }
    }

    /// <summary>Scales 1..3's masking sums over the scored rows: 32-bit bands, Q32 factors.</summary>
    private readonly struct Rows123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int w, int h, AdmRegion region, int factorHv, int factorD,
        Cube cube, int shiftInner, long roundInner)
    {
        public AdmMaskingSums Run<TLanes, TInt, TLong>(int fromRow, int toRow, Span<int> rowSums, Span<int> centres)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            int stride = src.Stride;
            var factorHvV = TLanes.Create(factorHv);
            var factorDV = TLanes.Create(factorD);
            ref int s = ref MemoryMarshal.GetReference(rowSums);
            ref int c = ref MemoryMarshal.GetReference(centres);
            long accumH = 0, accumV = 0, accumD = 0;
            for (int i = fromRow; i < toRow; i++)
            {
                int up = (i == 0 ? 1 : i - 1) * stride;
                int row = i * stride;
                int down = (i == h - 1 ? h - 1 : i + 1) * stride;
                RowSums<TLanes, TInt, TLong>(up, row, down, Math.Max(region.Left - 1, 0), Math.Min(region.Right + 1, w), ref s, ref c);
                MirrorRowSums(ref s, region, w);

                ref int srcH = ref src.H[row];
                ref int srcV = ref src.V[row];
                ref int srcD = ref src.D[row];
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

                accumH += (TLanes.Sum(innerH) + tailH + roundInner) >> shiftInner;
                accumV += (TLanes.Sum(innerV) + tailV + roundInner) >> shiftInner;
                accumD += (TLanes.Sum(innerD) + tailD + roundInner) >> shiftInner;
            }

            return new AdmMaskingSums(accumH, accumV, accumD);
        }

        /// <summary>S (at slot j+1) and C (at j) of scales 1..3 for columns [from, to).</summary>
        private void RowSums<TLanes, TInt, TLong>(int up, int row, int down, int from, int to, ref int s, ref int c)
            where TLanes : struct, IAdmLanes<TInt, TLong>
            where TInt : struct
            where TLong : struct
        {
            // libvmaf's "half" of 2^32 held in an int32 is -2^31.
            var round = TLanes.CreateLong(int.MinValue);
            var oneBy15 = TLanes.Create(286331153);
            int j = from;
            for (; j + TLanes.Count <= to; j += TLanes.Count)
            {
                var sum = TLanes.Create(0);
                var centre = sum;
                for (int theta = 0; theta < 3; theta++)
                {
                    ref int f = ref MemoryMarshal.GetArrayDataReference(flt.Detail(theta));
                    var mid = TLanes.Load(ref f, (nuint)(row + j));
                    sum = TLanes.Add(sum, TLanes.Add(TLanes.Add(TLanes.Load(ref f, (nuint)(up + j)), mid), TLanes.Load(ref f, (nuint)(down + j))));
                    var a = TLanes.Abs(TLanes.Load(ref MemoryMarshal.GetArrayDataReference(csf.Detail(theta)), (nuint)(row + j)));

                    // (2^32/15 * |c| - 2^31) >> 32 is the high half of the 64-bit sum.
                    var even = TLanes.Add(TLanes.MultiplyEvenSigned(a, oneBy15), round);
                    var odd = TLanes.Add(TLanes.MultiplyEvenSigned(TLanes.OddLanes(a), oneBy15), round);
                    centre = TLanes.Add(centre, TLanes.Subtract(TLanes.InterleaveHigh(even, odd), mid));
                }

                TLanes.Store(sum, ref s, (nuint)(j + 1));
                TLanes.Store(centre, ref c, (nuint)j);
            }

            for (; j < to; j++)
            {
                int sum = 0, centre = 0;
                for (int theta = 0; theta < 3; theta++)
                {
                    var f = flt.Detail(theta);
                    sum += f[up + j] + f[row + j] + f[down + j];
                    centre += (int)((286331153L * AdmFixedPoint.AbsWrap(csf.Detail(theta)[row + j]) + int.MinValue) >> 32) - f[row + j];
                }

                Unsafe.Add(ref s, j + 1) = sum;
                Unsafe.Add(ref c, j) = centre;
            }
        }
    }

    /// <summary>Column -1 reads column 1 and column w reads w-1, in S's shifted slots.</summary>
    private static void MirrorRowSums(ref int s, AdmRegion region, int w)
    {
        if (region.Left == 0)
        {
            s = Unsafe.Add(ref s, 2);
        }

        if (region.Right == w)
        {
            Unsafe.Add(ref s, w + 1) = Unsafe.Add(ref s, w);
        }
    }

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
