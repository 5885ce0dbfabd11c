using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// The lane operations the vector VIF kernel needs, for one vector width. Unpack, multiply-add and pack work
/// within 128-bit lanes at every width, so interleaving two rows and packing the sums back still cancel each
/// other's lane order and one kernel (<see cref="VifSimdKernel{TLanes, TShort, TInt}"/>) serves AVX2 and
/// AVX-512 alike. The per-pixel statistics differ in what each instruction set offers, so they come whole.
/// </summary>
/// <typeparam name="TShort">A vector of 16-bit lanes.</typeparam>
/// <typeparam name="TInt">A vector of 32-bit lanes, as wide in bits as <typeparamref name="TShort"/>.</typeparam>
internal unsafe interface IVifLanes<TShort, TInt>
    where TShort : unmanaged
    where TInt : unmanaged
{
    /// <summary>16-bit lanes per vector: the columns of one block.</summary>
    static abstract int Count { get; }

    static abstract TShort Load(ushort* source);

    /// <summary>
    /// A vector of source samples: 16-bit ones, or 8-bit ones zero-extended by the load (<c>vpmovzxbw</c>).
    /// From a pointer like every other load here, not through <see cref="SampleVectors"/>: its loads from a
    /// reference cost the 16-bit path its folded address modes (an extra <c>lea</c> per load, 3 % on AVX2).
    /// </summary>
    static abstract TShort LoadSamples<TSample>(TSample* source)
        where TSample : unmanaged;

    static abstract void Store(TShort value, ushort* destination);

    static abstract void Store(TInt value, uint* destination);

    static abstract TShort Create(ushort value);

    /// <summary>A 32-bit pattern (two 16-bit coefficients) repeated across the vector.</summary>
    static abstract TShort Pair(uint pattern);

    static abstract TInt Create(int value);

    static abstract TShort Add(TShort a, TShort b);

    static abstract TShort Xor(TShort a, TShort b);

    static abstract TShort MultiplyLow(TShort a, TShort b);

    static abstract TShort MultiplyHigh(TShort a, TShort b);

    static abstract TShort UnpackLow(TShort a, TShort b);

    static abstract TShort UnpackHigh(TShort a, TShort b);

    /// <summary>Signed 16 x 16-bit products of adjacent lanes summed into 32 bits (<c>vpmaddwd</c>).</summary>
    static abstract TInt MultiplyAdd(TShort a, TShort b);

    /// <summary><paramref name="sum"/> plus <see cref="MultiplyAdd(TShort, TShort)"/> of a and b, modulo 2^32 (<c>vpdpwssd</c> where the CPU has it).</summary>
    static abstract TInt MultiplyAdd(TInt sum, TShort a, TShort b);

    static abstract TInt Add(TInt a, TInt b);

    /// <summary>The low 32 bits of each lane's product (<c>vpmulld</c>).</summary>
    static abstract TInt MultiplyLow(TInt a, TInt b);

    static abstract TInt And(TInt a, TInt b);

    static abstract TInt ShiftLeft(TInt value, int count);

    static abstract TInt ShiftRightLogical(TInt value, int count);

    /// <summary>Packs two vectors of 32-bit lanes to 16 bits with unsigned saturation, within 128-bit lanes.</summary>
    static abstract TShort PackUnsignedSaturate(TInt low, TInt high);

    /// <summary>Stores the low 16 bits of each 32-bit lane (half a vector of samples).</summary>
    static abstract void StoreNarrow(TInt value, ushort* destination);

    /// <summary>
    /// Adds one row's pixels to <paramref name="sums"/> from the five filtered inputs
    /// <see cref="VifSimdKernel{TLanes, TShort, TInt}"/> leaves (see there), each
    /// <paramref name="momentsLength"/> long; <paramref name="indices"/> is scratch for three rows of table indices.
    /// </summary>
    static abstract void AddRow(
        uint* moments, int momentsLength, int width, double gainLimit, int* indices, int indicesLength, ref VifAccumulator sums);
}

/// <summary>
/// The vector kernel written once over the vector width, a block of <c>TLanes.Count</c> columns at a time.
/// Every product of the filters is a 16 x 16-bit multiply-add (<c>vpmaddwd</c>), two taps at a time, which needs
/// signed 16-bit operands: samples, means and the two 16-bit halves of each 32-bit moment are held offset by
/// -32768, and the offset comes back out of every sum as 32768 times the window's sum (all arithmetic is modulo
/// 2^32, where libvmaf's sums are exact). A moment's halves are filtered apart and recombined as
/// hi + ((lo + 2^15) >> 16), which is libvmaf's 64-bit (sum + 2^15) >> 16 truncated to 32 bits. 8-bit samples
/// at the first scale take a folded window down the columns (see <see cref="FilterRowDownFolded"/>).
/// Along a row the multiply-add pairs neighbouring columns: a load at an even offset serves the even outputs of
/// a block with one pair of coefficients and the odd outputs with the pair one tap earlier. The filtered means
/// and moments of a row (32 bits each, a block's even columns then its odd ones) then go to the lanes'
/// <see cref="IVifLanes{TShort, TInt}.AddRow"/>; the per-pixel sums do not care in which order columns arrive.
/// The last block of a row overlaps the one before, except in a row narrower than a block (coarser scales of
/// small pictures), which is read past its end into the <see cref="VifPyramid.BufferSlack"/> of the pyramid's
/// buffers.
/// </summary>
internal unsafe class VifSimdKernel<TLanes, TShort, TInt> : IVifKernel, IVifKernel<byte>
    where TLanes : struct, IVifLanes<TShort, TInt>
    where TShort : unmanaged
    where TInt : unmanaged
{
    /// <summary>Scratch columns before column 0: at least the widest half window.</summary>
    private const int Pad = 16;

    /// <summary>Scratch rows: the two means and the two halves of the three moments.</summary>
    private const int Channels = 8;

    /// <summary>Scratch rows in all: <see cref="Channels"/>, then the two means of a fused subsampling.</summary>
    private const int ScratchRows = Channels + 2;

    /// <summary>The five filtered inputs of the statistics: two means, three moments.</summary>
    private const int Inputs = 5;

    private static readonly VifTapPairs[] Windows =
        [.. Enumerable.Range(0, VifFilters.ScaleCount).Select(scale => new VifTapPairs(VifFilters.Window(scale)))];

    private static readonly VifFoldedWindow[] Folds =
        [.. Enumerable.Range(0, VifFilters.ScaleCount).Select(scale => new VifFoldedWindow(VifFilters.Window(scale)))];

    /// <summary>
    /// The scratch rows between the passes, one after another in a pinned buffer, each value stored offset by
    /// -32768 (see the class summary). Channel k starts at <c>k * _rowLength</c>.
    /// </summary>
    private readonly ushort[] _scratch;
    private readonly int _rowLength;

    /// <summary>A row's filtered means and moments, 32 bits each, pinned.</summary>
    private readonly uint[] _moments;
    private readonly int _momentsLength;

    /// <summary>Table indices of a row's logarithms (three rows for <see cref="IVifLanes{TShort, TInt}.AddRow"/>), pinned.</summary>
    private readonly int[] _logIndices;
    private readonly int _indicesLength;

    protected VifSimdKernel(int maxWidth)
    {
        int lanes = TLanes.Count;
        // After the last column: the mirrored ones, then reads and writes of a last partial block.
        _rowLength = Pad + Math.Max(maxWidth, lanes) + 3 * lanes;
        _scratch = GC.AllocateArray<ushort>(ScratchRows * _rowLength, pinned: true);
        _momentsLength = maxWidth + 2 * lanes;
        _moments = GC.AllocateArray<uint>(Inputs * _momentsLength, pinned: true);
        _indicesLength = maxWidth + 2 * lanes;
        _logIndices = GC.AllocateArray<int>(3 * _indicesLength, pinned: true);
    }

    private static TShort Offset => TLanes.Create((ushort)0x8000);

    // 16-bit samples at every scale, 8-bit ones (as read) at the first: each row pass below is written once over
    // the sample type, and only its loads of source samples differ.
    void IVifKernel<ushort>.StatisticsRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int scale, int width, int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums) =>
        StatisticsRow(reference, distorted, rows, scale, width, shiftMu, shiftSq, gainLimit, ref sums);

    void IVifKernel<byte>.StatisticsRow(
        byte[] reference, byte[] distorted, ReadOnlySpan<int> rows, int scale, int width, int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums) =>
        StatisticsRow(reference, distorted, rows, scale, width, shiftMu, shiftSq, gainLimit, ref sums);

    void IVifKernel<ushort>.StatisticsAndSubsampleRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<int> subsampleRows, int width, int shiftMu, int shiftSq, double gainLimit,
        ref VifAccumulator sums, ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth) =>
        StatisticsAndSubsampleRow(reference, distorted, rows, subsampleRows, width, shiftMu, shiftSq, gainLimit, ref sums, outReference, outDistorted, outputOffset, outputWidth);

    void IVifKernel<byte>.StatisticsAndSubsampleRow(
        byte[] reference, byte[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<int> subsampleRows, int width, int shiftMu, int shiftSq, double gainLimit,
        ref VifAccumulator sums, ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth) =>
        StatisticsAndSubsampleRow(reference, distorted, rows, subsampleRows, width, shiftMu, shiftSq, gainLimit, ref sums, outReference, outDistorted, outputOffset, outputWidth);

    void IVifKernel<ushort>.SubsampleRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth) =>
        SubsampleRow(reference, distorted, rows, windowScale, width, shift, outReference, outDistorted, outputOffset, outputWidth);

    void IVifKernel<byte>.SubsampleRow(
        byte[] reference, byte[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth) =>
        SubsampleRow(reference, distorted, rows, windowScale, width, shift, outReference, outDistorted, outputOffset, outputWidth);

    // Fully optimised from the first call: unoptimised (tier-0) vector code is many times slower, which short
    // clips and tests would otherwise spend most of their time in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StatisticsRow<TSample>(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, int scale, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums)
        where TSample : unmanaged
    {
        var pairs = Windows[scale];
        var fold = Folds[scale];
        int* rowA = stackalloc int[pairs.Count];
        int* rowB = stackalloc int[pairs.Count];
        int* rowLow = stackalloc int[fold.Count];
        int* rowHigh = stackalloc int[fold.Count];
        pairs.Rows(rows, rowA, rowB);
        fold.Rows(rows, rowLow, rowHigh);

        // At scale 0 the means are shifted by the bit depth. With 8-bit samples every moment sum fits 32 bits
        // and the window folds.
        bool folded = scale == 0 && shiftMu == 8;
        fixed (TSample* r = reference, d = distorted)
        fixed (ushort* scratch = _scratch)
        fixed (uint* moments = _moments)
        fixed (int* indices = _logIndices)
        {
            if (folded)
            {
                FilterRowDownFolded(r, d, rowLow, rowHigh, fold, null, width, scratch, _rowLength);
            }
            else
            {
                FilterRowDown(r, d, rowA, rowB, pairs, width, shiftMu, shiftSq, scratch, _rowLength);
            }

            for (int channel = 0; channel < Channels; channel++)
            {
                Mirror(scratch + channel * _rowLength, width, pairs.Half);
            }

            FilterRowAlong(scratch, _rowLength, pairs, width, moments, _momentsLength);
            TLanes.AddRow(moments, _momentsLength, width, gainLimit, indices, _indicesLength, ref sums);
        }
    }

    /// <summary>
    /// With 8-bit samples the folded first-scale window holds the folded window of scale 1 at its middle rows:
    /// the subsampled means come from the same folded sums with scale 1's coefficients.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StatisticsAndSubsampleRow<TSample>(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<int> subsampleRows, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth)
        where TSample : unmanaged
    {
        if (shiftMu != 8)
        {
            StatisticsRow(reference, distorted, rows, 0, width, shiftMu, shiftSq, gainLimit, ref sums);
            SubsampleRow(reference, distorted, subsampleRows, 1, width, shiftMu, outReference, outDistorted, outputOffset, outputWidth);
            return;
        }

        var pairs = Windows[0];
        var fold = Folds[0];
        int* rowLow = stackalloc int[fold.Count];
        int* rowHigh = stackalloc int[fold.Count];
        fold.Rows(rows, rowLow, rowHigh);
        fixed (TSample* r = reference, d = distorted)
        fixed (ushort* outR = outReference, outD = outDistorted, scratch = _scratch)
        fixed (uint* moments = _moments)
        fixed (int* indices = _logIndices)
        {
            FilterRowDownFolded(r, d, rowLow, rowHigh, fold, Folds[1], width, scratch, _rowLength);
            for (int channel = 0; channel < Channels; channel++)
            {
                Mirror(scratch + channel * _rowLength, width, pairs.Half);
            }

            FilterRowAlong(scratch, _rowLength, pairs, width, moments, _momentsLength);
            TLanes.AddRow(moments, _momentsLength, width, gainLimit, indices, _indicesLength, ref sums);

            ushort* sub1 = scratch + Channels * _rowLength, sub2 = sub1 + _rowLength;
            var subsample = Windows[1];
            Mirror(sub1, width, subsample.Half);
            Mirror(sub2, width, subsample.Half);
            SubsampleAlong(sub1, sub2, subsample, outR + outputOffset, outD + outputOffset, outputWidth);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SubsampleRow<TSample>(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth)
        where TSample : unmanaged
    {
        int lanes = TLanes.Count;
        var pairs = Windows[windowScale];
        var fold = Folds[windowScale];
        int* rowA = stackalloc int[pairs.Count];
        int* rowB = stackalloc int[pairs.Count];
        int* rowLow = stackalloc int[fold.Count];
        int* rowHigh = stackalloc int[fold.Count];
        pairs.Rows(rows, rowA, rowB);
        fold.Rows(rows, rowLow, rowHigh);

        // Below 15 bits (the first scale's samples) the sum of two samples is a signed 16-bit operand: fold the window.
        bool folded = shift < 15;
        fixed (TSample* r = reference, d = distorted)
        fixed (ushort* outR = outReference, outD = outDistorted, scratch = _scratch)
        {
            ushort* mu1 = scratch, mu2 = mu1 + _rowLength;
            int last = Math.Max(width - lanes, 0);
            for (int j = 0; j < width; j += lanes)
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

            Mirror(mu1, width, pairs.Half);
            Mirror(mu2, width, pairs.Half);
            SubsampleAlong(mu1, mu2, pairs, outR + outputOffset, outD + outputOffset, outputWidth);
        }
    }

    /// <summary>Low-passes two mirrored scratch rows of means along themselves at their even columns.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void SubsampleAlong(ushort* mu1, ushort* mu2, VifTapPairs pairs, ushort* outR, ushort* outD, int outputWidth)
    {
        int lanes = TLanes.Count, half = pairs.Half;
        var bias = TLanes.Create((int)(pairs.Bias + 32768u));
        var coefficients = pairs.Coefficients;
        var taps = pairs.Taps;
        // Half a block of outputs at a time, from the even columns of a block; a last partial one writes into
        // the next output row (produced after this one) or the buffer's slack.
        for (int o = 0; o < outputWidth; o += lanes / 2)
        {
            ushort* startR = mu1 + Pad + 2 * o - half, startD = mu2 + Pad + 2 * o - half;
            TInt accR = default, accD = default;
            for (int p = 0; p < pairs.Count; p++)
            {
                var cf = TLanes.Pair(coefficients[p]);
                accR = TLanes.MultiplyAdd(accR, TLanes.Load(startR + taps[p]), cf);
                accD = TLanes.MultiplyAdd(accD, TLanes.Load(startD + taps[p]), cf);
            }

            TLanes.StoreNarrow(TLanes.ShiftRightLogical(TLanes.Add(accR, bias), 16), outR + o);
            TLanes.StoreNarrow(TLanes.ShiftRightLogical(TLanes.Add(accD, bias), 16), outD + o);
        }
    }

    /// <summary>Filters a row down the columns into the eight scratch rows, window pair by pair.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FilterRowDown<TSample>(
        TSample* r, TSample* d, int* rowA, int* rowB, VifTapPairs pairs, int width, int shiftMu, int shiftSq, ushort* scratch, int rowLength)
        where TSample : unmanaged
    {
        int lanes = TLanes.Count;
        ushort* mu1 = scratch, mu2 = mu1 + rowLength;
        ushort* refHi = mu2 + rowLength, refLo = refHi + rowLength;
        ushort* disHi = refLo + rowLength, disLo = disHi + rowLength;
        ushort* refDisHi = disLo + rowLength, refDisLo = refDisHi + rowLength;
        int last = Math.Max(width - lanes, 0);
        for (int j = 0; j < width; j += lanes)
        {
            // The last block overlaps the one before rather than reading past the row.
            int c = Math.Min(j, last);
            int at = Pad + c;
            FilterDown(
                r + c, d + c, rowA, rowB, pairs, shiftMu, mu1 + at, mu2 + at,
                out var refLoA, out var refLoB, out var disLoA, out var disLoB, out var refDisLoA, out var refDisLoB);
            FilterHighDown(
                r + c, d + c, rowA, rowB, pairs,
                out var refHiA, out var refHiB, out var disHiA, out var disHiB, out var refDisHiA, out var refDisHiB);
            StoreMoment(refLoA, refLoB, refHiA, refHiB, pairs.Bias, shiftSq, refHi + at, refLo + at);
            StoreMoment(disLoA, disLoB, disHiA, disHiB, pairs.Bias, shiftSq, disHi + at, disLo + at);
            StoreMoment(refDisLoA, refDisLoB, refDisHiA, refDisHiB, pairs.Bias, shiftSq, refDisHi + at, refDisLo + at);
        }
    }

    /// <summary>
    /// Filters a row of 8-bit samples down the columns into the eight scratch rows over the folded window: rows
    /// k and n - 1 - k share a coefficient, so the means filter the sums of the two rows (at most 510, a signed
    /// 16-bit operand with no offset), and each moment takes both rows' products in one multiply-add of the
    /// samples with themselves (r_k^2 + r_(n-1-k)^2 in 32 bits) times the coefficient (<c>vpmulld</c>). Every
    /// 8-bit moment sum fits 32 bits, so the moments come out whole. With an <paramref name="inner"/> window (the
    /// next scale's, centred in this one) the same folded sums also give its means, into the two scratch rows
    /// after the eight.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FilterRowDownFolded<TSample>(
        TSample* r, TSample* d, int* rowLow, int* rowHigh, VifFoldedWindow fold, VifFoldedWindow? inner, int width, ushort* scratch, int rowLength)
        where TSample : unmanaged
    {
        // The inner window's folded pairs of rows are the outer's last ones, pair for pair (4 = 9 - 5 at scale 0).
        if (inner is not null && (fold.Count - inner.Count) % 2 != 0)
        {
            throw new ArgumentException("the inner window's pairs must line up with the outer's", nameof(inner));
        }

        int innerFrom = inner is null ? int.MaxValue : fold.Count - inner.Count;
        uint* innerPairs = inner is null ? null : inner.Pairs - innerFrom / 2;
        int lanes = TLanes.Count;
        ushort* mu1 = scratch, mu2 = mu1 + rowLength;
        ushort* refHi = mu2 + rowLength, refLo = refHi + rowLength;
        ushort* disHi = refLo + rowLength, disLo = disHi + rowLength;
        ushort* refDisHi = disLo + rowLength, refDisLo = refDisHi + rowLength;
        ushort* sub1 = refDisLo + rowLength, sub2 = sub1 + rowLength;
        var scalars = fold.Scalars;
        var pairCoefficients = fold.Pairs;
        int count = fold.Count;
        var round = TLanes.Create(1 << 7);
        int last = Math.Max(width - lanes, 0);

        // The next output row adds the row below this window; the source frame is rarely in cache (its reader filled
        // it on another core, or long before), so that row is asked for while this one is computed.
        int next = count > 1 ? rowHigh[0] + (rowHigh[0] - rowHigh[1]) : rowHigh[0];
        for (int j = 0; j < width; j += lanes)
        {
            int c = Math.Min(j, last);
            TSample* rc = r + c, dc = d + c;
            Prefetch.Line(rc + next);
            Prefetch.Line(dc + next);
            TInt mu1A = default, mu1B = default, mu2A = default, mu2B = default;
            TInt sub1A = default, sub1B = default, sub2A = default, sub2B = default;
            TInt refA = default, refB = default, disA = default, disB = default, refDisA = default, refDisB = default;
            for (int q = 0; q < count; q += 2)
            {
                var ra = TLanes.LoadSamples(rc + rowLow[q]);
                var rb = TLanes.LoadSamples(rc + rowHigh[q]);
                var da = TLanes.LoadSamples(dc + rowLow[q]);
                var db = TLanes.LoadSamples(dc + rowHigh[q]);
                MomentsFolded(ra, rb, da, db, TLanes.Create(scalars[q]), ref refA, ref refB, ref disA, ref disB, ref refDisA, ref refDisB);
                var fr0 = TLanes.Add(ra, rb);
                var fd0 = TLanes.Add(da, db);
                TShort fr1 = default, fd1 = default;
                // Past the centre the pair's second coefficient is 0 and its folded sum may stay 0.
                if (q + 1 < count)
                {
                    var ra1 = TLanes.LoadSamples(rc + rowLow[q + 1]);
                    var rb1 = TLanes.LoadSamples(rc + rowHigh[q + 1]);
                    var da1 = TLanes.LoadSamples(dc + rowLow[q + 1]);
                    var db1 = TLanes.LoadSamples(dc + rowHigh[q + 1]);
                    MomentsFolded(ra1, rb1, da1, db1, TLanes.Create(scalars[q + 1]), ref refA, ref refB, ref disA, ref disB, ref refDisA, ref refDisB);
                    fr1 = TLanes.Add(ra1, rb1);
                    fd1 = TLanes.Add(da1, db1);
                }

                var cf = TLanes.Pair(pairCoefficients[q >> 1]);
                MultiplyAdd(ref mu1A, ref mu1B, fr0, fr1, cf);
                MultiplyAdd(ref mu2A, ref mu2B, fd0, fd1, cf);
                if (q >= innerFrom)
                {
                    var innerCf = TLanes.Pair(innerPairs[q >> 1]);
                    MultiplyAdd(ref sub1A, ref sub1B, fr0, fr1, innerCf);
                    MultiplyAdd(ref sub2A, ref sub2B, fd0, fd1, innerCf);
                }
            }

            int at = Pad + c;
            StoreMeans(mu1A, mu1B, round, 8, mu1 + at);
            StoreMeans(mu2A, mu2B, round, 8, mu2 + at);
            StoreMoment(refA, refB, refHi + at, refLo + at);
            StoreMoment(disA, disB, disHi + at, disLo + at);
            StoreMoment(refDisA, refDisB, refDisHi + at, refDisLo + at);
            if (innerPairs != null)
            {
                StoreMeans(sub1A, sub1B, round, 8, sub1 + at);
                StoreMeans(sub2A, sub2B, round, 8, sub2 + at);
            }
        }
    }

    /// <summary>
    /// Filters the eight scratch rows along themselves into the five inputs of the statistics (two means, three
    /// moments, 32 bits each), block by block: the even columns of a block, then its odd ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FilterRowAlong(ushort* scratch, int rowLength, VifTapPairs pairs, int width, uint* moments, int momentsLength)
    {
        int lanes = TLanes.Count, halfBlock = lanes / 2;
        ushort* mu1 = scratch, mu2 = mu1 + rowLength;
        ushort* refHi = mu2 + rowLength, refLo = refHi + rowLength;
        ushort* disHi = refLo + rowLength, disLo = disHi + rowLength;
        ushort* refDisHi = disLo + rowLength, refDisLo = refDisHi + rowLength;
        uint* outMu1 = moments, outMu2 = outMu1 + momentsLength, outXx = outMu2 + momentsLength;
        uint* outYy = outXx + momentsLength, outXy = outYy + momentsLength;
        var bias = TLanes.Create((int)pairs.Bias);
        var roundedBias = TLanes.Create((int)(pairs.Bias + 32768u));
        int half = pairs.Half;
        for (int j = 0; j < width; j += lanes)
        {
            int start = Pad + j - half;
            FilterAlong(
                mu1 + start, mu2 + start, refHi + start, refLo + start, pairs,
                out var mu1Even, out var mu1Odd, out var mu2Even, out var mu2Odd, out var xxHiEven, out var xxHiOdd, out var xxLoEven, out var xxLoOdd);
            TLanes.Store(TLanes.Add(mu1Even, bias), outMu1 + j);
            TLanes.Store(TLanes.Add(mu1Odd, bias), outMu1 + j + halfBlock);
            TLanes.Store(TLanes.Add(mu2Even, bias), outMu2 + j);
            TLanes.Store(TLanes.Add(mu2Odd, bias), outMu2 + j + halfBlock);
            TLanes.Store(Moment(xxHiEven, xxLoEven, bias, roundedBias), outXx + j);
            TLanes.Store(Moment(xxHiOdd, xxLoOdd, bias, roundedBias), outXx + j + halfBlock);
            FilterAlong(
                disHi + start, disLo + start, refDisHi + start, refDisLo + start, pairs,
                out var yyHiEven, out var yyHiOdd, out var yyLoEven, out var yyLoOdd, out var xyHiEven, out var xyHiOdd, out var xyLoEven, out var xyLoOdd);
            TLanes.Store(Moment(yyHiEven, yyLoEven, bias, roundedBias), outYy + j);
            TLanes.Store(Moment(yyHiOdd, yyLoOdd, bias, roundedBias), outYy + j + halfBlock);
            TLanes.Store(Moment(xyHiEven, xyLoEven, bias, roundedBias), outXy + j);
            TLanes.Store(Moment(xyHiOdd, xyLoOdd, bias, roundedBias), outXy + j + halfBlock);
        }
    }

    /// <summary>
    /// Filters a block of columns down the rows: stores the two means, and returns the sums of the low 16 bits of
    /// the three products (reference squared, distorted squared, reference times distorted), as the unpack-low
    /// and unpack-high multiply-adds leave them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterDown<TSample>(
        TSample* r, TSample* d, int* rowA, int* rowB, VifTapPairs pairs, int shiftMu, ushort* mu1, ushort* mu2,
        out TInt refA, out TInt refB, out TInt disA, out TInt disB, out TInt refDisA, out TInt refDisB)
        where TSample : unmanaged
    {
        var offset = Offset;
        TInt mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        refA = refB = disA = disB = refDisA = refDisB = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = TLanes.Pair(coefficients[p]);
            var ra = TLanes.LoadSamples(r + rowA[p]);
            var rb = TLanes.LoadSamples(r + rowB[p]);
            var da = TLanes.LoadSamples(d + rowA[p]);
            var db = TLanes.LoadSamples(d + rowB[p]);
            MultiplyAdd(ref mu1A, ref mu1B, TLanes.Xor(ra, offset), TLanes.Xor(rb, offset), cf);
            MultiplyAdd(ref mu2A, ref mu2B, TLanes.Xor(da, offset), TLanes.Xor(db, offset), cf);
            MultiplyAdd(ref refA, ref refB, TLanes.Xor(TLanes.MultiplyLow(ra, ra), offset), TLanes.Xor(TLanes.MultiplyLow(rb, rb), offset), cf);
            MultiplyAdd(ref disA, ref disB, TLanes.Xor(TLanes.MultiplyLow(da, da), offset), TLanes.Xor(TLanes.MultiplyLow(db, db), offset), cf);
            MultiplyAdd(ref refDisA, ref refDisB, TLanes.Xor(TLanes.MultiplyLow(ra, da), offset), TLanes.Xor(TLanes.MultiplyLow(rb, db), offset), cf);
        }

        var meanBias = TLanes.Create((int)(pairs.Bias + (1u << (shiftMu - 1))));
        StoreMeans(mu1A, mu1B, meanBias, shiftMu, mu1);
        StoreMeans(mu2A, mu2B, meanBias, shiftMu, mu2);
    }

    /// <summary>The sums of the high 16 bits of the three products, down the rows, for a block of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterHighDown<TSample>(
        TSample* r, TSample* d, int* rowA, int* rowB, VifTapPairs pairs,
        out TInt refA, out TInt refB, out TInt disA, out TInt disB, out TInt refDisA, out TInt refDisB)
        where TSample : unmanaged
    {
        var offset = Offset;
        refA = refB = disA = disB = refDisA = refDisB = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = TLanes.Pair(coefficients[p]);
            var ra = TLanes.LoadSamples(r + rowA[p]);
            var rb = TLanes.LoadSamples(r + rowB[p]);
            var da = TLanes.LoadSamples(d + rowA[p]);
            var db = TLanes.LoadSamples(d + rowB[p]);
            MultiplyAdd(ref refA, ref refB, TLanes.Xor(TLanes.MultiplyHigh(ra, ra), offset), TLanes.Xor(TLanes.MultiplyHigh(rb, rb), offset), cf);
            MultiplyAdd(ref disA, ref disB, TLanes.Xor(TLanes.MultiplyHigh(da, da), offset), TLanes.Xor(TLanes.MultiplyHigh(db, db), offset), cf);
            MultiplyAdd(ref refDisA, ref refDisB, TLanes.Xor(TLanes.MultiplyHigh(ra, da), offset), TLanes.Xor(TLanes.MultiplyHigh(rb, db), offset), cf);
        }
    }

    /// <summary>Adds coefficient times (a^2 + b^2), (c^2 + d^2) and (ac + bd) for rows a, b of one sample and c, d of the other, in 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MomentsFolded(
        TShort ra, TShort rb, TShort da, TShort db, TInt coefficient,
        ref TInt refA, ref TInt refB, ref TInt disA, ref TInt disB, ref TInt refDisA, ref TInt refDisB)
    {
        var rl = TLanes.UnpackLow(ra, rb);
        var rh = TLanes.UnpackHigh(ra, rb);
        var dl = TLanes.UnpackLow(da, db);
        var dh = TLanes.UnpackHigh(da, db);
        refA = TLanes.Add(refA, TLanes.MultiplyLow(TLanes.MultiplyAdd(rl, rl), coefficient));
        refB = TLanes.Add(refB, TLanes.MultiplyLow(TLanes.MultiplyAdd(rh, rh), coefficient));
        disA = TLanes.Add(disA, TLanes.MultiplyLow(TLanes.MultiplyAdd(dl, dl), coefficient));
        disB = TLanes.Add(disB, TLanes.MultiplyLow(TLanes.MultiplyAdd(dh, dh), coefficient));
        refDisA = TLanes.Add(refDisA, TLanes.MultiplyLow(TLanes.MultiplyAdd(rl, dl), coefficient));
        refDisB = TLanes.Add(refDisB, TLanes.MultiplyLow(TLanes.MultiplyAdd(rh, dh), coefficient));
    }

    /// <summary>Filters a block of columns of reference and distorted down the rows into offset 16-bit means.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterMeansDown<TSample>(TSample* r, TSample* d, int* rowA, int* rowB, VifTapPairs pairs, int shift, ushort* mu1, ushort* mu2)
        where TSample : unmanaged
    {
        var offset = Offset;
        TInt mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        var coefficients = pairs.Coefficients;
        for (int p = 0; p < pairs.Count; p++)
        {
            var cf = TLanes.Pair(coefficients[p]);
            MultiplyAdd(ref mu1A, ref mu1B, TLanes.Xor(TLanes.LoadSamples(r + rowA[p]), offset), TLanes.Xor(TLanes.LoadSamples(r + rowB[p]), offset), cf);
            MultiplyAdd(ref mu2A, ref mu2B, TLanes.Xor(TLanes.LoadSamples(d + rowA[p]), offset), TLanes.Xor(TLanes.LoadSamples(d + rowB[p]), offset), cf);
        }

        var bias = TLanes.Create((int)(pairs.Bias + (1u << (shift - 1))));
        StoreMeans(mu1A, mu1B, bias, shift, mu1);
        StoreMeans(mu2A, mu2B, bias, shift, mu2);
    }

    /// <summary><see cref="FilterMeansDown"/> over the folded window, for samples below 15 bits (no offset).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterMeansDownFolded<TSample>(TSample* r, TSample* d, int* rowLow, int* rowHigh, VifFoldedWindow fold, int shift, ushort* mu1, ushort* mu2)
        where TSample : unmanaged
    {
        TInt mu1A = default, mu1B = default, mu2A = default, mu2B = default;
        var pairCoefficients = fold.Pairs;
        int count = fold.Count;
        int q = 0;
        for (; q + 1 < count; q += 2)
        {
            var cf = TLanes.Pair(pairCoefficients[q >> 1]);
            var r0 = TLanes.Add(TLanes.LoadSamples(r + rowLow[q]), TLanes.LoadSamples(r + rowHigh[q]));
            var r1 = TLanes.Add(TLanes.LoadSamples(r + rowLow[q + 1]), TLanes.LoadSamples(r + rowHigh[q + 1]));
            var d0 = TLanes.Add(TLanes.LoadSamples(d + rowLow[q]), TLanes.LoadSamples(d + rowHigh[q]));
            var d1 = TLanes.Add(TLanes.LoadSamples(d + rowLow[q + 1]), TLanes.LoadSamples(d + rowHigh[q + 1]));
            MultiplyAdd(ref mu1A, ref mu1B, r0, r1, cf);
            MultiplyAdd(ref mu2A, ref mu2B, d0, d1, cf);
        }

        if (q < count)
        {
            var cf = TLanes.Pair(pairCoefficients[q >> 1]);
            MultiplyAdd(ref mu1A, ref mu1B, TLanes.Add(TLanes.LoadSamples(r + rowLow[q]), TLanes.LoadSamples(r + rowHigh[q])), default, cf);
            MultiplyAdd(ref mu2A, ref mu2B, TLanes.Add(TLanes.LoadSamples(d + rowLow[q]), TLanes.LoadSamples(d + rowHigh[q])), default, cf);
        }

        var round = TLanes.Create(1 << (shift - 1));
        StoreMeans(mu1A, mu1B, round, shift, mu1);
        StoreMeans(mu2A, mu2B, round, shift, mu2);
    }

    /// <summary>Adds the multiply-add of the interleaved rows a and b (low then high halves of the lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(ref TInt low, ref TInt high, TShort a, TShort b, TShort coefficients)
    {
        low = TLanes.MultiplyAdd(low, TLanes.UnpackLow(a, b), coefficients);
        high = TLanes.MultiplyAdd(high, TLanes.UnpackHigh(a, b), coefficients);
    }

    /// <summary>Rounds two vectors of mean sums (<paramref name="bias"/> holds the rounding and any offset's bias) and stores them offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMeans(TInt fromLow, TInt fromHigh, TInt bias, int shift, ushort* destination) =>
        StoreOffset(TLanes.ShiftRightLogical(TLanes.Add(fromLow, bias), shift), TLanes.ShiftRightLogical(TLanes.Add(fromHigh, bias), shift), destination);

    /// <summary>
    /// Rounds a product's column sums, hi * 2^16 + lo, down by <paramref name="shift"/> bits into the 32-bit
    /// moment, (hi &lt;&lt; (16 - shift)) + ((lo + round) &gt;&gt; shift), and stores its two offset halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMoment(TInt lowA, TInt lowB, TInt highA, TInt highB, uint bias, int shift, ushort* hi, ushort* lo)
    {
        var roundedBias = TLanes.Create((int)(bias + (shift == 0 ? 0u : 1u << (shift - 1))));
        var highBias = TLanes.Create((int)bias);
        var valueA = TLanes.Add(TLanes.ShiftRightLogical(TLanes.Add(lowA, roundedBias), shift), TLanes.ShiftLeft(TLanes.Add(highA, highBias), 16 - shift));
        var valueB = TLanes.Add(TLanes.ShiftRightLogical(TLanes.Add(lowB, roundedBias), shift), TLanes.ShiftLeft(TLanes.Add(highB, highBias), 16 - shift));
        StoreMoment(valueA, valueB, hi, lo);
    }

    /// <summary>Stores the two offset 16-bit halves of whole 32-bit moments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMoment(TInt valueA, TInt valueB, ushort* hi, ushort* lo)
    {
        StoreOffset(TLanes.ShiftRightLogical(valueA, 16), TLanes.ShiftRightLogical(valueB, 16), hi);
        var low = TLanes.Create(0xFFFF);
        StoreOffset(TLanes.And(valueA, low), TLanes.And(valueB, low), lo);
    }

    /// <summary>
    /// Packs two vectors of 16-bit values held in 32-bit lanes, as the unpack-low and unpack-high multiply-adds
    /// left them, back into column order, offset by -32768.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOffset(TInt fromLow, TInt fromHigh, ushort* destination) =>
        TLanes.Store(TLanes.Xor(TLanes.PackUnsignedSaturate(fromLow, fromHigh), Offset), destination);

    /// <summary>
    /// Filters four offset rows along themselves: the raw sums (the offset's bias still in) at the even and odd
    /// columns of a block, both from the same loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterAlong(
        ushort* a, ushort* b, ushort* c, ushort* d, VifTapPairs pairs,
        out TInt aEven, out TInt aOdd, out TInt bEven, out TInt bOdd, out TInt cEven, out TInt cOdd, out TInt dEven, out TInt dOdd)
    {
        aEven = aOdd = bEven = bOdd = cEven = cOdd = dEven = dOdd = default;
        var evenCoefficients = pairs.EvenCoefficients;
        var oddCoefficients = pairs.OddCoefficients;
        var views = pairs.Views;
        for (int p = 0; p < pairs.ViewCount; p++)
        {
            var even = TLanes.Pair(evenCoefficients[p]);
            var odd = TLanes.Pair(oddCoefficients[p]);
            int t = views[p];
            var va = TLanes.Load(a + t);
            var vb = TLanes.Load(b + t);
            var vc = TLanes.Load(c + t);
            var vd = TLanes.Load(d + t);
            aEven = TLanes.MultiplyAdd(aEven, va, even);
            aOdd = TLanes.MultiplyAdd(aOdd, va, odd);
            bEven = TLanes.MultiplyAdd(bEven, vb, even);
            bOdd = TLanes.MultiplyAdd(bOdd, vb, odd);
            cEven = TLanes.MultiplyAdd(cEven, vc, even);
            cOdd = TLanes.MultiplyAdd(cOdd, vc, odd);
            dEven = TLanes.MultiplyAdd(dEven, vd, even);
            dOdd = TLanes.MultiplyAdd(dOdd, vd, odd);
        }
    }

    /// <summary>A moment filtered along the row and rounded to 32 bits: hi + ((lo + 2^15) >> 16), each half's bias taken out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TInt Moment(TInt hi, TInt lo, TInt bias, TInt roundedBias) =>
        TLanes.Add(TLanes.Add(hi, bias), TLanes.ShiftRightLogical(TLanes.Add(lo, roundedBias), 16));

    private static void Mirror(ushort* row, int width, int half)
    {
        for (int f = 1; f <= half; f++)
        {
            row[Pad - f] = row[Pad + f];
            row[Pad + width - 1 + f] = row[Pad + width - 1 - f];
        }
    }
}

/// <summary>
/// A window as multiply-add pairs, for any vector width: taps (k, k + 1) with their two coefficients, each below
/// 2^15 as <c>vpmaddwd</c> needs. A coefficient of 2^15 or more (scale 3's centre, 43728) keeps 32767 and hands
/// the rest to one more pair. Along a row the pairs become views: loads at even offsets, each with a pair for
/// the even outputs and one for the odd outputs (whose window starts a column later). Coefficient pairs are
/// held as 32-bit patterns for a broadcast, in pinned memory so the kernels index them without bounds checks.
/// </summary>
internal sealed unsafe class VifTapPairs
{
    // Keeps the pinned arrays alive (they are reached only through the pointers below).
    private readonly object[] _pinned;

    public VifTapPairs(ReadOnlySpan<ushort> window)
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
        var patterns = GC.AllocateArray<uint>(Count, pinned: true);
        for (int p = 0; p < Count; p++)
        {
            taps[p] = pairs[p].Tap;
            // Down the columns the second tap of a pair past the window's end has coefficient 0; any row will do.
            secondTaps[p] = Math.Min(pairs[p].Tap + 1, n - 1);
            patterns[p] = Pattern(pairs[p].A, pairs[p].B);
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
        var evenPatterns = GC.AllocateArray<uint>(ViewCount, pinned: true);
        var oddPatterns = GC.AllocateArray<uint>(ViewCount, pinned: true);
        for (int v = 0; v < ViewCount; v++)
        {
            viewOffsets[v] = views[v].Offset;
            evenPatterns[v] = Pattern(views[v].EvenA, views[v].EvenB);
            oddPatterns[v] = Pattern(views[v].OddA, views[v].OddB);
        }

        _pinned = [taps, secondTaps, patterns, viewOffsets, evenPatterns, oddPatterns];
        Taps = Address(taps);
        SecondTaps = Address(secondTaps);
        Coefficients = Address(patterns);
        Views = Address(viewOffsets);
        EvenCoefficients = Address(evenPatterns);
        OddCoefficients = Address(oddPatterns);
    }

    public int Count { get; }

    public int Half { get; }

    /// <summary>The first tap of each pair; the second is the next one.</summary>
    public int* Taps { get; }

    /// <summary>The row under each pair's second tap, clamped into the window.</summary>
    public int* SecondTaps { get; }

    /// <summary>Each pair's two coefficients as a 32-bit pattern, the first in the low half.</summary>
    public uint* Coefficients { get; }

    public uint Bias { get; }

    /// <summary>Loads along a row: each an even column offset from the start of the window.</summary>
    public int ViewCount { get; }

    public int* Views { get; }

    /// <summary>Each view's coefficient pattern for the even outputs of a block.</summary>
    public uint* EvenCoefficients { get; }

    /// <summary>Each view's coefficient pattern for the odd outputs of a block.</summary>
    public uint* OddCoefficients { get; }

    /// <summary>The source row offsets under each pair's two taps, from those under the window's taps.</summary>
    public void Rows(ReadOnlySpan<int> rows, int* first, int* second)
    {
        for (int p = 0; p < Count; p++)
        {
            first[p] = rows[Taps[p]];
            second[p] = rows[SecondTaps[p]];
        }
    }

    internal static uint Pattern(int first, int second) => ((uint)(ushort)second << 16) | (ushort)first;

    internal static T* Address<T>(T[] pinned)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}

/// <summary>
/// A symmetric window folded about its centre: row q and row n - 1 - q (q up to the centre) share coefficient
/// q. The centre row is its own mirror and so counted twice, with half its coefficient (every window's centre
/// is even).
/// </summary>
internal sealed unsafe class VifFoldedWindow
{
    // Keeps the pinned arrays alive (they are reached only through the pointers below).
    private readonly object[] _pinned;

    public VifFoldedWindow(ReadOnlySpan<ushort> window)
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
        var scalars = GC.AllocateArray<int>(Count, pinned: true);
        var pairs = GC.AllocateArray<uint>((Count + 1) / 2, pinned: true);
        coefficients.AsSpan(0, Count).CopyTo(scalars);
        for (int p = 0; p < pairs.Length; p++)
        {
            // Folded means are sums of two samples; a coefficient of 2^15 or more does not fit the multiply-add.
            if (coefficients[2 * p] > short.MaxValue || coefficients[2 * p + 1] > short.MaxValue)
            {
                throw new ArgumentException("a folded coefficient must fit 15 bits", nameof(window));
            }

            pairs[p] = VifTapPairs.Pattern(coefficients[2 * p], coefficients[2 * p + 1]);
        }

        _pinned = [scalars, pairs];
        Scalars = VifTapPairs.Address(scalars);
        Pairs = VifTapPairs.Address(pairs);
    }

    /// <summary>Folded rows: half the window and its centre.</summary>
    public int Count { get; }

    /// <summary>Coefficient q of each folded row.</summary>
    public int* Scalars { get; }

    /// <summary>Coefficients (2p, 2p + 1) as 32-bit patterns, 0 past the centre.</summary>
    public uint* Pairs { get; }

    /// <summary>The source row offsets of each folded pair of rows, from those under the window's taps.</summary>
    public void Rows(ReadOnlySpan<int> rows, int* low, int* high)
    {
        for (int q = 0; q < Count; q++)
        {
            low[q] = rows[q];
            high[q] = rows[rows.Length - 1 - q];
        }
    }
}
