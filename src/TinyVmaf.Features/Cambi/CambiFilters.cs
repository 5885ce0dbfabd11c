using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The integer picture operations between CAMBI's scales: the 3x3 mode filter, decimation by two, and the
/// spatial mask of flat pixels. Pictures are compact (a row is its width long). Each has a scalar reference
/// and a <see cref="Vector256"/> twin; both are exact, so they agree bit for bit.
/// </summary>
internal static class CambiFilters
{
    /// <summary>The side of the square over which zero derivatives are counted for the spatial mask.</summary>
    public const int MaskFilterSize = 7;

    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// In place, keeps every other row and column: out[i, j] = in[2i, 2j]. A read is never behind a write, so
    /// one buffer serves both sizes.
    /// </summary>
    public static void Decimate(Span<ushort> picture, int inWidth, int outWidth, int outHeight, bool useSimd)
    {
        var even = Vector256.Create(0xFFFFu);
        for (int i = 0; i < outHeight; i++)
        {
            var source = picture.Slice(2 * i * inWidth, inWidth);
            var target = picture.Slice(i * outWidth, outWidth);
            int j = 0;
            if (useSimd)
            {
                // 16 outputs from 32 inputs of this row: the even samples are the low halves of 32-bit lanes. The
                // store ends at j + 16, before the next load's start at 2j + 32.
                ref ushort s = ref MemoryMarshal.GetReference(source);
                ref ushort t = ref MemoryMarshal.GetReference(target);
                for (; 2 * j + (2 * Vector256<ushort>.Count) <= inWidth; j += Vector256<ushort>.Count)
                {
                    var low = Vector256.LoadUnsafe(ref s, (nuint)(2 * j)).AsUInt32() & even;
                    var high = Vector256.LoadUnsafe(ref s, (nuint)((2 * j) + Vector256<ushort>.Count)).AsUInt32() & even;
                    Vector256.Narrow(low, high).StoreUnsafe(ref t, (nuint)j);
                }
            }

            for (; j < outWidth; j++)
            {
                target[j] = source[2 * j];
            }
        }
    }

    /// <summary>
    /// libvmaf's <c>mode3</c>: the value two of the three share, else the smallest. It is symmetric in its
    /// arguments.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Mode3(ushort a, ushort b, ushort c)
    {
        if (a == b || a == c)
        {
            return a;
        }

        if (b == c)
        {
            return b;
        }

        return Math.Min(Math.Min(a, b), c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Mode3(Vector256<ushort> a, Vector256<ushort> b, Vector256<ushort> c)
    {
        var aShared = Vector256.Equals(a, b) | Vector256.Equals(a, c);
        var bShared = Vector256.Equals(b, c);
        var smallest = Vector256.Min(Vector256.Min(a, b), c);
        return Vector256.ConditionalSelect(aShared, a, Vector256.ConditionalSelect(bShared, b, smallest));
    }

    /// <summary>
    /// libvmaf's <c>filter_mode</c>, in place: the mode along each row (first and last columns copied), then the
    /// mode down the columns of three such rows, written to the middle row. The first and last rows are never
    /// written, so they keep their unfiltered samples — not even the row mode — a quirk kept for parity.
    /// <paramref name="buffer"/> holds three rows.
    /// </summary>
    public static void FilterMode(Span<ushort> picture, int width, int height, Span<ushort> buffer, bool useSimd)
    {
        for (int i = 0; i < height; i++)
        {
            var row = picture.Slice(i * width, width);
            var line = buffer.Slice(i % 3 * width, width);
            RowMode(row, line, useSimd);
            if (i > 1)
            {
                ColumnMode(buffer[..width], buffer.Slice(width, width), buffer.Slice(2 * width, width), picture.Slice((i - 1) * width, width), useSimd);
            }
        }
    }

    private static void RowMode(ReadOnlySpan<ushort> row, Span<ushort> line, bool useSimd)
    {
        int width = row.Length;
        line[0] = row[0];
        int j = 1;
        if (useSimd)
        {
            ref ushort source = ref MemoryMarshal.GetReference(row);
            ref ushort target = ref MemoryMarshal.GetReference(line);
            for (; j + Vector256<ushort>.Count < width; j += Vector256<ushort>.Count)
            {
                var mode = Mode3(
                    Vector256.LoadUnsafe(ref source, (nuint)(j - 1)),
                    Vector256.LoadUnsafe(ref source, (nuint)j),
                    Vector256.LoadUnsafe(ref source, (nuint)(j + 1)));
                mode.StoreUnsafe(ref target, (nuint)j);
            }
        }

        for (; j < width - 1; j++)
        {
            line[j] = Mode3(row[j - 1], row[j], row[j + 1]);
        }

        line[width - 1] = row[width - 1];
    }

    private static void ColumnMode(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b, ReadOnlySpan<ushort> c, Span<ushort> target, bool useSimd)
    {
        int j = 0;
        if (useSimd)
        {
            ref ushort ra = ref MemoryMarshal.GetReference(a);
            ref ushort rb = ref MemoryMarshal.GetReference(b);
            ref ushort rc = ref MemoryMarshal.GetReference(c);
            ref ushort rt = ref MemoryMarshal.GetReference(target);
            for (; j + Vector256<ushort>.Count <= target.Length; j += Vector256<ushort>.Count)
            {
                Mode3(Vector256.LoadUnsafe(ref ra, (nuint)j), Vector256.LoadUnsafe(ref rb, (nuint)j), Vector256.LoadUnsafe(ref rc, (nuint)j))
                    .StoreUnsafe(ref rt, (nuint)j);
            }
        }

        for (; j < target.Length; j++)
        {
            target[j] = Mode3(a[j], b[j], c[j]);
        }
    }

    /// <summary>
    /// libvmaf's <c>get_mask_index</c>: how many of the 49 zero derivatives around a pixel it takes (more than
    /// this) for the pixel to count as flat, larger for larger pictures; between 7 (tiny) and 55 (never flat).
    /// Int arithmetic: the log term may be negative, and the shift is then arithmetic.
    /// </summary>
    public static int MaskIndex(int width, int height)
    {
        uint shifted = (uint)(width >> 6) * (uint)(height >> 6);
        int ceilLog2 = shifted == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount(shifted - 1);
        return ((MaskFilterSize * MaskFilterSize) + (3 * (ceilLog2 - 11)) - 1) >> 1;
    }

    /// <summary>
    /// libvmaf's <c>get_spatial_mask</c>: a pixel has a zero derivative when it equals its right and its lower
    /// neighbour (a missing neighbour counts as equal); it is in the mask (1) when more than
    /// <see cref="MaskIndex"/> of the pixels in the 7x7 square around it (those inside the picture) have one.
    /// Counted with running column sums over a ring of derivative rows, then a sliding sum along the row.
    /// </summary>
    public static void SpatialMask(ReadOnlySpan<ushort> picture, Span<ushort> mask, int width, int height, MaskScratch scratch, bool useSimd)
    {
        const int pad = MaskFilterSize >> 1;
        int threshold = MaskIndex(width, height);
        var columnSums = scratch.ColumnSums.AsSpan(0, width + (2 * pad) + Vector256<ushort>.Count);
        columnSums.Clear();
        var ring = scratch.Derivatives;
        var sums = columnSums.Slice(pad, width);

        // Rows 0 .. pad − 1 enter the column sums before the first mask row.
        for (int r = 0; r < Math.Min(pad, height); r++)
        {
            var derivative = ring.AsSpan((r % MaskFilterSize) * width, width);
            Derivative(picture, derivative, r, width, height, useSimd);
            Add(sums, derivative, useSimd);
        }

        for (int i = 0; i < height; i++)
        {
            int entering = i + pad;
            int leaving = i - pad - 1;
            if (leaving >= 0)
            {
                Subtract(sums, ring.AsSpan((leaving % MaskFilterSize) * width, width), useSimd);
            }

            if (entering < height)
            {
                var derivative = ring.AsSpan((entering % MaskFilterSize) * width, width);
                Derivative(picture, derivative, entering, width, height, useSimd);
                Add(sums, derivative, useSimd);
            }

            WindowRow(columnSums, mask.Slice(i * width, width), threshold, useSimd);
        }
    }

    /// <summary>Scratch for <see cref="SpatialMask"/>, sized for the largest width.</summary>
    internal sealed class MaskScratch(int width)
    {
        public ushort[] ColumnSums { get; } = new ushort[width + MaskFilterSize + (2 * Vector256<ushort>.Count)];

        public ushort[] Derivatives { get; } = new ushort[MaskFilterSize * width];
    }

    private static void Derivative(ReadOnlySpan<ushort> picture, Span<ushort> derivative, int row, int width, int height, bool useSimd)
    {
        var here = picture.Slice(row * width, width);
        bool lastRow = row == height - 1;
        var below = lastRow ? here : picture.Slice((row + 1) * width, width);
        int j = 0;
        if (useSimd)
        {
            ref ushort h = ref MemoryMarshal.GetReference(here);
            ref ushort b = ref MemoryMarshal.GetReference(below);
            ref ushort d = ref MemoryMarshal.GetReference(derivative);
            var one = Vector256<ushort>.One;
            for (; j + Vector256<ushort>.Count < width; j += Vector256<ushort>.Count)
            {
                var centre = Vector256.LoadUnsafe(ref h, (nuint)j);
                var flat = Vector256.Equals(centre, Vector256.LoadUnsafe(ref h, (nuint)(j + 1)))
                    & Vector256.Equals(centre, Vector256.LoadUnsafe(ref b, (nuint)j));
                (flat & one).StoreUnsafe(ref d, (nuint)j);
            }
        }

        for (; j < width; j++)
        {
            bool horizontal = j == width - 1 || here[j] == here[j + 1];
            bool vertical = lastRow || here[j] == below[j];
            derivative[j] = (ushort)(horizontal && vertical ? 1 : 0);
        }
    }

    private static void Add(Span<ushort> sums, ReadOnlySpan<ushort> values, bool useSimd)
    {
        int j = 0;
        if (useSimd)
        {
            ref ushort s = ref MemoryMarshal.GetReference(sums);
            ref ushort v = ref MemoryMarshal.GetReference(values);
            for (; j + Vector256<ushort>.Count <= values.Length; j += Vector256<ushort>.Count)
            {
                (Vector256.LoadUnsafe(ref s, (nuint)j) + Vector256.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref s, (nuint)j);
            }
        }

        for (; j < values.Length; j++)
        {
            sums[j] += values[j];
        }
    }

    private static void Subtract(Span<ushort> sums, ReadOnlySpan<ushort> values, bool useSimd)
    {
        int j = 0;
        if (useSimd)
        {
            ref ushort s = ref MemoryMarshal.GetReference(sums);
            ref ushort v = ref MemoryMarshal.GetReference(values);
            for (; j + Vector256<ushort>.Count <= values.Length; j += Vector256<ushort>.Count)
            {
                (Vector256.LoadUnsafe(ref s, (nuint)j) - Vector256.LoadUnsafe(ref v, (nuint)j)).StoreUnsafe(ref s, (nuint)j);
            }
        }

        for (; j < values.Length; j++)
        {
            sums[j] -= values[j];
        }
    }

    /// <summary>
    /// One mask row from the column sums, which sit <c>pad</c> zeros into <paramref name="paddedSums"/> with zeros
    /// after them: the 7-wide sum at column j is paddedSums[j .. j + 7).
    /// </summary>
    private static void WindowRow(ReadOnlySpan<ushort> paddedSums, Span<ushort> maskRow, int threshold, bool useSimd)
    {
        int width = maskRow.Length;
        int j = 0;
        if (useSimd)
        {
            ref ushort s = ref MemoryMarshal.GetReference(paddedSums);
            ref ushort m = ref MemoryMarshal.GetReference(maskRow);
            var limit = Vector256.Create((ushort)threshold);
            for (; j + Vector256<ushort>.Count <= width; j += Vector256<ushort>.Count)
            {
                var sum = Vector256.LoadUnsafe(ref s, (nuint)j);
                for (int t = 1; t < MaskFilterSize; t++)
                {
                    sum += Vector256.LoadUnsafe(ref s, (nuint)(j + t));
                }

                (Vector256.GreaterThan(sum, limit) & Vector256<ushort>.One).StoreUnsafe(ref m, (nuint)j);
            }
        }

        if (j < width)
        {
            int sum = 0;
            for (int t = 0; t < MaskFilterSize - 1; t++)
            {
                sum += paddedSums[j + t];
            }

            for (; j < width; j++)
            {
                sum += paddedSums[j + MaskFilterSize - 1];
                maskRow[j] = (ushort)(sum > threshold ? 1 : 0);
                sum -= paddedSums[j];
            }
        }
    }
}
