using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// The AVX-512 kernel: 32 columns a block. Its instructions work within 128-bit lanes as their AVX2 forms do,
/// so the unpack, multiply-add and pack steps keep the same column order as <see cref="VifVectorKernel"/>.
/// Every product of the filters is a 16 x 16-bit multiply-add (<c>vpmaddwd</c>), two taps at a time, which
/// needs signed 16-bit operands: samples, means and the two 16-bit halves of each 32-bit moment are held
/// offset by -32768, and the offset comes back out of every sum as 32768 times the window's sum (all
/// arithmetic is modulo 2^32, where libvmaf's sums are exact). A moment's halves are filtered apart and
/// recombined as hi + ((lo + 2^15) >> 16), which is libvmaf's 64-bit (sum + 2^15) >> 16 truncated to 32 bits.
/// 8-bit samples at the first scale take a folded window down the columns (see <see cref="FilterDownFolded"/>).
/// Along a row the multiply-add pairs neighbouring columns: a load at an even offset serves the even outputs
/// of a block with one pair of coefficients and the odd outputs with the pair one tap earlier. The per-pixel
/// statistics then run over the row's filtered values; they do not care in which order columns arrive.
/// Rows are taken 32 columns at a time; the last block of a row overlaps the one before, except in a row
/// narrower than a block (coarser scales of small pictures), which is read past its end into the
/// <see cref="VifPyramid.BufferSlack"/> of the pyramid's buffers.
/// </summary>
internal sealed unsafe class VifVector512Kernel : IVifKernel
{
    /// <summary>Columns per block: one 512-bit vector of 16-bit values.</summary>
    private const int Lanes = 32;

    /// <summary>Scratch columns before column 0: at least the widest half window.</summary>
    private const int Pad = 16;

    /// <summary>Scratch columns after the last: the mirrored ones, then reads and writes of a last partial block.</summary>
    private const int Slack = 96;

    /// <summary>Scratch rows: the two means and the two halves of the three moments.</summary>
    private const int Channels = 8;

    private static readonly TapPairs[] Windows =
        [.. Enumerable.Range(0, VifFilters.ScaleCount).Select(scale => new TapPairs(VifFilters.Window(scale)))];

    private static readonly FoldedWindow[] Folds =
        [.. Enumerable.Range(0, VifFilters.ScaleCount).Select(scale => new FoldedWindow(VifFilters.Window(scale)))];

    /// <summary>
    /// The scratch rows between the passes, one after another in a pinned buffer, each value stored offset by
    /// -32768 (see the class summary). Channel k starts at <c>k * _rowLength</c>.
    /// </summary>
    private readonly ushort[] _scratch;
    private readonly int _rowLength;

    /// <summary>Table indices of a row's logarithms (denominator, numerator, numerator's noise term), pinned.</summary>
    private readonly int[] _logIndices;
    private readonly int _indicesLength;

    /// <summary>A row's five filtered inputs to the statistics (means and moments, 32 bits), pinned.</summary>
    private readonly uint[] _moments;
    private readonly int _momentsLength;

    public VifVector512Kernel(int maxWidth)
    {
        _rowLength = Pad + Math.Max(maxWidth, Lanes) + Slack;
        _scratch = GC.AllocateArray<ushort>(Channels * _rowLength, pinned: true);
        _indicesLength = maxWidth + 2 * Lanes;
        _logIndices = GC.AllocateArray<int>(3 * _indicesLength, pinned: true);
        _momentsLength = maxWidth + 2 * Lanes;
        _moments = GC.AllocateArray<uint>(5 * _momentsLength, pinned: true);
    }

    public static bool IsSupported => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The narrowest picture this kernel takes: its first-scale blocks read a whole vector of each row, and only
    /// the coarser scales' buffers have slack to read past a narrower row.
    /// </summary>
    public const int MinimumWidth = Lanes;

    private static Vector512<ushort> Offset => Vector512.Create((ushort)0x8000);

    // Fully optimised from the first call: unoptimised (tier-0) vector code is many times slower, which short
    // clips and tests would otherwise spend most of their time in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StatisticsRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int scale, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums)
    {
        var pairs = Windows[scale];
        int count = pairs.Count;
        int* rowA = stackalloc int[count];
        int* rowB = stackalloc int[count];
        for (int p = 0; p < count; p++)
        {
            rowA[p] = rows[pairs.Taps[p]];
            rowB[p] = rows[pairs.SecondTaps[p]];
        }

        // At scale 0 the means are shifted by the bit depth. With 8-bit samples a row's moments fit 32 bits and
        // the window folds (see FilterDownFolded).
        bool folded = scale == 0 && shiftMu == 8;
        var fold = Folds[scale];
        int* rowLow = stackalloc int[fold.Count];
        int* rowHigh = stackalloc int[fold.Count];
        for (int q = 0; q < fold.Count; q++)
        {
            rowLow[q] = rows[q];
            rowHigh[q] = rows[rows.Length - 1 - q];
        }

        fixed (ushort* r = reference, d = distorted, scratch = _scratch)
        fixed (int* indices = _logIndices)
        {
            ushort* mu1 = scratch, mu2 = mu1 + _rowLength;
            ushort* refHi = mu2 + _rowLength, refLo = refHi + _rowLength;
            ushort* disHi = refLo + _rowLength, disLo = disHi + _rowLength;
            ushort* refDisHi = disLo + _rowLength, refDisLo = refDisHi + _rowLength;
            int last = Math.Max(width - Lanes, 0);
            for (int j = 0; j < width; j += Lanes)
            {
                // The last block overlaps the one before rather than reading past the row.
                int c = Math.Min(j, last);
                int at = Pad + c;
                if (folded)
                {
                    FilterDownFolded(
                        r + c, d + c, rowLow, rowHigh, fold, shiftMu, mu1 + at, mu2 + at,
                        out var refA, out var refB, out var disA, out var disB, out var refDisA, out var refDisB);
                    StoreMoment(refA, refB, default, default, false, 0, 0, refHi + at, refLo + at);
                    StoreMoment(disA, disB, default, default, false, 0, 0, disHi + at, disLo + at);
                    StoreMoment(refDisA, refDisB, default, default, false, 0, 0, refDisHi + at, refDisLo + at);
                }
                else
                {
                    FilterDown(
                        r + c, d + c, rowA, rowB, pairs, shiftMu, mu1 + Pad + c, mu2 + Pad + c,
                        out var refLoA, out var refLoB, out var disLoA, out var disLoB, out var refDisLoA, out var refDisLoB);
                    FilterHighDown(
                        r + c, d + c, rowA, rowB, pairs,
                        out var refHiA, out var refHiB, out var disHiA, out var disHiB, out var refDisHiA, out var refDisHiB);
                    StoreMoment(refLoA, refLoB, refHiA, refHiB, true, pairs.Bias, shiftSq, refHi + at, refLo + at);
                    StoreMoment(disLoA, disLoB, disHiA, disHiB, true, pairs.Bias, shiftSq, disHi + at, disLo + at);
                    StoreMoment(refDisLoA, refDisLoB, refDisHiA, refDisHiB, true, pairs.Bias, shiftSq, refDisHi + at, refDisLo + at);
                }
            }

            int half = pairs.Half;
            for (int channel = 0; channel < Channels; channel++)
            {
                Mirror(scratch + channel * _rowLength, width, half);
            }

            fixed (uint* moments = _moments)
            {
                FilterRowAlong(scratch, _rowLength, pairs, width, moments, _momentsLength);
                AddRow(moments, _momentsLength, width, gainLimit, indices, _indicesLength, ref sums);
            }
        }
    }

    /// <summary>
    /// Filters the eight scratch rows along themselves into the five per-pixel inputs of the statistics (two
    /// means, three moments, 32 bits each), block by block: the even columns of a block, then its odd ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FilterRowAlong(ushort* scratch, int rowLength, TapPairs pairs, int width, uint* moments, int momentsLength)
    {
        ushort* mu1 = scratch, mu2 = mu1 + rowLength;
        ushort* refHi = mu2 + rowLength, refLo = refHi + rowLength;
        ushort* disHi = refLo + rowLength, disLo = disHi + rowLength;
        ushort* refDisHi = disLo + rowLength, refDisLo = refDisHi + rowLength;
        uint* outMu1 = moments, outMu2 = outMu1 + momentsLength, outXx = outMu2 + momentsLength;
        uint* outYy = outXx + momentsLength, outXy = outYy + momentsLength;
        var bias = Vector512.Create(pairs.Bias);
        var loBias = Vector512.Create(pairs.Bias + 32768u);
        int half = pairs.Half;
        for (int j = 0; j < width; j += Lanes)
        {
            int start = Pad + j - half;
            FilterAlong(mu1 + start, mu2 + start, refHi + start, refLo + start, pairs, out var mu1Even, out var mu1Odd, out var mu2Even, out var mu2Odd, out var xxHiEven, out var xxHiOdd, out var xxLoEven, out var xxLoOdd);
            (mu1Even + bias).Store(outMu1 + j);
            (mu1Odd + bias).Store(outMu1 + j + Lanes / 2);
            (mu2Even + bias).Store(outMu2 + j);
            (mu2Odd + bias).Store(outMu2 + j + Lanes / 2);
            Moment(xxHiEven, xxLoEven, bias, loBias).Store(outXx + j);
            Moment(xxHiOdd, xxLoOdd, bias, loBias).Store(outXx + j + Lanes / 2);
            FilterAlong(disHi + start, disLo + start, refDisHi + start, refDisLo + start, pairs, out var yyHiEven, out var yyHiOdd, out var yyLoEven, out var yyLoOdd, out var xyHiEven, out var xyHiOdd, out var xyLoEven, out var xyLoOdd);
            Moment(yyHiEven, yyLoEven, bias, loBias).Store(outYy + j);
            Moment(yyHiOdd, yyLoOdd, bias, loBias).Store(outYy + j + Lanes / 2);
            Moment(xyHiEven, xyLoEven, bias, loBias).Store(outXy + j);
            Moment(xyHiOdd, xyLoOdd, bias, loBias).Store(outXy + j + Lanes / 2);
        }
    }

    /// <summary>
    /// Adds a row's pixels from its five filtered inputs (see <see cref="FilterRowAlong"/>), then looks up the
    /// table parts of their logarithms.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(uint* moments, int momentsLength, int width, double gainLimit, int* indices, int indicesLength, ref VifAccumulator sums)
    {
        uint* inMu1 = moments, inMu2 = inMu1 + momentsLength, inXx = inMu2 + momentsLength;
        uint* inYy = inXx + momentsLength, inXy = inYy + momentsLength;
        var limit = Vector512.Create(gainLimit);
        var laneSums = new LaneSums
        {
            DenIndices = indices,
            NumerIndices = indices + indicesLength,
            Numer1Indices = indices + 2 * indicesLength,
        };
        for (int j = 0; j < width; j += Lanes)
        {
            // Even columns of a block, then odd ones: a last partial block holds (valid + 1) / 2 and valid / 2.
            int valid = Math.Min(width - j, Lanes);
            AddPixels(
                Vector512.Load(inMu1 + j), Vector512.Load(inMu2 + j), Vector512.Load(inXx + j), Vector512.Load(inYy + j), Vector512.Load(inXy + j),
                (valid + 1) >> 1, limit, ref laneSums);
            int o = j + Lanes / 2;
            AddPixels(
                Vector512.Load(inMu1 + o), Vector512.Load(inMu2 + o), Vector512.Load(inXx + o), Vector512.Load(inYy + o), Vector512.Load(inXy + o),
                valid >> 1, limit, ref laneSums);
        }

        // AddTo takes its copy: handing it this one by reference would keep the sums in memory all along the row.
        LaneSums.AddTo(laneSums, ref sums);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SubsampleRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth)
    {
        var pairs = Windows[windowScale];
        int count = pairs.Count;
        int* rowA = stackalloc int[count];
        int* rowB = stackalloc int[count];
        for (int p = 0; p < count; p++)
        {
            rowA[p] = rows[pairs.Taps[p]];
            rowB[p] = rows[pairs.SecondTaps[p]];
        }

        // Below 15 bits (the first scale's samples) the sum of two samples is a signed 16-bit operand: fold the window.
        bool folded = shift < 15;
        var fold = Folds[windowScale];
        int* rowLow = stackalloc int[fold.Count];
        int* rowHigh = stackalloc int[fold.Count];
        for (int q = 0; q < fold.Count; q++)
        {
            rowLow[q] = rows[q];
            rowHigh[q] = rows[rows.Length - 1 - q];
        }

        fixed (ushort* r = reference, d = distorted, outR = outReference, outD = outDistorted, scratch = _scratch)
        {
            ushort* mu1 = scratch, mu2 = mu1 + _rowLength;
            int last = Math.Max(width - Lanes, 0);
            for (int j = 0; j < width; j += Lanes)
            {
                int c = Math.Min(j, last);
                if (folded)
                {
                    FilterMeansDownFolded(r + c, d + c, rowLow, rowHigh, fold, shift, mu1 + Pad + c, mu2 + Pad + c);
                }
                else
                {
                    FilterMeansDown(r + c, d + c, rowA, rowB, pairs, shift, mu1 + Pad + c, mu2 + Pad + c);
                }
            }

            int half = pairs.Half;
            Mirror(mu1, width, half);
            Mirror(mu2, width, half);

            var bias = Vector512.Create(pairs.Bias + 32768u);
            var coefficients = pairs.Coefficients;
            var taps = pairs.Taps;
            // Eight outputs per block, from the even columns 2o..2o+14; a last partial block writes into the
            // next output row (produced after this one) or the buffer's slack.
            for (int o = 0; o < outputWidth; o += Lanes / 2)
            {
                ushort* startR = mu1 + Pad + 2 * o - half, startD = mu2 + Pad + 2 * o - half;
                var accR = Vector512<int>.Zero;
                var accD = Vector512<int>.Zero;
                for (int p = 0; p < count; p++)
                {
                    var cf = coefficients[p];
                    accR += Avx512BW.MultiplyAddAdjacent(Vector512.Load(startR + taps[p]).AsInt16(), cf);
                    accD += Avx512BW.MultiplyAddAdjacent(Vector512.Load(startD + taps[p]).AsInt16(), cf);
                }

                var valueR = (accR.AsUInt32() + bias) >> 16;
                var valueD = (accD.AsUInt32() + bias) >> 16;
                Vector512.Narrow(valueR, valueR).GetLower().Store(outR + outputOffset + o);
                Vector512.Narrow(valueD, valueD).GetLower().Store(outD + outputOffset + o);
            }
        }
    }

    /// <summary>
    /// Filters a block of columns down the rows: stores the two means, and returns the sums of the low 16 bits of the
    /// three products (reference squared, distorted squared, reference times distorted), as the unpack-low and
    /// unpack-high multiply-adds leave them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterDown(
        ushort* r, ushort* d, int* rowA, int* rowB, TapPairs pairs, int shiftMu, ushort* mu1, ushort* mu2,
        out Vector512<int> refA, out Vector512<int> refB, out Vector512<int> disA, out Vector512<int> disB,
        out Vector512<int> refDisA, out Vector512<int> refDisB)
    {
        var offset = Offset;
        Vector512<int> mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        refA = refB = disA = disB = refDisA = refDisB = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = coefficients[p];
            var ra = Vector512.Load(r + rowA[p]);
            var rb = Vector512.Load(r + rowB[p]);
            var da = Vector512.Load(d + rowA[p]);
            var db = Vector512.Load(d + rowB[p]);
            MultiplyAdd(ref mu1A, ref mu1B, ra ^ offset, rb ^ offset, cf);
            MultiplyAdd(ref mu2A, ref mu2B, da ^ offset, db ^ offset, cf);
            MultiplyAdd(ref refA, ref refB, Avx512BW.MultiplyLow(ra, ra) ^ offset, Avx512BW.MultiplyLow(rb, rb) ^ offset, cf);
            MultiplyAdd(ref disA, ref disB, Avx512BW.MultiplyLow(da, da) ^ offset, Avx512BW.MultiplyLow(db, db) ^ offset, cf);
            MultiplyAdd(ref refDisA, ref refDisB, Avx512BW.MultiplyLow(ra, da) ^ offset, Avx512BW.MultiplyLow(rb, db) ^ offset, cf);
        }

        var meanBias = Vector512.Create(pairs.Bias + (1u << (shiftMu - 1)));
        StoreOffset(Vector512.ShiftRightLogical(mu1A.AsUInt32() + meanBias, shiftMu), Vector512.ShiftRightLogical(mu1B.AsUInt32() + meanBias, shiftMu), mu1);
        StoreOffset(Vector512.ShiftRightLogical(mu2A.AsUInt32() + meanBias, shiftMu), Vector512.ShiftRightLogical(mu2B.AsUInt32() + meanBias, shiftMu), mu2);
    }

    /// <summary>
    /// <see cref="FilterDown"/> for 8-bit samples, the window folded about its centre: rows k and n - 1 - k share
    /// a coefficient, so the means filter the sums of the two rows (at most 510, a signed 16-bit operand with no
    /// offset), and each moment takes both rows' products in one multiply-add of the samples with themselves
    /// (r_k^2 + r_(n-1-k)^2 in 32 bits) times the coefficient. Every 8-bit moment sum fits 32 bits, so nothing is
    /// lost modulo 2^32. Returns the three moments as the unpack-low and unpack-high lanes leave them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterDownFolded(
        ushort* r, ushort* d, int* rowLow, int* rowHigh, FoldedWindow fold, int shiftMu, ushort* mu1, ushort* mu2,
        out Vector512<int> refA, out Vector512<int> refB, out Vector512<int> disA, out Vector512<int> disB,
        out Vector512<int> refDisA, out Vector512<int> refDisB)
    {
        Vector512<int> mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        refA = refB = disA = disB = refDisA = refDisB = default;
        var scalars = fold.Scalars;
        var pairCoefficients = fold.Pairs;
        int count = fold.Count;
        int q = 0;
        for (; q + 1 < count; q += 2)
        {
            var ra = Vector512.Load(r + rowLow[q]);
            var rb = Vector512.Load(r + rowHigh[q]);
            var da = Vector512.Load(d + rowLow[q]);
            var db = Vector512.Load(d + rowHigh[q]);
            MomentsFolded(ra, rb, da, db, scalars[q], ref refA, ref refB, ref disA, ref disB, ref refDisA, ref refDisB);
            var ra1 = Vector512.Load(r + rowLow[q + 1]);
            var rb1 = Vector512.Load(r + rowHigh[q + 1]);
            var da1 = Vector512.Load(d + rowLow[q + 1]);
            var db1 = Vector512.Load(d + rowHigh[q + 1]);
            MomentsFolded(ra1, rb1, da1, db1, scalars[q + 1], ref refA, ref refB, ref disA, ref disB, ref refDisA, ref refDisB);
            var cf = pairCoefficients[q >> 1];
            MultiplyAdd(ref mu1A, ref mu1B, ra + rb, ra1 + rb1, cf);
            MultiplyAdd(ref mu2A, ref mu2B, da + db, da1 + db1, cf);
        }

        if (q < count)
        {
            var ra = Vector512.Load(r + rowLow[q]);
            var rb = Vector512.Load(r + rowHigh[q]);
            var da = Vector512.Load(d + rowLow[q]);
            var db = Vector512.Load(d + rowHigh[q]);
            MomentsFolded(ra, rb, da, db, scalars[q], ref refA, ref refB, ref disA, ref disB, ref refDisA, ref refDisB);
            var cf = pairCoefficients[q >> 1];
            MultiplyAdd(ref mu1A, ref mu1B, ra + rb, Vector512<ushort>.Zero, cf);
            MultiplyAdd(ref mu2A, ref mu2B, da + db, Vector512<ushort>.Zero, cf);
        }

        var round = Vector512.Create(1u << (shiftMu - 1));
        StoreOffset(Vector512.ShiftRightLogical(mu1A.AsUInt32() + round, shiftMu), Vector512.ShiftRightLogical(mu1B.AsUInt32() + round, shiftMu), mu1);
        StoreOffset(Vector512.ShiftRightLogical(mu2A.AsUInt32() + round, shiftMu), Vector512.ShiftRightLogical(mu2B.AsUInt32() + round, shiftMu), mu2);
    }

    /// <summary>Adds coefficient times (a^2 + b^2), (c^2 + d^2) and (ac + bd) for rows a, b of one sample and c, d of the other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MomentsFolded(
        Vector512<ushort> ra, Vector512<ushort> rb, Vector512<ushort> da, Vector512<ushort> db, Vector512<int> coefficient,
        ref Vector512<int> refA, ref Vector512<int> refB, ref Vector512<int> disA, ref Vector512<int> disB,
        ref Vector512<int> refDisA, ref Vector512<int> refDisB)
    {
        var rl = Avx512BW.UnpackLow(ra, rb).AsInt16();
        var rh = Avx512BW.UnpackHigh(ra, rb).AsInt16();
        var dl = Avx512BW.UnpackLow(da, db).AsInt16();
        var dh = Avx512BW.UnpackHigh(da, db).AsInt16();
        refA += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(rl, rl), coefficient);
        refB += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(rh, rh), coefficient);
        disA += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(dl, dl), coefficient);
        disB += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(dh, dh), coefficient);
        refDisA += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(rl, dl), coefficient);
        refDisB += Avx512F.MultiplyLow(Avx512BW.MultiplyAddAdjacent(rh, dh), coefficient);
    }

    /// <summary>The sums of the high 16 bits of the three products, down the rows, for a block of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterHighDown(
        ushort* r, ushort* d, int* rowA, int* rowB, TapPairs pairs,
        out Vector512<int> refA, out Vector512<int> refB, out Vector512<int> disA, out Vector512<int> disB,
        out Vector512<int> refDisA, out Vector512<int> refDisB)
    {
        var offset = Offset;
        refA = refB = disA = disB = refDisA = refDisB = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = coefficients[p];
            var ra = Vector512.Load(r + rowA[p]);
            var rb = Vector512.Load(r + rowB[p]);
            var da = Vector512.Load(d + rowA[p]);
            var db = Vector512.Load(d + rowB[p]);
            MultiplyAdd(ref refA, ref refB, Avx512BW.MultiplyHigh(ra, ra) ^ offset, Avx512BW.MultiplyHigh(rb, rb) ^ offset, cf);
            MultiplyAdd(ref disA, ref disB, Avx512BW.MultiplyHigh(da, da) ^ offset, Avx512BW.MultiplyHigh(db, db) ^ offset, cf);
            MultiplyAdd(ref refDisA, ref refDisB, Avx512BW.MultiplyHigh(ra, da) ^ offset, Avx512BW.MultiplyHigh(rb, db) ^ offset, cf);
        }
    }

    /// <summary>Filters a block of columns of reference and distorted down the rows into offset 16-bit means.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterMeansDown(ushort* r, ushort* d, int* rowA, int* rowB, TapPairs pairs, int shift, ushort* mu1, ushort* mu2)
    {
        var offset = Offset;
        Vector512<int> mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = coefficients[p];
            MultiplyAdd(ref mu1A, ref mu1B, Vector512.Load(r + rowA[p]) ^ offset, Vector512.Load(r + rowB[p]) ^ offset, cf);
            MultiplyAdd(ref mu2A, ref mu2B, Vector512.Load(d + rowA[p]) ^ offset, Vector512.Load(d + rowB[p]) ^ offset, cf);
        }

        var bias = Vector512.Create(pairs.Bias + (1u << (shift - 1)));
        StoreOffset(Vector512.ShiftRightLogical(mu1A.AsUInt32() + bias, shift), Vector512.ShiftRightLogical(mu1B.AsUInt32() + bias, shift), mu1);
        StoreOffset(Vector512.ShiftRightLogical(mu2A.AsUInt32() + bias, shift), Vector512.ShiftRightLogical(mu2B.AsUInt32() + bias, shift), mu2);
    }

    /// <summary><see cref="FilterMeansDown"/> over the folded window, for samples below 15 bits (no offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterMeansDownFolded(ushort* r, ushort* d, int* rowLow, int* rowHigh, FoldedWindow fold, int shift, ushort* mu1, ushort* mu2)
    {
        Vector512<int> mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        var pairCoefficients = fold.Pairs;
        int count = fold.Count;
        int q = 0;
        for (; q + 1 < count; q += 2)
        {
            var cf = pairCoefficients[q >> 1];
            var r0 = Vector512.Load(r + rowLow[q]) + Vector512.Load(r + rowHigh[q]);
            var r1 = Vector512.Load(r + rowLow[q + 1]) + Vector512.Load(r + rowHigh[q + 1]);
            var d0 = Vector512.Load(d + rowLow[q]) + Vector512.Load(d + rowHigh[q]);
            var d1 = Vector512.Load(d + rowLow[q + 1]) + Vector512.Load(d + rowHigh[q + 1]);
            MultiplyAdd(ref mu1A, ref mu1B, r0, r1, cf);
            MultiplyAdd(ref mu2A, ref mu2B, d0, d1, cf);
        }

        if (q < count)
        {
            var cf = pairCoefficients[q >> 1];
            MultiplyAdd(ref mu1A, ref mu1B, Vector512.Load(r + rowLow[q]) + Vector512.Load(r + rowHigh[q]), Vector512<ushort>.Zero, cf);
            MultiplyAdd(ref mu2A, ref mu2B, Vector512.Load(d + rowLow[q]) + Vector512.Load(d + rowHigh[q]), Vector512<ushort>.Zero, cf);
        }

        var round = Vector512.Create(1u << (shift - 1));
        StoreOffset(Vector512.ShiftRightLogical(mu1A.AsUInt32() + round, shift), Vector512.ShiftRightLogical(mu1B.AsUInt32() + round, shift), mu1);
        StoreOffset(Vector512.ShiftRightLogical(mu2A.AsUInt32() + round, shift), Vector512.ShiftRightLogical(mu2B.AsUInt32() + round, shift), mu2);
    }

    /// <summary>Adds the multiply-add of the interleaved offset rows a and b (low then high halves of the lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(ref Vector512<int> low, ref Vector512<int> high, Vector512<ushort> a, Vector512<ushort> b, Vector512<short> coefficients)
    {
        low += Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(a, b).AsInt16(), coefficients);
        high += Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(a, b).AsInt16(), coefficients);
    }

    /// <summary>
    /// Rounds a product's column sums, hi * 2^16 + lo, down by <paramref name="shift"/> bits into the 32-bit
    /// moment, (hi &lt;&lt; (16 - shift)) + ((lo + round) &gt;&gt; shift), and stores its two offset halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMoment(
        Vector512<int> lowA, Vector512<int> lowB, Vector512<int> highA, Vector512<int> highB, bool hasHigh,
        uint bias, int shift, ushort* hi, ushort* lo)
    {
        var roundedBias = Vector512.Create(bias + (shift == 0 ? 0u : 1u << (shift - 1)));
        var valueA = Vector512.ShiftRightLogical(lowA.AsUInt32() + roundedBias, shift);
        var valueB = Vector512.ShiftRightLogical(lowB.AsUInt32() + roundedBias, shift);
        if (hasHigh)
        {
            var highBias = Vector512.Create(bias);
            valueA += Vector512.ShiftLeft(highA.AsUInt32() + highBias, 16 - shift);
            valueB += Vector512.ShiftLeft(highB.AsUInt32() + highBias, 16 - shift);
        }

        StoreOffset(valueA >> 16, valueB >> 16, hi);
        var low = Vector512.Create(0xFFFFu);
        StoreOffset(valueA & low, valueB & low, lo);
    }

    /// <summary>
    /// Packs two vectors of 16-bit values held in 32-bit lanes, as the unpack-low and unpack-high multiply-adds
    /// left them, back into column order, offset by -32768.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOffset(Vector512<uint> fromLow, Vector512<uint> fromHigh, ushort* destination) =>
        (Avx512BW.PackUnsignedSaturate(fromLow.AsInt32(), fromHigh.AsInt32()) ^ Offset).Store(destination);

    /// <summary>
    /// Filters four offset rows along themselves: the raw sums (the offset's bias still in) at the even and odd
    /// columns of a block, both from the same loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterAlong(
        ushort* a, ushort* b, ushort* c, ushort* d, TapPairs pairs,
        out Vector512<uint> aEven, out Vector512<uint> aOdd, out Vector512<uint> bEven, out Vector512<uint> bOdd,
        out Vector512<uint> cEven, out Vector512<uint> cOdd, out Vector512<uint> dEven, out Vector512<uint> dOdd)
    {
        Vector512<int> ae = default, ao = default, be = default, bo = default, ce = default, co = default, de = default, @do = default;
        var evenCoefficients = pairs.EvenCoefficients;
        var oddCoefficients = pairs.OddCoefficients;
        var views = pairs.Views;
        for (int p = 0; p < pairs.ViewCount; p++)
        {
            var ce0 = evenCoefficients[p];
            var co0 = oddCoefficients[p];
            int t = views[p];
            var va = Vector512.Load(a + t).AsInt16();
            var vb = Vector512.Load(b + t).AsInt16();
            var vc = Vector512.Load(c + t).AsInt16();
            var vd = Vector512.Load(d + t).AsInt16();
            ae += Avx512BW.MultiplyAddAdjacent(va, ce0);
            ao += Avx512BW.MultiplyAddAdjacent(va, co0);
            be += Avx512BW.MultiplyAddAdjacent(vb, ce0);
            bo += Avx512BW.MultiplyAddAdjacent(vb, co0);
            ce += Avx512BW.MultiplyAddAdjacent(vc, ce0);
            co += Avx512BW.MultiplyAddAdjacent(vc, co0);
            de += Avx512BW.MultiplyAddAdjacent(vd, ce0);
            @do += Avx512BW.MultiplyAddAdjacent(vd, co0);
        }

        (aEven, aOdd, bEven, bOdd) = (ae.AsUInt32(), ao.AsUInt32(), be.AsUInt32(), bo.AsUInt32());
        (cEven, cOdd, dEven, dOdd) = (ce.AsUInt32(), co.AsUInt32(), de.AsUInt32(), @do.AsUInt32());
    }

    /// <summary>A moment filtered along the row and rounded to 32 bits: hi + ((lo + 2^15) >> 16), each half's bias taken out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Moment(Vector512<uint> hi, Vector512<uint> lo, Vector512<uint> bias, Vector512<uint> roundedBias) =>
        hi + bias + ((lo + roundedBias) >> 16);

    /// <summary>
    /// (a * b + 2^31) >> 32 per 32-bit lane: libvmaf's rounded Q32 product of two means.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> MultiplyRoundHigh(Vector512<uint> a, Vector512<uint> b)
    {
        var round = Vector512.Create(0x80000000UL);
        var even = Avx512F.Multiply(a, b) + round;
        var odd = Avx512F.Multiply((a.AsUInt64() >> 32).AsUInt32(), (b.AsUInt64() >> 32).AsUInt32()) + round;
        return Vector512.ConditionalSelect(Vector512.Create(0xFFFF_FFFF_0000_0000UL).AsUInt32(), odd.AsUInt32(), (even >> 32).AsUInt32());
    }

    /// <summary>
    /// Adds the pixels of the first <paramref name="count"/> lanes, all lanes at once: libvmaf's per-pixel
    /// branches become lane masks, its double-precision gain arithmetic runs eight lanes wide in the same
    /// operations and order (no fused multiply-add), and its table logarithms are looked up per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPixels(
        Vector512<uint> mu1, Vector512<uint> mu2, Vector512<uint> xx, Vector512<uint> yy, Vector512<uint> xy,
        int count, Vector512<double> gainLimit, ref LaneSums sums)
    {
        var sigma1Sq = (xx - MultiplyRoundHigh(mu1, mu1)).AsInt32();
        var sigma2Sq = Vector512.Max((yy - MultiplyRoundHigh(mu2, mu2)).AsInt32(), Vector512<int>.Zero);
        var sigma12 = (xy - MultiplyRoundHigh(mu1, mu2)).AsInt32();

        var nsq = Vector512.Create(VifAccumulator.SigmaNsq);
        var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count));
        var informative = valid & Vector512.GreaterThanOrEqual(sigma1Sq, nsq);
        var flat = Vector512.AndNot(valid, informative);
        // A mask lane is -1: subtracting it counts.
        sums.DenNonLog -= flat;
        var flatSigma2Sq = sigma2Sq & flat;
        sums.NumNonLog += Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetLower()) + Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetUpper());
        if (informative == Vector512<int>.Zero)
        {
            return;
        }

        // log2(sigma_n^2 + sigma1^2) of a 32-bit value: the table at its top 16 bits, plus the shift that leaves them.
        var den = sigma1Sq.AsUInt32() + nsq.AsUInt32();
        var denShift = Log2Shift(den);
        (Avx512F.ShiftRightLogicalVariable(den, denShift.AsUInt32()).AsInt32() & informative).Store(sums.DenIndices + sums.DenCount);
        sums.DenCount += Vector512<int>.Count;
        sums.DenShift += denShift & informative;
        sums.Informative -= informative;
        var gained = informative & Vector512.GreaterThan(sigma12, Vector512<int>.Zero) & Vector512.GreaterThan(sigma2Sq, Vector512<int>.Zero);
        if (gained == Vector512<int>.Zero)
        {
            return;
        }

        var numerLower = Numerators(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), gainLimit, out var numer1Lower);
        var numerUpper = Numerators(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), gainLimit, out var numer1Upper);
        var numer1 = Vector512.Create(numer1Lower, numer1Upper).AsUInt32();
        var numer1Shift = Log2Shift(numer1);
        var numerShiftLower = Vector512.Create(48L) - Avx512CD.LeadingZeroCount(numerLower.AsInt64());
        var numerShiftUpper = Vector512.Create(48L) - Avx512CD.LeadingZeroCount(numerUpper.AsInt64());
        var numerIndex = Vector512.Create(
            Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightLogicalVariable(numerLower, numerShiftLower.AsUInt64())),
            Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightLogicalVariable(numerUpper, numerShiftUpper.AsUInt64())));
        var numerShift = Vector512.Create(Avx512F.ConvertToVector256Int32(numerShiftLower), Avx512F.ConvertToVector256Int32(numerShiftUpper));
        (numerIndex & gained).Store(sums.NumerIndices + sums.NumCount);
        (Avx512F.ShiftRightLogicalVariable(numer1, numer1Shift.AsUInt32()).AsInt32() & gained).Store(sums.Numer1Indices + sums.NumCount);
        sums.NumCount += Vector512<int>.Count;
        sums.NumShift += (numerShift - numer1Shift) & gained;
    }

    /// <summary>
    /// Eight lanes of the gain: libvmaf's numerator g^2 sigma1^2 + sv^2 + sigma_n^2 (64-bit) and its noise term
    /// sv^2 + sigma_n^2 (32-bit), in double precision with truncation back to integers as libvmaf does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Numerators(
        Vector256<int> sigma1Sq, Vector256<int> sigma2Sq, Vector256<int> sigma12, Vector512<double> gainLimit, out Vector256<int> numer1)
    {
        var s1 = Avx512F.ConvertToVector512Double(sigma1Sq);
        var s12 = Avx512F.ConvertToVector512Double(sigma12);
        var g = s12 / (s1 + Vector512.Create(65536 * 1.0e-10));
        var svSq = Vector256.Max(Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(sigma2Sq) - g * s12), Vector256<int>.Zero);
        g = Avx512F.Min(g, gainLimit);
        numer1 = svSq + Vector256.Create(VifAccumulator.SigmaNsq);
        return Avx512DQ.ConvertToVector512Int64WithTruncation(g * g * s1).AsUInt64() + Avx512F.ConvertToVector512UInt64(numer1.AsUInt32());
    }

    /// <summary>
    /// The shift k of <see cref="VifLog2.Log2(uint)"/>: value >> k is the table index, 2048 k the exponent part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Log2Shift(Vector512<uint> value) =>
        Vector512.Create(16) - Avx512CD.LeadingZeroCount(value).AsInt32();

    /// <summary>
    /// The four sums of <see cref="VifAccumulator"/>, per lane, over one row, with the table indices of its
    /// logarithms; folded into the accumulator at the end of the row.
    /// </summary>
    private struct LaneSums
    {
        public Vector512<long> NumNonLog;
        public Vector512<int> DenNonLog;
        public Vector512<int> Informative;
        public Vector512<int> DenShift;
        public Vector512<int> NumShift;

        public int* DenIndices;
        public int* NumerIndices;
        public int* Numer1Indices;
        public int DenCount;
        public int NumCount;

        public static void AddTo(LaneSums lanes, ref VifAccumulator sums) => lanes.AddTo(ref sums);

        private readonly void AddTo(ref VifAccumulator sums)
        {
            // Indexing the table one lane at a time from a buffer beats a gather (measured on Zen 4).
            ushort* table = VifLog2.TablePointer;
            long denLog = 0, numLog = 0;
            for (int i = 0; i < DenCount; i++)
            {
                denLog += table[DenIndices[i]];
            }

            for (int i = 0; i < NumCount; i++)
            {
                numLog += table[NumerIndices[i]] - table[Numer1Indices[i]];
            }

            long informative = Vector512.Sum(Informative);
            sums.NumLog += VifLog2.One * (long)Vector512.Sum(NumShift) + numLog;
            // Each denominator term is log2(sigma_n^2 + sigma1^2) - log2(sigma_n^2); the second part goes here.
            sums.DenLog += VifLog2.One * (long)Vector512.Sum(DenShift) + denLog - VifAccumulator.Log2SigmaNsq * informative;
            sums.NumNonLog += Vector512.Sum(NumNonLog);
            sums.DenNonLog += Vector512.Sum(DenNonLog);
        }
    }

    private static void Mirror(ushort* row, int width, int half)
    {
        for (int f = 1; f <= half; f++)
        {
            row[Pad - f] = row[Pad + f];
            row[Pad + width - 1 + f] = row[Pad + width - 1 - f];
        }
    }

    /// <summary>
    /// A window as multiply-add pairs: taps (k, k + 1) with their two coefficients, each below 2^15 as
    /// <c>vpmaddwd</c> needs. A coefficient of 2^15 or more (scale 3's centre, 43728) keeps 32767 and
    /// hands the rest to one more pair. Held in pinned memory so the kernels index it without bounds checks.
    /// </summary>
    private sealed class TapPairs
    {
        // Keeps the pinned arrays alive (they are reached only through the pointers below).
        private readonly object[] _pinned;

        public TapPairs(ReadOnlySpan<ushort> window)
        {
            int n = window.Length;
            var pairs = new List<(int Tap, int A, int B)>();
            var extra = new List<(int Tap, int A, int B)>();
            var coefficients = new int[n];
            uint sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += window[k];
                coefficients[k] = Math.Min((int)window[k], short.MaxValue);
                if (window[k] > short.MaxValue)
                {
                    extra.Add((k, window[k] - short.MaxValue, 0));
                }
            }

            for (int k = 0; k < n; k += 2)
            {
                pairs.Add((k, coefficients[k], k + 1 < n ? coefficients[k + 1] : 0));
            }

            pairs.AddRange(extra);
            Count = pairs.Count;
            Half = n / 2;
            // Offsetting every operand by -32768 takes 32768 * (sum of the window) off each filtered value.
            Bias = unchecked(32768u * sum);

            var taps = GC.AllocateArray<int>(Count, pinned: true);
            var secondTaps = GC.AllocateArray<int>(Count, pinned: true);
            var vectors = GC.AllocateArray<Vector512<short>>(Count, pinned: true);
            for (int p = 0; p < Count; p++)
            {
                taps[p] = pairs[p].Tap;
                // Down the columns the second tap of a pair past the window's end has coefficient 0; any row will do.
                secondTaps[p] = Math.Min(pairs[p].Tap + 1, n - 1);
                vectors[p] = Vector512.Create(((uint)(ushort)pairs[p].B << 16) | (ushort)pairs[p].A).AsInt16();
            }

            // Along a row, even and odd outputs share loads at even offsets: the odd outputs' window starts one
            // column later, so a view pairing columns (2i, 2i + 1) meets their taps 2i - 1 and 2i.
            var views = new List<(int Offset, int EvenA, int EvenB, int OddA, int OddB)>();
            for (int i = 0; 2 * i < n; i++)
            {
                int evenA = window[2 * i], evenB = 2 * i + 1 < n ? window[2 * i + 1] : 0;
                int oddA = i > 0 ? window[2 * i - 1] : 0, oddB = window[2 * i];
                // A coefficient of 2^15 or more goes on in further views at the same offset.
                do
                {
                    views.Add((2 * i, Math.Min(evenA, short.MaxValue), Math.Min(evenB, short.MaxValue), Math.Min(oddA, short.MaxValue), Math.Min(oddB, short.MaxValue)));
                    evenA -= Math.Min(evenA, short.MaxValue);
                    evenB -= Math.Min(evenB, short.MaxValue);
                    oddA -= Math.Min(oddA, short.MaxValue);
                    oddB -= Math.Min(oddB, short.MaxValue);
                }
                while (evenA + evenB + oddA + oddB > 0);
            }

            ViewCount = views.Count;
            var viewOffsets = GC.AllocateArray<int>(ViewCount, pinned: true);
            var evenVectors = GC.AllocateArray<Vector512<short>>(ViewCount, pinned: true);
            var oddVectors = GC.AllocateArray<Vector512<short>>(ViewCount, pinned: true);
            for (int v = 0; v < ViewCount; v++)
            {
                viewOffsets[v] = views[v].Offset;
                evenVectors[v] = Vector512.Create(((uint)(ushort)views[v].EvenB << 16) | (ushort)views[v].EvenA).AsInt16();
                oddVectors[v] = Vector512.Create(((uint)(ushort)views[v].OddB << 16) | (ushort)views[v].OddA).AsInt16();
            }

            _pinned = [taps, secondTaps, vectors, viewOffsets, evenVectors, oddVectors];
            Views = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(viewOffsets));
            EvenCoefficients = (Vector512<short>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(evenVectors));
            OddCoefficients = (Vector512<short>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(oddVectors));
            Taps = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(taps));
            SecondTaps = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(secondTaps));
            Coefficients = (Vector512<short>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(vectors));
        }

        public int Count { get; }

        public int Half { get; }

        /// <summary>The first tap of each pair; the second is the next one.</summary>
        public int* Taps { get; }

        /// <summary>The row under each pair's second tap, clamped into the window.</summary>
        public int* SecondTaps { get; }

        /// <summary>Each pair's two coefficients, repeated across the vector.</summary>
        public Vector512<short>* Coefficients { get; }

        public uint Bias { get; }

        /// <summary>Loads along a row: each a column offset with coefficient pairs for even and odd outputs.</summary>
        public int ViewCount { get; }

        /// <summary>Each view's (even) column offset from the start of the window.</summary>
        public int* Views { get; }

        public Vector512<short>* EvenCoefficients { get; }

        public Vector512<short>* OddCoefficients { get; }
    }
}

/// <summary>
/// A symmetric window folded about its centre: row q and row n - 1 - q (q up to the centre) share coefficient
/// q. The centre row is its own mirror and so counted twice, with half its coefficient (every window's centre
/// is even).
/// </summary>
internal sealed unsafe class FoldedWindow
{
    private readonly object[] _pinned;

    public FoldedWindow(ReadOnlySpan<ushort> window)
    {
        int half = window.Length / 2;
        if (window.Length % 2 == 0 || window[half] % 2 != 0)
        {
            throw new ArgumentException("a folded window needs an odd length and an even centre", nameof(window));
        }

        Count = half + 1;
        var coefficients = new int[Count + 1];
        for (int q = 0; q < half; q++)
        {
            coefficients[q] = window[q];
        }

        coefficients[half] = window[half] / 2;
        var scalars = GC.AllocateArray<Vector512<int>>(Count, pinned: true);
        var pairs = GC.AllocateArray<Vector512<short>>((Count + 1) / 2, pinned: true);
        for (int q = 0; q < Count; q++)
        {
            scalars[q] = Vector512.Create(coefficients[q]);
        }

        for (int p = 0; p < pairs.Length; p++)
        {
            // Folded means are sums of two samples; a coefficient of 2^15 or more does not fit the multiply-add.
            if (coefficients[2 * p] > short.MaxValue || coefficients[2 * p + 1] > short.MaxValue)
            {
                throw new ArgumentException("a folded coefficient must fit 15 bits", nameof(window));
            }

            pairs[p] = Vector512.Create(((uint)coefficients[2 * p + 1] << 16) | (uint)coefficients[2 * p]).AsInt16();
        }

        _pinned = [scalars, pairs];
        Scalars = (Vector512<int>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scalars));
        Pairs = (Vector512<short>*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pairs));
    }

    /// <summary>Folded rows: half the window and its centre.</summary>
    public int Count { get; }

    /// <summary>Coefficient q in every 32-bit lane.</summary>
    public Vector512<int>* Scalars { get; }

    /// <summary>Coefficients (2p, 2p + 1) in every pair of 16-bit lanes, 0 past the centre.</summary>
    public Vector512<short>* Pairs { get; }
}
