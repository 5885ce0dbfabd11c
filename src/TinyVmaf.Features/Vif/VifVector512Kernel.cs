using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// The AVX-512 kernel: <see cref="VifVectorKernel"/> (AVX2) twice as wide, the same arithmetic, 32 columns a
/// block. Its instructions work within 128-bit lanes as their AVX2 forms do, so the unpack, multiply-add and
/// pack steps keep the same column order. From here on the AVX2 kernel's own description, which holds with
/// the widths doubled. Every product of the filters is a 16 x 16-bit multiply-add (<c>vpmaddwd</c>), two taps at
/// a time, which needs signed 16-bit operands: samples, means and the two 16-bit halves of each 32-bit moment
/// are held offset by -32768, and the offset comes back out of every sum as 32768 times the window's sum
/// (all arithmetic is modulo 2^32, where libvmaf's sums are exact). A moment's halves are filtered apart and
/// recombined as hi + ((lo + 2^15) >> 16), which is libvmaf's 64-bit (sum + 2^15) >> 16 truncated to 32 bits.
/// Along a row the multiply-add pairs neighbouring columns, so one load yields 8 outputs for the even columns
/// of a block and another the odd ones; the per-pixel sums do not care in which order columns arrive.
/// Rows are taken 16 columns at a time; the last block of a row overlaps the one before, except in a row
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

    /// <summary>
    /// The scratch rows between the passes, one after another in a pinned buffer, each value stored offset by
    /// -32768 (see the class summary). Channel k starts at <c>k * _rowLength</c>.
    /// </summary>
    private readonly ushort[] _scratch;
    private readonly int _rowLength;

    /// <summary>Table indices of a row's logarithms (denominator, numerator, numerator's noise term), pinned.</summary>
    private readonly int[] _logIndices;
    private readonly int _indicesLength;

    public VifVector512Kernel(int maxWidth)
    {
        _rowLength = Pad + Math.Max(maxWidth, Lanes) + Slack;
        _scratch = GC.AllocateArray<ushort>(Channels * _rowLength, pinned: true);
        _indicesLength = maxWidth + 2 * Lanes;
        _logIndices = GC.AllocateArray<int>(3 * _indicesLength, pinned: true);
    }

    public static bool IsSupported => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// The narrowest picture this kernel takes: its first-scale blocks read a whole vector of each row, and only
    /// the coarser scales' buffers have slack to read past a narrower row.
    /// </summary>
    public const int MinimumWidth = Lanes;

    private static Vector512<ushort> Offset => Vector512.Create((ushort)0x8000);

    // A broadcast, which the JIT folds to a constant; the 16-argument form was left as a call building it each time.
    private static Vector512<uint> OddLanes => Vector512.Create(0xFFFF_FFFF_0000_0000UL).AsUInt32();

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

        // At scale 0 the means are shifted by the bit depth. With 8-bit samples a product fits 16 bits: its high
        // half is zero and need not be filtered.
        bool lowProductsOnly = scale == 0 && shiftMu == 8;
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
                FilterDown(
                    r + c, d + c, rowA, rowB, pairs, shiftMu, mu1 + Pad + c, mu2 + Pad + c,
                    out var refLoA, out var refLoB, out var disLoA, out var disLoB, out var refDisLoA, out var refDisLoB);
                int at = Pad + c;
                if (lowProductsOnly)
                {
                    StoreMoment(refLoA, refLoB, default, default, false, pairs.Bias, shiftSq, refHi + at, refLo + at);
                    StoreMoment(disLoA, disLoB, default, default, false, pairs.Bias, shiftSq, disHi + at, disLo + at);
                    StoreMoment(refDisLoA, refDisLoB, default, default, false, pairs.Bias, shiftSq, refDisHi + at, refDisLo + at);
                }
                else
                {
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

            var bias = Vector512.Create(pairs.Bias);
            var round = Vector512.Create(32768u);
            var limit = Vector512.Create(gainLimit);
            var laneSums = new LaneSums
            {
                DenIndices = indices,
                NumerIndices = indices + _indicesLength,
                Numer1Indices = indices + 2 * _indicesLength,
            };
            for (int j = 0; j < width; j += Lanes)
            {
                int start = Pad + j - half;
                FilterAlong(mu1 + start, mu2 + start, refHi + start, refLo + start, pairs, out var mu1Even, out var mu1Odd, out var mu2Even, out var mu2Odd, out var xxHiEven, out var xxHiOdd, out var xxLoEven, out var xxLoOdd);
                FilterAlong(disHi + start, disLo + start, refDisHi + start, refDisLo + start, pairs, out var yyHiEven, out var yyHiOdd, out var yyLoEven, out var yyLoOdd, out var xyHiEven, out var xyHiOdd, out var xyLoEven, out var xyLoOdd);

                // Lane m of the even vectors is column j + 2m, of the odd ones j + 2m + 1.
                int valid = Math.Min(width - j, Lanes);
                AddPixels(
                    mu1Even + bias, mu2Even + bias, Moment(xxHiEven, xxLoEven, bias, round), Moment(yyHiEven, yyLoEven, bias, round), Moment(xyHiEven, xyLoEven, bias, round),
                    (valid + 1) >> 1, limit, ref laneSums);
                AddPixels(
                    mu1Odd + bias, mu2Odd + bias, Moment(xxHiOdd, xxLoOdd, bias, round), Moment(yyHiOdd, yyLoOdd, bias, round), Moment(xyHiOdd, xyLoOdd, bias, round),
                    valid >> 1, limit, ref laneSums);
            }

            laneSums.AddTo(ref sums);
        }
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

        fixed (ushort* r = reference, d = distorted, outR = outReference, outD = outDistorted, scratch = _scratch)
        {
            ushort* mu1 = scratch, mu2 = mu1 + _rowLength;
            int last = Math.Max(width - Lanes, 0);
            for (int j = 0; j < width; j += Lanes)
            {
                int c = Math.Min(j, last);
                FilterMeansDown(r + c, d + c, rowA, rowB, pairs, shift, mu1 + Pad + c, mu2 + Pad + c);
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
    /// Filters 16 columns down the rows: stores the two means, and returns the sums of the low 16 bits of the
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

    /// <summary>The sums of the high 16 bits of the three products, down the rows, for 16 columns.</summary>
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

    /// <summary>Filters 16 columns of reference and distorted down the rows into offset 16-bit means.</summary>
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
    /// columns of a block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterAlong(
        ushort* a, ushort* b, ushort* c, ushort* d, TapPairs pairs,
        out Vector512<uint> aEven, out Vector512<uint> aOdd, out Vector512<uint> bEven, out Vector512<uint> bOdd,
        out Vector512<uint> cEven, out Vector512<uint> cOdd, out Vector512<uint> dEven, out Vector512<uint> dOdd)
    {
        Vector512<int> ae = default, ao = default, be = default, bo = default, ce = default, co = default, de = default, @do = default;
        var coefficients = pairs.Coefficients;
        var taps = pairs.Taps;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = coefficients[p];
            int t = taps[p];
            ae += Avx512BW.MultiplyAddAdjacent(Vector512.Load(a + t).AsInt16(), cf);
            ao += Avx512BW.MultiplyAddAdjacent(Vector512.Load(a + t + 1).AsInt16(), cf);
            be += Avx512BW.MultiplyAddAdjacent(Vector512.Load(b + t).AsInt16(), cf);
            bo += Avx512BW.MultiplyAddAdjacent(Vector512.Load(b + t + 1).AsInt16(), cf);
            ce += Avx512BW.MultiplyAddAdjacent(Vector512.Load(c + t).AsInt16(), cf);
            co += Avx512BW.MultiplyAddAdjacent(Vector512.Load(c + t + 1).AsInt16(), cf);
            de += Avx512BW.MultiplyAddAdjacent(Vector512.Load(d + t).AsInt16(), cf);
            @do += Avx512BW.MultiplyAddAdjacent(Vector512.Load(d + t + 1).AsInt16(), cf);
        }

        (aEven, aOdd, bEven, bOdd) = (ae.AsUInt32(), ao.AsUInt32(), be.AsUInt32(), bo.AsUInt32());
        (cEven, cOdd, dEven, dOdd) = (ce.AsUInt32(), co.AsUInt32(), de.AsUInt32(), @do.AsUInt32());
    }

    /// <summary>A moment filtered along the row and rounded to 32 bits: hi + ((lo + 2^15) >> 16), each half's bias taken out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Moment(Vector512<uint> hi, Vector512<uint> lo, Vector512<uint> bias, Vector512<uint> round) =>
        hi + bias + ((lo + bias + round) >> 16);

    /// <summary>
    /// (a * b + 2^31) >> 32 per 32-bit lane: libvmaf's rounded Q32 product of two means.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> MultiplyRoundHigh(Vector512<uint> a, Vector512<uint> b)
    {
        var round = Vector512.Create(0x80000000UL);
        var even = Avx512F.Multiply(a, b) + round;
        var odd = Avx512F.Multiply((a.AsUInt64() >> 32).AsUInt32(), (b.AsUInt64() >> 32).AsUInt32()) + round;
        return Vector512.ConditionalSelect(OddLanes, odd.AsUInt32(), (even >> 32).AsUInt32());
    }

    /// <summary>
    /// Adds the pixels of the first <paramref name="count"/> lanes, all lanes at once: libvmaf's per-pixel
    /// branches become lane masks, its double-precision gain arithmetic runs four lanes wide in the same
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
        sums.DenNonLog += BitOperations.PopCount(flat.ExtractMostSignificantBits());
        var flatSigma2Sq = sigma2Sq & flat;
        sums.NumNonLog += Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetLower()) + Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetUpper());
        if (informative == Vector512<int>.Zero)
        {
            return;
        }

        sums.Informative += BitOperations.PopCount(informative.ExtractMostSignificantBits());
        var gained = informative & Vector512.GreaterThan(sigma12, Vector512<int>.Zero) & Vector512.GreaterThan(sigma2Sq, Vector512<int>.Zero);
        AddInformative(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), informative.GetLower(), gained.GetLower(), gainLimit, ref sums);
        AddInformative(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), informative.GetUpper(), gained.GetUpper(), gainLimit, ref sums);
    }

    /// <summary>
    /// Four lanes of the log branch: the denominator term, and the numerator term where the gain counts. The
    /// exponent parts of the logarithms are summed here; the table parts are left as indices for
    /// <see cref="LaneSums.AddTo"/>, index 0 (a zero entry) standing for a lane outside the branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInformative(
        Vector256<int> sigma1Sq, Vector256<int> sigma2Sq, Vector256<int> sigma12, Vector256<int> informative, Vector256<int> gained,
        Vector512<double> gainLimit, ref LaneSums sums)
    {
        var nsq = Vector256.Create(VifAccumulator.SigmaNsq);
        var index = Log2(Avx512F.ConvertToVector512Double(sigma1Sq + nsq), out var exponent);
        (index & informative).Store(sums.DenIndices + sums.DenCount);
        sums.DenCount += 8;
        sums.DenLog += exponent & Avx512F.ConvertToVector512Int64(informative);
        if (gained == Vector256<int>.Zero)
        {
            return;
        }

        var s1 = Avx512F.ConvertToVector512Double(sigma1Sq);
        var s12 = Avx512F.ConvertToVector512Double(sigma12);
        var g = s12 / (s1 + Vector512.Create(65536 * 1.0e-10));
        var svSq = Vector256.Max(Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(sigma2Sq) - g * s12), Vector256<int>.Zero);
        g = Avx512F.Min(g, gainLimit);
        var numer1 = Avx512F.ConvertToVector512Double(svSq + nsq);
        var numer = Avx512F.RoundScale(g * g * s1, 0b11) + numer1;
        var numerIndex = Log2(numer, out var numerExponent);
        var numer1Index = Log2(numer1, out var numer1Exponent);
        (numerIndex & gained).Store(sums.NumerIndices + sums.NumCount);
        (numer1Index & gained).Store(sums.Numer1Indices + sums.NumCount);
        sums.NumCount += 8;
        sums.NumLog += (numerExponent - numer1Exponent) & Avx512F.ConvertToVector512Int64(gained);
    }

    /// <summary>
    /// <see cref="VifLog2.Log2(ulong)"/> of four integer-valued doubles (exact, at least 2^15), in two parts:
    /// the table index (the top 16 bits) and 2048 times the shift k that leaves them. The exponent gives k,
    /// a multiply by 2^-k the index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Log2(Vector512<double> value, out Vector512<long> exponentPart)
    {
        const long exponentMask = 0x7FF0000000000000;
        const int biasedExponentOf2To15 = 1023 + 15;
        var bits = value.AsInt64();
        exponentPart = Vector512.ShiftLeft(Vector512.ShiftRightLogical(bits, 52) - Vector512.Create((long)biasedExponentOf2To15), 11);
        // A biased exponent of (2 * 1023 + 15) - E is 2^(15 - e): scaling by it maps value into [2^15, 2^16).
        var scale = (Vector512.Create((long)(2 * 1023 + 15) << 52) - (bits & Vector512.Create(exponentMask))).AsDouble();
        return Avx512F.ConvertToVector256Int32WithTruncation(value * scale);
    }

    /// <summary>
    /// The four sums of <see cref="VifAccumulator"/>, per lane, over one row, with the table indices of its
    /// logarithms; folded into the accumulator at the end of the row.
    /// </summary>
    private struct LaneSums
    {
        public Vector512<long> NumLog;
        public Vector512<long> DenLog;
        public Vector512<long> NumNonLog;
        public long DenNonLog;
        public long Informative;
        public int* DenIndices;
        public int* NumerIndices;
        public int* Numer1Indices;
        public int DenCount;
        public int NumCount;

        public readonly void AddTo(ref VifAccumulator sums)
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

            sums.NumLog += Vector512.Sum(NumLog) + numLog;
            // Each denominator term is log2(sigma_n^2 + sigma1^2) - log2(sigma_n^2); the second part goes here.
            sums.DenLog += Vector512.Sum(DenLog) + denLog - VifAccumulator.Log2SigmaNsq * Informative;
            sums.NumNonLog += Vector512.Sum(NumNonLog);
            sums.DenNonLog += DenNonLog;
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

            _pinned = [taps, secondTaps, vectors];
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
    }
}
