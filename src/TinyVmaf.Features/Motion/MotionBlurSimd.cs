using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TinyVmaf.Features.Simd;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// <see cref="MotionBlur"/>'s blur and SAD a vector of columns at a time, written once over the vector width
/// (<see cref="MotionDiffSimd.Avx2Lanes"/>, <see cref="MotionDiffSimd.Avx512Lanes"/>) and bit-exact with the
/// scalar kernels of <see cref="MotionKernels"/>.
/// </summary>
/// <remarks>
/// <para>Vertical pass: samples of up to 14 bits, and the sums of the mirrored pairs (s0 + s4, s1 + s3), fit 16
/// signed bits, so <c>vpmaddwd</c> against the paired taps, with (s2, 1) against (tap2, round), gives the rounded
/// sum exactly in 32-bit lanes; shifted by the bit depth it lies in [0, 65535].</para>
/// <para>Horizontal pass: that row is held biased by −2^15 so that it fits <c>vpmaddwd</c>'s signed lanes. The
/// taps sum to 2^16, so the bias takes exactly 2^31 off the sum, a multiple of 2^16: ((Σ tap·v′ + 2^15) &gt;&gt; 16)
/// + 2^15 is libvmaf's (Σ tap·v + 2^15) &gt;&gt; 16, and Σ tap·v′ + 2^15 stays within 32 signed bits.</para>
/// <para>SAD: |a − b| of unsigned 16-bit lanes is max − min; summed pairwise by <c>vpmaddwd</c> against 1 after a
/// bias of −2^15 too, the bias added back per row, in the row's 32-bit wrapping sum as libvmaf keeps it.</para>
/// </remarks>
internal static class MotionBlurSimd
{
    // Which widths run, and up to which depth, is MotionDiffSimd's: the two kernels share its lanes and its bound.

    /// <summary>Scratch shorts for rows of <paramref name="width"/>: one row with its mirrored ends.</summary>
    public static int ScratchLength(int width) => width + 2 * Radius;

    private const int Radius = 2;

    /// <summary>
    /// Blurs <paramref name="source"/> (<paramref name="width"/> x <paramref name="height"/>, rows
    /// <paramref name="stride"/> apart) into <paramref name="blurred"/> (packed) and, when <paramref name="previous"/>
    /// is not empty, returns Σ over rows of the 32-bit row SAD between it and the new blur; 0 otherwise.
    /// The source's samples are <typeparamref name="TSample"/>: 16-bit, or 8-bit as read (<see cref="Plane.Bytes"/>),
    /// which spares widening the frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong BlurAndSad<TLanes, TShort, TInt, TSample>(
        ReadOnlySpan<TSample> source, int stride, int width, int height, int bitDepth, Span<short> scratch, Span<ushort> blurred, ReadOnlySpan<ushort> previous)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
        where TSample : unmanaged
    {
        int step = TLanes.Count;
        if (bitDepth > MotionDiffSimd.MaxBitDepth || (typeof(TSample) == typeof(byte) && bitDepth != 8) || width < step || height < MotionBlur.MinimumSize || scratch.Length < ScratchLength(width)
            || source.Length < (height - 1) * stride + width || blurred.Length < width * height
            || (!previous.IsEmpty && previous.Length < width * height))
        {
            throw new ArgumentException("motion's vector blur was given a plane, depth or scratch it does not handle");
        }

        var filter = MotionKernels.Filter;
        var vertical01 = TLanes.Pair(filter[0], filter[1]);
        var vertical2Round = TLanes.Pair(filter[2], 1 << (bitDepth - 1));
        var horizontal23 = TLanes.Pair(filter[2], filter[3]);
        var horizontal4Round = TLanes.Pair(filter[4], 1 << 14);
        var one = TLanes.Broadcast(1);
        var two = TLanes.Broadcast(2);
        var bias = TLanes.Broadcast(short.MinValue);
        var halfRange = TLanes.CreateInt(1 << 15);
        bool compare = !previous.IsEmpty;

        ref TSample src = ref MemoryMarshal.GetReference(source);
        ref short dst = ref Unsafe.As<ushort, short>(ref MemoryMarshal.GetReference(blurred));
        ref short before = ref Unsafe.As<ushort, short>(ref MemoryMarshal.GetReference(previous));
        ref short padded = ref MemoryMarshal.GetReference(scratch);
        ref short row = ref Unsafe.Add(ref padded, Radius);
        int last = width - step;
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            nuint r0 = (nuint)(MotionBlur.Mirror(i - 2, height) * stride);
            nuint r1 = (nuint)(MotionBlur.Mirror(i - 1, height) * stride);
            nuint r2 = (nuint)(i * stride);
            nuint r3 = (nuint)(MotionBlur.Mirror(i + 1, height) * stride);
            nuint r4 = (nuint)(MotionBlur.Mirror(i + 2, height) * stride);

            // The frame comes fresh from memory: ask for the row after the last one read here (see MotionDiffSimd).
            ref TSample ahead = ref Unsafe.Add(ref src, Math.Min(i + 3, height - 1) * stride);
            for (int j = 0; ; j += step)
            {
                // The last vector overlaps the one before instead of leaving a tail: it rewrites equal values.
                j = Math.Min(j, last);
                nuint at = (nuint)j;
                Prefetch.Line(ref Unsafe.Add(ref ahead, j));
                var s04 = TLanes.Add(TLanes.LoadSamples(ref src, r0 + at), TLanes.LoadSamples(ref src, r4 + at));
                var s13 = TLanes.Add(TLanes.LoadSamples(ref src, r1 + at), TLanes.LoadSamples(ref src, r3 + at));
                var s2 = TLanes.LoadSamples(ref src, r2 + at);
                var lo = TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(s04, s13), vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(s2, one), vertical2Round));
                var hi = TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(s04, s13), vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(s2, one), vertical2Round));
                var packed = TLanes.PackUnsignedSaturate(TLanes.ShiftRightArithmetic(lo, bitDepth), TLanes.ShiftRightArithmetic(hi, bitDepth));
                TLanes.Store(TLanes.Xor(packed, bias), ref row, at);
                if (j == last)
                {
                    break;
                }
            }

            // Columns −1, −2 mirror 1, 2 and columns w, w+1 mirror w−2, w−3.
            Unsafe.Add(ref padded, 1) = Unsafe.Add(ref row, 1);
            padded = Unsafe.Add(ref row, 2);
            Unsafe.Add(ref row, width) = Unsafe.Add(ref row, width - 2);
            Unsafe.Add(ref row, width + 1) = Unsafe.Add(ref row, width - 3);

            nuint rowStart = (nuint)(i * width);
            var sum = TLanes.ZeroInt;
            int k = 0;
            for (; k <= last; k += step)
            {
                nuint at = (nuint)k;
                var v0 = TLanes.Load(ref padded, at);
                var v1 = TLanes.Load(ref padded, at + 1);
                var v2 = TLanes.Load(ref padded, at + 2);
                var v3 = TLanes.Load(ref padded, at + 3);
                var v4 = TLanes.Load(ref padded, at + 4);
                var lo = TLanes.Add(
                    TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(v0, v1), vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(v2, v3), horizontal23)),
                    TLanes.MultiplyAddAdjacent(TLanes.UnpackLow(v4, two), horizontal4Round));
                var hi = TLanes.Add(
                    TLanes.Add(TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(v0, v1), vertical01), TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(v2, v3), horizontal23)),
                    TLanes.MultiplyAddAdjacent(TLanes.UnpackHigh(v4, two), horizontal4Round));
                var output = TLanes.PackUnsignedSaturate(
                    TLanes.Add(TLanes.ShiftRightArithmetic(lo, 16), halfRange), TLanes.Add(TLanes.ShiftRightArithmetic(hi, 16), halfRange));
                TLanes.Store(output, ref dst, rowStart + at);
                if (compare)
                {
                    var old = TLanes.Load(ref before, rowStart + at);
                    var difference = TLanes.Subtract(TLanes.MaxUnsigned(output, old), TLanes.MinUnsigned(output, old));
                    sum = TLanes.Add(sum, TLanes.MultiplyAddAdjacent(TLanes.Xor(difference, bias), one));
                }
            }

            // Each of the k lanes summed was biased by −2^15.
            uint rowSad = compare ? (uint)TLanes.Sum(sum) + (uint)k * (1u << 15) : 0;
            for (; k < width; k++)
            {
                uint accum = 0;
                for (int t = 0; t < filter.Length; t++)
                {
                    accum += filter[t] * (uint)(ushort)(Unsafe.Add(ref padded, k + t) ^ short.MinValue);
                }

                ushort value = (ushort)((accum + (1u << 15)) >> 16);
                Unsafe.Add(ref dst, rowStart + (nuint)k) = (short)value;
                if (compare)
                {
                    rowSad += (uint)Math.Abs(value - (ushort)Unsafe.Add(ref before, rowStart + (nuint)k));
                }
            }

            sad += rowSad;
        }

        return sad;
    }
}
