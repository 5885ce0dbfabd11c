using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TinyVmaf.Features.Adm.AdmVector;

namespace TinyVmaf.Features.Adm;

/// <summary>
/// <see cref="AdmContrastMasking"/> in AVX2, bit-exact with it. Two changes of form, neither of value:
/// <list type="bullet">
/// <item>The 3x3 threshold is split: per row, the sum over orientations of each column's three rows (S) and of
/// each centre's correction (C, the 1/15 centre minus the 1/30 one it replaces); then thr(j) = S(j-1) + S(j) +
/// S(j+1) + C(j). S is stored one slot to the right with the mirrored columns around it. Integer sums wrap
/// the same in any order, so this equals libvmaf's nine-term sums.</item>
/// <item>The 64-bit products run on even and odd 32-bit lanes with AVX2's 32x32→64 multiplies; AVX2 has no
/// arithmetic 64-bit shift, so it is taken as a logical shift of the value with its sign bit flipped, less
/// the shifted flip.</item>
/// </list>
/// Row sums are reduced to one number per row before the per-row shift, as in the scalar code.
/// </summary>
internal static class AdmContrastMaskingSimd
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Scratch each row needs: S (width + 2) and C (width).</summary>
    public static int ScratchLength(int width) => width + 2;

    public static float Scale0(
        AdmBands<short> src, AdmBands<short> csf, AdmBands<short> flt, int w, int h, ushort factorHv, ushort factorD, double noiseWeight,
        Span<int> rowSums, Span<int> centres)
    {
        var region = AdmRegion.Scored(w, h);
        int stride = src.Stride;
        CheckScratch(rowSums, centres, w);

        uint shiftHvCub = (uint)Math.Ceiling(Math.Log2(w) - 4);
        long roundHvCub = (uint)Math.Pow(2, shiftHvCub - 1);
        uint shiftDCub = (uint)Math.Ceiling(Math.Log2(w) - 3);
        long roundDCub = (uint)Math.Pow(2, shiftDCub - 1);
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);

        var hv = new Cube(29, 1 << 28, (int)shiftHvCub, roundHvCub);
        var dd = new Cube(30, 1 << 29, (int)shiftDCub, roundDCub);
        var factorHvV = Vector256.Create((int)factorHv);
        var factorDV = Vector256.Create((int)factorD);

        ref int s = ref MemoryMarshal.GetReference(rowSums);
        ref int c = ref MemoryMarshal.GetReference(centres);
        long accumH = 0, accumV = 0, accumD = 0;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride;
            int row = i * stride;
            int down = (i == h - 1 ? h - 1 : i + 1) * stride;
            RowSums0(csf, flt, up, row, down, Math.Max(region.Left - 1, 0), Math.Min(region.Right + 1, w), ref s, ref c);
            MirrorRowSums(ref s, region, w);

            ref short srcH = ref src.H[row];
            ref short srcV = ref src.V[row];
            ref short srcD = ref src.D[row];
            var innerH = Vector256<long>.Zero;
            var innerV = Vector256<long>.Zero;
            var innerD = Vector256<long>.Zero;
            int j = region.Left;
            for (; j + 8 <= region.Right; j += 8)
            {
                var thr = Threshold(ref s, ref c, j);
                innerH += hv.Sum(Widen(ref srcH, j) * factorHvV, thr << 10);
                innerV += hv.Sum(Widen(ref srcV, j) * factorHvV, thr << 10);
                innerD += dd.Sum(Widen(ref srcD, j) * factorDV, thr << 12);
            }

            long tailH = 0, tailV = 0, tailD = 0;
            for (; j < region.Right; j++)
            {
                int thr = Unsafe.Add(ref s, j) + Unsafe.Add(ref s, j + 1) + Unsafe.Add(ref s, j + 2) + Unsafe.Add(ref c, j);
                tailH += hv.One(Unsafe.Add(ref srcH, j) * factorHv, thr << 10);
                tailV += hv.One(Unsafe.Add(ref srcV, j) * factorHv, thr << 10);
                tailD += dd.One(Unsafe.Add(ref srcD, j) * factorD, thr << 12);
            }

            accumH += (Vector256.Sum(innerH) + tailH + roundInner) >> (int)shiftInner;
            accumV += (Vector256.Sum(innerV) + tailV + roundInner) >> (int)shiftInner;
            accumD += (Vector256.Sum(innerD) + tailD + roundInner) >> (int)shiftInner;
        }

        float fH = (float)(accumH / Math.Pow(2, unchecked(52u - shiftHvCub - shiftInner)));
        float fV = (float)(accumV / Math.Pow(2, unchecked(52u - shiftHvCub - shiftInner)));
        float fD = (float)(accumD / Math.Pow(2, unchecked(57u - shiftDCub - shiftInner)));
        return AdmContrastMasking.NormPlusNoise(fH, fV, fD, region, noiseWeight);
    }

    /// <summary>False when a Q32 factor does not fit a signed 32-bit lane (never for the Watson CSF).</summary>
    public static bool Handles(uint factorHv, uint factorD) => factorHv <= int.MaxValue && factorD <= int.MaxValue;

    public static float Scale123(
        AdmBands<int> src, AdmBands<int> csf, AdmBands<int> flt, int scale, int w, int h, uint factorHv, uint factorD, double noiseWeight,
        Span<int> rowSums, Span<int> centres)
    {
        if (!Handles(factorHv, factorD))
        {
            throw new ArgumentOutOfRangeException(nameof(factorHv), "CSF factors must fit a signed 32-bit lane");
        }

        var region = AdmRegion.Scored(w, h);
        int stride = src.Stride;
        CheckScratch(rowSums, centres, w);

        uint shiftCub = (uint)Math.Ceiling(Math.Log2(w));
        long roundCub = (uint)Math.Pow(2, shiftCub - 1);
        uint shiftInner = (uint)Math.Ceiling(Math.Log2(h));
        long roundInner = (uint)Math.Pow(2, shiftInner - 1);
        uint pending = scale switch
        {
            1 => 45u,
            2 => 39u,
            _ => 36u,
        };
        float finalShift = (float)Math.Pow(2, unchecked(pending - shiftCub - shiftInner));

        var cube = new Cube(30, 1 << 29, (int)shiftCub, roundCub);
        var factorHvV = Vector256.Create((int)factorHv);
        var factorDV = Vector256.Create((int)factorD);

        ref int s = ref MemoryMarshal.GetReference(rowSums);
        ref int c = ref MemoryMarshal.GetReference(centres);
        long accumH = 0, accumV = 0, accumD = 0;
        for (int i = region.Top; i < region.Bottom; i++)
        {
            int up = (i == 0 ? 1 : i - 1) * stride;
            int row = i * stride;
            int down = (i == h - 1 ? h - 1 : i + 1) * stride;
            RowSums123(csf, flt, up, row, down, Math.Max(region.Left - 1, 0), Math.Min(region.Right + 1, w), ref s, ref c);
            MirrorRowSums(ref s, region, w);

            ref int srcH = ref src.H[row];
            ref int srcV = ref src.V[row];
            ref int srcD = ref src.D[row];
            var innerH = Vector256<long>.Zero;
            var innerV = Vector256<long>.Zero;
            var innerD = Vector256<long>.Zero;
            int j = region.Left;
            for (; j + 8 <= region.Right; j += 8)
            {
                var thr = Threshold(ref s, ref c, j);
                innerH += cube.Sum(Weighted(Vector256.LoadUnsafe(ref srcH, (nuint)j), factorHvV), thr);
                innerV += cube.Sum(Weighted(Vector256.LoadUnsafe(ref srcV, (nuint)j), factorHvV), thr);
                innerD += cube.Sum(Weighted(Vector256.LoadUnsafe(ref srcD, (nuint)j), factorDV), thr);
            }

            long tailH = 0, tailV = 0, tailD = 0;
            for (; j < region.Right; j++)
            {
                int thr = Unsafe.Add(ref s, j) + Unsafe.Add(ref s, j + 1) + Unsafe.Add(ref s, j + 2) + Unsafe.Add(ref c, j);
                tailH += cube.One(Weighted(Unsafe.Add(ref srcH, j), factorHv), thr);
                tailV += cube.One(Weighted(Unsafe.Add(ref srcV, j), factorHv), thr);
                tailD += cube.One(Weighted(Unsafe.Add(ref srcD, j), factorD), thr);
            }

            accumH += (Vector256.Sum(innerH) + tailH + roundInner) >> (int)shiftInner;
            accumV += (Vector256.Sum(innerV) + tailV + roundInner) >> (int)shiftInner;
            accumD += (Vector256.Sum(innerD) + tailD + roundInner) >> (int)shiftInner;
        }

        float fH = accumH / finalShift;
        float fV = accumV / finalShift;
        float fD = accumD / finalShift;
        return AdmContrastMasking.NormPlusNoise(fH, fV, fD, region, noiseWeight);
    }

    private static void CheckScratch(Span<int> rowSums, Span<int> centres, int w)
    {
        if (rowSums.Length < w + 2 || centres.Length < w)
        {
            throw new ArgumentException("scratch rows are too short", nameof(rowSums));
        }
    }

    /// <summary>S (at slot j+1) and C (at j) of scale 0 for columns [from, to).</summary>
    private static void RowSums0(AdmBands<short> csf, AdmBands<short> flt, int up, int row, int down, int from, int to, ref int s, ref int c)
    {
        var oneBy15 = Vector256.Create(8738);
        var round = Vector256.Create(2048);
        int j = from;
        for (; j + 8 <= to; j += 8)
        {
            var sum = Vector256<int>.Zero;
            var centre = Vector256<int>.Zero;
            for (int theta = 0; theta < 3; theta++)
            {
                ref short f = ref flt.Detail(theta)[0];
                var mid = Widen(ref f, row + j);
                sum += Widen(ref f, up + j) + mid + Widen(ref f, down + j);
                var a = Vector256.Abs(Widen(ref csf.Detail(theta)[0], row + j));
                centre += ToInt16((a * oneBy15 + round) >> 12) - mid;
            }

            sum.StoreUnsafe(ref s, (nuint)(j + 1));
            centre.StoreUnsafe(ref c, (nuint)j);
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

    /// <summary>S (at slot j+1) and C (at j) of scales 1..3 for columns [from, to).</summary>
    private static void RowSums123(AdmBands<int> csf, AdmBands<int> flt, int up, int row, int down, int from, int to, ref int s, ref int c)
    {
        // libvmaf's "half" of 2^32 held in an int32 is -2^31.
        var round = Vector256.Create((long)int.MinValue);
        var oneBy15 = Vector256.Create(286331153);
        int j = from;
        for (; j + 8 <= to; j += 8)
        {
            var sum = Vector256<int>.Zero;
            var centre = Vector256<int>.Zero;
            for (int theta = 0; theta < 3; theta++)
            {
                ref int f = ref flt.Detail(theta)[0];
                var mid = Vector256.LoadUnsafe(ref f, (nuint)(row + j));
                sum += Vector256.LoadUnsafe(ref f, (nuint)(up + j)) + mid + Vector256.LoadUnsafe(ref f, (nuint)(down + j));
                var a = AbsWrap(Vector256.LoadUnsafe(ref csf.Detail(theta)[0], (nuint)(row + j)));

                // (2^32/15 * |c| - 2^31) >> 32 is the high half of the 64-bit sum: even lanes shift it down,
                // odd lanes already hold it in their high half.
                var even = Avx2.Multiply(a, oneBy15) + round;
                var odd = Avx2.Multiply(OddLanes(a), oneBy15) + round;
                centre += InterleaveHigh(even, odd) - mid;
            }

            sum.StoreUnsafe(ref s, (nuint)(j + 1));
            centre.StoreUnsafe(ref c, (nuint)j);
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
    private static Vector256<int> Threshold(ref int s, ref int c, int j) =>
        Vector256.LoadUnsafe(ref s, (nuint)j) + Vector256.LoadUnsafe(ref s, (nuint)(j + 1)) + Vector256.LoadUnsafe(ref s, (nuint)(j + 2))
        + Vector256.LoadUnsafe(ref c, (nuint)j);

    /// <summary>|x| that wraps at int.MinValue, as C's abs does on x86.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AbsWrap(Vector256<int> x) => Avx2.Abs(x).AsInt32();

    /// <summary>(int)((band * factor + 2^27) >> 28) per lane, the Q32 CSF weighting of scales 1..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Weighted(Vector256<int> band, Vector256<int> factor)
    {
        var round = Vector256.Create(1L << 27);
        return Interleave(
            ShiftRightArithmetic(Avx2.Multiply(band, factor) + round, 28),
            ShiftRightArithmetic(Avx2.Multiply(OddLanes(band), factor) + round, 28));
    }

    private static int Weighted(int band, uint factor) => (int)(((long)band * factor + (1 << 27)) >> 28);

    /// <summary>max(|x| - thr, 0) cubed in libvmaf's fixed point: square narrowed to 32 bits, then times x again.</summary>
    private readonly struct Cube(int shiftSq, long roundSq, int shiftCub, long roundCub)
    {
        private readonly Vector256<ulong> _roundSq = Vector256.Create((ulong)roundSq);
        private readonly Vector256<long> _roundCub = Vector256.Create(roundCub);

        /// <summary>The eight cubes, summed pairwise into four 64-bit lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Sum(Vector256<int> x, Vector256<int> thr)
        {
            var m = Vector256.Max(AbsWrap(x) - thr, Vector256<int>.Zero).AsUInt32();
            var mOdd = OddLanes(m.AsInt32()).AsUInt32();

            // m < 2^31, so the square is a non-negative 64-bit value: a logical shift will do; its low half
            // is the narrowed square, which the signed multiply below reads.
            var sqEven = (Avx2.Multiply(m, m) + _roundSq) >>> shiftSq;
            var sqOdd = (Avx2.Multiply(mOdd, mOdd) + _roundSq) >>> shiftSq;
            var even = Avx2.Multiply(sqEven.AsInt32(), m.AsInt32()) + _roundCub;
            var odd = Avx2.Multiply(sqOdd.AsInt32(), mOdd.AsInt32()) + _roundCub;
            return ShiftRightArithmetic(even, shiftCub) + ShiftRightArithmetic(odd, shiftCub);
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
