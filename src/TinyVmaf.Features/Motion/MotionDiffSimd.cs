using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// The lane operations the fused motion row kernels (<see cref="MotionDiffSimd"/>, <see cref="MotionBlurSimd"/>) need, on 16-bit samples with 32-bit sums: implemented by
/// <see cref="MotionDiffSimd.Avx2Lanes"/> (256-bit) and <see cref="MotionDiffSimd.Avx512Lanes"/> (512-bit).
/// </summary>
internal interface IMotionDiffLanes<TShort, TInt>
    where TShort : struct
    where TInt : struct
{
    /// <summary>16-bit lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TShort Load(ref short source, nuint offset);

    /// <summary>Count samples from <paramref name="offset"/> as 16-bit lanes: 8-bit samples zero-extended, or 16-bit ones.</summary>
    static abstract TShort LoadSamples<T>(ref T source, nuint offset)
        where T : unmanaged;

    /// <summary>The lanes as Count samples from <paramref name="offset"/>: narrowed to bytes (each lane then in [0, 255]), or 16-bit.</summary>
    static abstract void StoreSamples<T>(TShort x, ref T destination, nuint offset)
        where T : unmanaged;

    static abstract void Store(TShort x, ref short destination, nuint offset);

    /// <summary>Every 32-bit lane holding <paramref name="first"/> in its low half and <paramref name="second"/> in its high half.</summary>
    static abstract TShort Pair(int first, int second);

    static abstract TShort Add(TShort a, TShort b);

    static abstract TShort Subtract(TShort a, TShort b);

    static abstract TShort Min(TShort a, TShort b);

    /// <summary>The lanes' minimum, read as unsigned 16-bit.</summary>
    static abstract TShort MinUnsigned(TShort a, TShort b);

    /// <summary>The lanes' maximum, read as unsigned 16-bit.</summary>
    static abstract TShort MaxUnsigned(TShort a, TShort b);

    static abstract TShort Xor(TShort a, TShort b);

    static abstract TShort Max(TShort a, TShort b);

    static abstract TShort UnpackLow(TShort a, TShort b);

    static abstract TShort UnpackHigh(TShort a, TShort b);

    /// <summary><c>vpmaddwd</c>: adjacent 16 x 16 products summed into 32-bit lanes.</summary>
    static abstract TInt MultiplyAddAdjacent(TShort a, TShort c);

    static abstract TInt Add(TInt a, TInt b);

    static abstract TInt And(TInt a, TInt b);

    static abstract TInt CreateInt(int value);

    static abstract TInt ShiftRightArithmetic(TInt x, int count);

    /// <summary>Saturating narrowing within 128-bit lanes, which undoes the order of <see cref="UnpackLow"/>/<see cref="UnpackHigh"/>.</summary>
    static abstract TShort PackSignedSaturate(TInt low, TInt high);

    /// <summary>The unsigned twin of <see cref="PackSignedSaturate"/> (into [0, 65535]).</summary>
    static abstract TShort PackUnsignedSaturate(TInt low, TInt high);

    static abstract TInt Abs(TInt x);

    /// <summary>The wrapping sum of all lanes.</summary>
    static abstract int Sum(TInt x);

    /// <summary>Whether any lane of <paramref name="low"/> is −32768 or any of <paramref name="high"/> 32767.</summary>
    static abstract bool Saturated(TShort low, TShort high);

    static abstract TInt ZeroInt { get; }

    static abstract TShort Broadcast(short value);
}

/// <summary>
/// libvmaf 3.2's motion SAD (<see cref="MotionDiffKernels"/>) a vector of columns at a time, written once over the
/// vector width and bit-exact with the scalar reference.
/// </summary>
/// <remarks>
/// <para>Vertical pass: the five row differences fit 16 bits for samples of up to 14 bits, and so do the sums of
/// the mirrored pairs (d0 + d4, d1 + d3); <c>vpmaddwd</c> against the paired taps, with (d2, 1) against
/// (tap2, round), gives the rounded sum in 32-bit lanes, exactly. Its result y, shifted by the bit depth, spans
/// about ±2^16: it is narrowed with saturation to 16 bits for the horizontal pass.</para>
/// <para>Horizontal pass: with |y| ≤ 32767 the 5-tap sum plus 2^15 stays below 2^31 in magnitude, so three
/// <c>vpmaddwd</c> ((y0, y1), (y2, y3), (y4, 2) against (tap0, tap1), (tap2, tap1), (tap0, 2^14)) are exact.
/// A row where y reached ±32767 (a large change, a scene cut, say) is recomputed with y split into two 16-bit
/// halves (<see cref="SplitRow"/>), exact for any y, at about twice the cost. The outputs come out of the unpacks
/// in a permuted order, which a sum does not see; the per-row sums wrap in 32 bits as libvmaf's do.</para>
/// </remarks>
internal static class MotionDiffSimd
{
    /// <summary>
    /// The deepest samples whose mirrored-pair differences (and, in <see cref="MotionBlurSimd"/>, sums) fit 16 bits:
    /// both motion kernels' bound, with <see cref="Avx2Handles"/> and <see cref="Avx512Handles"/>.
    /// </summary>
    public const int MaxBitDepth = 14;

    public static bool Avx2Handles(int bitDepth, int width) =>
        Avx2.IsSupported && bitDepth <= MaxBitDepth && width >= Vector256<short>.Count;

    public static bool Avx512Handles(int bitDepth, int width) =>
        Avx512BW.IsSupported && Vector512.IsHardwareAccelerated && bitDepth <= MaxBitDepth && width >= Vector512<short>.Count;

    /// <summary>Scratch shorts the kernel needs for rows of <paramref name="width"/>: three padded rows and five differences.</summary>
    public static int ScratchLength(int width) => 3 * Padded(width) + DiffRows * width;

    /// <summary>The ring of row differences: the five rows a vertical tap reads always lie within five consecutive rows.</summary>
    private const int DiffRows = 5;

    private static int Padded(int width) => width + 2 * MotionDiffKernels.Radius;

    /// <summary>
    /// Σ over rows of libvmaf's 32-bit row SAD of blur(prev − cur), the planes <paramref name="width"/> x
    /// <paramref name="height"/> with their own strides. When <paramref name="copyTo"/> is not empty, each row
    /// of <paramref name="cur"/> is also copied there (packed, <paramref name="width"/> apart) while it is in a register.
    /// </summary>
    /// <remarks>
    /// <para>The samples of each plane are <typeparamref name="TPrev"/> and <typeparamref name="TCur"/>: byte or
    /// ushort, bytes only for 8-bit video. 8-bit video keeps its copy of the previous frame as bytes (half the memory
    /// traffic of 16-bit copies), and reads a frame that its reader kept as bytes (<see cref="Plane.Bytes"/>) without
    /// widening it; the numbers are those of 16-bit samples.</para>
    /// <para>Each row's difference prev − cur is taken once, into a ring of five rows keyed by row % 5, rather than
    /// five times (once per output row whose vertical taps reach it).</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Sad<TLanes, TShort, TInt, TPrev, TCur>(
        ReadOnlySpan<TPrev> prev, int prevStride, ReadOnlySpan<TCur> cur, int curStride, int width, int height, int shift,
        Span<short> scratch, Span<TPrev> copyTo)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
        where TPrev : unmanaged
        where TCur : unmanaged
    {
        int step = TLanes.Count;
        bool bytes = typeof(TPrev) == typeof(byte) || typeof(TCur) == typeof(byte);
        if (shift > MaxBitDepth || (bytes && shift != 8) || width < step || scratch.Length < ScratchLength(width)
            || prev.Length < (height - 1) * prevStride + width || cur.Length < (height - 1) * curStride + width
            || (!copyTo.IsEmpty && copyTo.Length < width * height))
        {
            throw new ArgumentException("motion's vector kernel was given planes, a copy, depth or scratch it does not handle");
        }

        var taps = new Taps<TShort>(
            TLanes.Pair(MotionKernels.Filter[0], MotionKernels.Filter[1]),
            TLanes.Pair(MotionKernels.Filter[2], 1 << (shift - 1)),
            TLanes.Pair(MotionKernels.Filter[2], MotionKernels.Filter[3]),
            TLanes.Pair(MotionKernels.Filter[4], 1 << 14),
            TLanes.Broadcast(1),
            TLanes.Broadcast(2),
            TLanes.Broadcast(0));
        ref TPrev p = ref MemoryMarshal.GetReference(prev);
        ref TCur c = ref MemoryMarshal.GetReference(cur);
        ref TPrev copy = ref MemoryMarshal.GetReference(copyTo);
        bool copying = !copyTo.IsEmpty;
        int padded = Padded(width);
        ref short y = ref MemoryMarshal.GetReference(scratch);
        ref short yHigh = ref Unsafe.Add(ref y, padded);
        ref short yLow = ref Unsafe.Add(ref yHigh, padded);
        ref short diffs = ref Unsafe.Add(ref yLow, padded);
        int last = width - step;
        int differenced = 0;
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            for (int needed = Math.Min(i + MotionDiffKernels.Radius, height - 1); differenced <= needed; differenced++)
            {
                Difference<TLanes, TShort, TInt, TPrev, TCur>(
                    ref Unsafe.Add(ref p, differenced * prevStride), ref Unsafe.Add(ref c, differenced * curStride),
                    ref Unsafe.Add(ref diffs, differenced % DiffRows * width), copying, ref Unsafe.Add(ref copy, differenced * width),
                    differenced + 1 < height ? prevStride : 0, differenced + 1 < height ? curStride : 0, last);
            }

            var rows = new RowOffsets(
                Slot(i - 2, height, width), Slot(i - 1, height, width), Slot(i, height, width), Slot(i + 1, height, width), Slot(i + 2, height, width));
            var low = taps.Zero;
            var high = low;
            for (int j = 0; ; j += step)
            {
                // The last vector overlaps the one before instead of leaving a tail: it rewrites equal values.
                j = Math.Min(j, last);
                var (lo, hi) = Vertical<TLanes, TShort, TInt>(ref diffs, rows, (nuint)j, taps, shift);
                var packed = TLanes.PackSignedSaturate(lo, hi);
                low = TLanes.Min(low, packed);
                high = TLanes.Max(high, packed);
                TLanes.Store(packed, ref y, (nuint)(j + MotionDiffKernels.Radius));
                if (j == last)
                {
                    break;
                }
            }

            uint rowSad;
            if (!TLanes.Saturated(low, high))
            {
                MirrorEnds(ref y, width);
                var sum = TLanes.ZeroInt;
                int j = 0;
                for (; j <= last; j += step)
                {
                    var (lo, hi) = Horizontal<TLanes, TShort, TInt>(ref y, (nuint)j, taps, taps.Two);
                    sum = TLanes.Add(sum, TLanes.Add(TLanes.Abs(TLanes.ShiftRightArithmetic(lo, 16)), TLanes.Abs(TLanes.ShiftRightArithmetic(hi, 16))));
                }

                rowSad = (uint)TLanes.Sum(sum);
                for (; j < width; j++)
                {
                    rowSad += HorizontalScalar(ref y, ref y, j, 0);
                }
            }
            else
            {
                rowSad = SplitRow<TLanes, TShort, TInt>(ref diffs, rows, ref yHigh, ref yLow, width, taps, shift);
            }

            sad += rowSad;
        }

        return sad;
    }

    /// <summary><see cref="Sad{TLanes, TShort, TInt, TPrev, TCur}"/> on 16-bit samples, of any depth the kernel handles.</summary>
    public static ulong Sad<TLanes, TShort, TInt>(
        ReadOnlySpan<ushort> prev, int prevStride, ReadOnlySpan<ushort> cur, int curStride, int width, int height, int shift,
        Span<short> scratch, Span<ushort> copyTo)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct =>
        Sad<TLanes, TShort, TInt, ushort, ushort>(prev, prevStride, cur, curStride, width, height, shift, scratch, copyTo);

    /// <summary>The ring slot (its offset) of the row a vertical tap at <paramref name="row"/> reads, mirrored.</summary>
    private static nuint Slot(int row, int height, int width) => (nuint)(MotionBlur.Mirror(row, height) % DiffRows * width);

    /// <summary>
    /// prev − cur for one row (16-bit, exact for samples of up to 15 bits), the copy of cur, and a prefetch of
    /// the next row of both planes (<paramref name="nextPrev"/>, <paramref name="nextCur"/> samples ahead; 0 on the last row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Difference<TLanes, TShort, TInt, TPrev, TCur>(
        ref TPrev p, ref TCur c, ref short diff, bool copying, ref TPrev copy, int nextPrev, int nextCur, int last)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
        where TPrev : unmanaged
        where TCur : unmanaged
    {
        // A plane fresh from memory stalls at every new row, which the hardware prefetcher picks up late.
        ref TPrev pn = ref Unsafe.Add(ref p, nextPrev);
        ref TCur cn = ref Unsafe.Add(ref c, nextCur);
        for (int j = 0; ; j += TLanes.Count)
        {
            j = Math.Min(j, last);
            var current = TLanes.LoadSamples(ref c, (nuint)j);
            Prefetch.Line(ref Unsafe.Add(ref pn, j));
            Prefetch.Line(ref Unsafe.Add(ref cn, j));
            var previous = TLanes.LoadSamples(ref p, (nuint)j);
            TLanes.Store(TLanes.Subtract(previous, current), ref diff, (nuint)j);
            if (copying)
            {
                TLanes.StoreSamples(current, ref copy, (nuint)j);
            }

            if (j == last)
            {
                break;
            }
        }
    }

    /// <summary>
    /// A row whose y left 16 bits, done exactly in 32-bit lanes by splitting y = 256·a + b (a = y &gt;&gt; 8, b = y &amp; 255,
    /// both 16-bit): with A = Σ tap·a and B = Σ tap·b + 2^15, <c>(256·A + B) &gt;&gt; 16 = (A + (B &gt;&gt; 8)) &gt;&gt; 8</c>.
    /// </summary>
    private static uint SplitRow<TLanes, TShort, TInt>(
        ref short diffs, RowOffsets rows, ref short yHigh, ref short yLow, int width, Taps<TShort> taps, int shift)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        int step = TLanes.Count;
        int last = width - step;
        var mask = TLanes.CreateInt(255);
        for (int j = 0; ; j += step)
        {
            j = Math.Min(j, last);
            var (lo, hi) = Vertical<TLanes, TShort, TInt>(ref diffs, rows, (nuint)j, taps, shift);
            nuint at = (nuint)(j + MotionDiffKernels.Radius);
            TLanes.Store(TLanes.PackSignedSaturate(TLanes.ShiftRightArithmetic(lo, 8), TLanes.ShiftRightArithmetic(hi, 8)), ref yHigh, at);
            TLanes.Store(TLanes.PackSignedSaturate(TLanes.And(lo, mask), TLanes.And(hi, mask)), ref yLow, at);
            if (j == last)
            {
                break;
            }
        }

        MirrorEnds(ref yHigh, width);
        MirrorEnds(ref yLow, width);
        var sum = TLanes.ZeroInt;
        int i = 0;
        for (; i <= last; i += step)
        {
            var (highLo, highHi) = Horizontal<TLanes, TShort, TInt>(ref yHigh, (nuint)i, taps, taps.Zero);
            var (lowLo, lowHi) = Horizontal<TLanes, TShort, TInt>(ref yLow, (nuint)i, taps, taps.Two);
            var outLo = TLanes.ShiftRightArithmetic(TLanes.Add(highLo, TLanes.ShiftRightArithmetic(lowLo, 8)), 8);
            var outHi = TLanes.ShiftRightArithmetic(TLanes.Add(highHi, TLanes.ShiftRightArithmetic(lowHi, 8)), 8);
            sum = TLanes.Add(sum, TLanes.Add(TLanes.Abs(outLo), TLanes.Abs(outHi)));
        }

        uint rowSad = (uint)TLanes.Sum(sum);
        for (; i < width; i++)
        {
            rowSad += HorizontalScalar(ref yHigh, ref yLow, i, 8);
        }

        return rowSad;
    }

    /// <summary>
    /// y of one vector of columns from <paramref name="at"/>, as two vectors of 32-bit lanes in unpack order:
    /// <c>(Σ tap·(prev − cur) + round) &gt;&gt; shift</c> with the mirrored taps' differences paired.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TInt Low, TInt High) Vertical<TLanes, TShort, TInt>(ref short diffs, RowOffsets rows, nuint at, Taps<TShort> taps, int shift)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        var d2 = TLanes.Load(ref diffs, rows.R2 + at);
        var s04 = TLanes.Add(TLanes.Load(ref diffs, rows.R0 + at), TLanes.Load(ref diffs, rows.R4 + at));
        var s13 = TLanes.Add(TLanes.Load(ref diffs, rows.R1 + at), TLanes.Load(ref diffs, rows.R3 + at));
        var lo = TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(s04, s13), taps.Vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(d2, taps.One), taps.Vertical2Round));
        var hi = TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(s04, s13), taps.Vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(d2, taps.One), taps.Vertical2Round));
        return (TLanes.ShiftRightArithmetic(lo, shift), TLanes.ShiftRightArithmetic(hi, shift));
    }

    /// <summary>
    /// The 5-tap sums along a padded row for outputs [at, at + Count), in unpack order, plus 2^15 when
    /// <paramref name="two"/> is 2 (the fifth tap is paired with it against 2^14) and nothing when it is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TInt Low, TInt High) Horizontal<TLanes, TShort, TInt>(ref short y, nuint at, Taps<TShort> taps, TShort two)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        var y0 = TLanes.Load(ref y, at);
        var y1 = TLanes.Load(ref y, at + 1);
        var y2 = TLanes.Load(ref y, at + 2);
        var y3 = TLanes.Load(ref y, at + 3);
        var y4 = TLanes.Load(ref y, at + 4);
        var lo = TLanes.Add(
            TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(y0, y1), taps.Horizontal01), TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(y2, y3), taps.Horizontal23)),
            TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(y4, two), taps.Horizontal4Round));
        var hi = TLanes.Add(
            TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(y0, y1), taps.Horizontal01), TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(y2, y3), taps.Horizontal23)),
            TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(y4, two), taps.Horizontal4Round));
        return (lo, hi);
    }

    /// <summary>One output of the horizontal pass from a padded row held as high·2^<paramref name="split"/> + low (split 0: low is high).</summary>
    private static uint HorizontalScalar(ref short high, ref short low, int j, int split)
    {
        var filter = MotionKernels.Filter;
        long accum = 0;
        for (int k = 0; k < filter.Length; k++)
        {
            long sample = split == 0 ? Unsafe.Add(ref high, j + k) : ((long)Unsafe.Add(ref high, j + k) << split) + Unsafe.Add(ref low, j + k);
            accum += filter[k] * sample;
        }

        return (uint)Math.Abs((int)((accum + (1 << 15)) >> 16));
    }

    /// <summary>Columns −1, −2 mirror 1, 2 and columns w, w+1 mirror w−2, w−3 (row held from slot 2).</summary>
    private static void MirrorEnds(ref short padded, int width)
    {
        ref short row = ref Unsafe.Add(ref padded, MotionDiffKernels.Radius);
        Unsafe.Add(ref padded, 1) = Unsafe.Add(ref row, 1);
        padded = Unsafe.Add(ref row, 2);
        Unsafe.Add(ref row, width) = Unsafe.Add(ref row, width - 2);
        Unsafe.Add(ref row, width + 1) = Unsafe.Add(ref row, width - 3);
    }

    /// <summary>The ring offsets of the five (mirrored) rows the vertical taps of one output row read.</summary>
    private readonly struct RowOffsets(nuint r0, nuint r1, nuint r2, nuint r3, nuint r4)
    {
        public readonly nuint R0 = r0, R1 = r1, R2 = r2, R3 = r3, R4 = r4;
    }

    /// <summary>The paired taps and constants, made once per plane.</summary>
    private readonly struct Taps<TShort>(TShort vertical01, TShort vertical2Round, TShort horizontal23, TShort horizontal4Round, TShort one, TShort two, TShort zero)
        where TShort : struct
    {
        public readonly TShort Vertical01 = vertical01;
        public readonly TShort Vertical2Round = vertical2Round;
        public readonly TShort Horizontal01 = vertical01;
        public readonly TShort Horizontal23 = horizontal23;
        public readonly TShort Horizontal4Round = horizontal4Round;
        public readonly TShort One = one;
        public readonly TShort Two = two;
        public readonly TShort Zero = zero;
    }

    /// <summary>The lane operations on 256-bit vectors (AVX2).</summary>
    internal readonly struct Avx2Lanes : IMotionDiffLanes<Vector256<short>, Vector256<int>>
    {
        public static int Count => Vector256<short>.Count;

        public static Vector256<int> ZeroInt => Vector256<int>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Load(ref short source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> LoadSamples<T>(ref T source, nuint offset)
            where T : unmanaged => SampleVectors.Load256(ref source, offset).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSamples<T>(Vector256<short> x, ref T destination, nuint offset)
            where T : unmanaged => SampleVectors.Store256(x.AsUInt16(), ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<short> x, ref short destination, nuint offset) => x.StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Pair(int first, int second) =>
            Vector256.Create((int)((ushort)(short)first | ((uint)(ushort)(short)second << 16))).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Broadcast(short value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Add(Vector256<short> a, Vector256<short> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Subtract(Vector256<short> a, Vector256<short> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Min(Vector256<short> a, Vector256<short> b) => Vector256.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Max(Vector256<short> a, Vector256<short> b) => Vector256.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> MinUnsigned(Vector256<short> a, Vector256<short> b) => Vector256.Min(a.AsUInt16(), b.AsUInt16()).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> MaxUnsigned(Vector256<short> a, Vector256<short> b) => Vector256.Max(a.AsUInt16(), b.AsUInt16()).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> Xor(Vector256<short> a, Vector256<short> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> UnpackLow(Vector256<short> a, Vector256<short> b) => Avx2.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> UnpackHigh(Vector256<short> a, Vector256<short> b) => Avx2.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyAddAdjacent(Vector256<short> a, Vector256<short> c) => Avx2.MultiplyAddAdjacent(a, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> CreateInt(int value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ShiftRightArithmetic(Vector256<int> x, int count) => x >> count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> PackSignedSaturate(Vector256<int> low, Vector256<int> high) => Avx2.PackSignedSaturate(low, high);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<short> PackUnsignedSaturate(Vector256<int> low, Vector256<int> high) => Avx2.PackUnsignedSaturate(low, high).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Abs(Vector256<int> x) => Vector256.Abs(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Sum(Vector256<int> x) => Vector256.Sum(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Saturated(Vector256<short> low, Vector256<short> high) =>
            Vector256.EqualsAny(low, Vector256.Create(short.MinValue)) || Vector256.EqualsAny(high, Vector256.Create(short.MaxValue));
    }

    /// <summary>The lane operations on 512-bit vectors (AVX-512 BW).</summary>
    internal readonly struct Avx512Lanes : IMotionDiffLanes<Vector512<short>, Vector512<int>>
    {
        public static int Count => Vector512<short>.Count;

        public static Vector512<int> ZeroInt => Vector512<int>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Load(ref short source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> LoadSamples<T>(ref T source, nuint offset)
            where T : unmanaged => SampleVectors.Load512(ref source, offset).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreSamples<T>(Vector512<short> x, ref T destination, nuint offset)
            where T : unmanaged => SampleVectors.Store512(x.AsUInt16(), ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<short> x, ref short destination, nuint offset) => x.StoreUnsafe(ref destination, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Pair(int first, int second) =>
            Vector512.Create((int)((ushort)(short)first | ((uint)(ushort)(short)second << 16))).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Broadcast(short value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Add(Vector512<short> a, Vector512<short> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Subtract(Vector512<short> a, Vector512<short> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Min(Vector512<short> a, Vector512<short> b) => Vector512.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Max(Vector512<short> a, Vector512<short> b) => Vector512.Max(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> MinUnsigned(Vector512<short> a, Vector512<short> b) => Vector512.Min(a.AsUInt16(), b.AsUInt16()).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> MaxUnsigned(Vector512<short> a, Vector512<short> b) => Vector512.Max(a.AsUInt16(), b.AsUInt16()).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> Xor(Vector512<short> a, Vector512<short> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> UnpackLow(Vector512<short> a, Vector512<short> b) => Avx512BW.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> UnpackHigh(Vector512<short> a, Vector512<short> b) => Avx512BW.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyAddAdjacent(Vector512<short> a, Vector512<short> c) => Avx512BW.MultiplyAddAdjacent(a, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> CreateInt(int value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ShiftRightArithmetic(Vector512<int> x, int count) => x >> count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> PackSignedSaturate(Vector512<int> low, Vector512<int> high) => Avx512BW.PackSignedSaturate(low, high);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<short> PackUnsignedSaturate(Vector512<int> low, Vector512<int> high) => Avx512BW.PackUnsignedSaturate(low, high).AsInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Abs(Vector512<int> x) => Vector512.Abs(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Sum(Vector512<int> x) => Vector512.Sum(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Saturated(Vector512<short> low, Vector512<short> high) =>
            Vector512.EqualsAny(low, Vector512.Create(short.MinValue)) || Vector512.EqualsAny(high, Vector512.Create(short.MaxValue));
    }
}
