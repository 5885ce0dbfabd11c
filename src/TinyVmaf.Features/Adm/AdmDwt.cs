namespace TinyVmaf.Features.Adm;

/// <summary>
/// Which input rows (or columns) the four taps of each output sample of a DWT level read. Output sample i
/// reads 2i-1 .. 2i+2. Past the start the input is reflected without repeating the edge (-1 reads 1); past
/// the end it is reflected with the edge repeated (n reads n-1). libvmaf mirrors the two ends differently
/// and parity needs the same.
/// </summary>
internal sealed class AdmDwtTaps
{
    public AdmDwtTaps(int inputLength)
    {
        InputLength = inputLength;
        OutputLength = (inputLength + 1) / 2;
        Index = new int[4 * OutputLength];
        for (int i = 0; i < OutputLength; i++)
        {
            for (int tap = 0; tap < 4; tap++)
            {
                int k = 2 * i - 1 + tap;
                Index[4 * i + tap] = k < 0 ? -k : k >= inputLength ? 2 * inputLength - k - 1 : k;
            }
        }
    }

    public int InputLength { get; }

    public int OutputLength { get; }

    /// <summary>The four input indices of output i at [4i .. 4i+3].</summary>
    public int[] Index { get; }
}

/// <summary>
/// libvmaf's integer Daubechies-2 DWT: a vertical pass into a row of temporaries, then a horizontal pass that
/// writes one row of the four bands. Fixed point throughout; every shift and rounding constant is libvmaf's.
/// </summary>
internal static class AdmDwt
{
    // db2 analysis filters in Q15 (low-pass sums to 46342 ~ sqrt(2) * 2^15, high-pass to 0).
    public const int Lo0 = 15826, Lo1 = 27411, Lo2 = 7345, Lo3 = -4240;
    public const int Hi0 = -4240, Hi1 = -7345, Hi2 = 27411, Hi3 = -15826;
    public const int LoSum = 46342;

    /// <summary>
    /// Scale 0: samples of <paramref name="bitDepth"/> bits to 16-bit bands. libvmaf has an 8-bit and a 16-bit
    /// function; they are this one with the vertical shift equal to the bit depth. The vertical pass also
    /// recentres the low band (subtracting the filter's DC gain at mid-grey) so that it fits in 16 bits.
    /// The int32 sums may wrap at 16 bits per sample exactly as in C; the true result fits, so it comes out right.
    /// Outside the rows [<paramref name="detailFrom"/>, <paramref name="detailTo"/>) only A is written: ADM reads the
    /// detail bands only near the scored centre, the approximation everywhere (the next scale's input).
    /// </summary>
    public static void Scale0(
        ReadOnlySpan<ushort> src, int srcStride, int bitDepth, AdmDwtTaps rows, AdmDwtTaps cols,
        Span<short> tmpLo, Span<short> tmpHi, AdmBands<short> dst, int detailFrom = 0, int detailTo = int.MaxValue)
    {
        int w = cols.InputLength;
        int shiftVp = bitDepth;
        int roundVp = 1 << (bitDepth - 1);
        int offsetVp = LoSum * roundVp;
        int stride = dst.Stride;
        var rowIndex = rows.Index;
        var colIndex = cols.Index;

        for (int i = 0; i < rows.OutputLength; i++)
        {
            var r0 = src.Slice(rowIndex[4 * i] * srcStride, w);
            var r1 = src.Slice(rowIndex[4 * i + 1] * srcStride, w);
            var r2 = src.Slice(rowIndex[4 * i + 2] * srcStride, w);
            var r3 = src.Slice(rowIndex[4 * i + 3] * srcStride, w);
            for (int j = 0; j < w; j++)
            {
                int s0 = r0[j], s1 = r1[j], s2 = r2[j], s3 = r3[j];
                int lo = Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 - offsetVp;
                int hi = Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3;
                tmpLo[j] = (short)((lo + roundVp) >> shiftVp);
                tmpHi[j] = (short)((hi + roundVp) >> shiftVp);
            }

            Scale0Horizontal(tmpLo, tmpHi, colIndex, cols.OutputLength, dst, i * stride, i >= detailFrom && i < detailTo);
        }
    }

    public static void Scale0Horizontal(ReadOnlySpan<short> tmpLo, ReadOnlySpan<short> tmpHi, int[] colIndex, int outWidth, AdmBands<short> dst, int offset, bool detail = true)
    {
        var a = dst.A.AsSpan(offset, outWidth);
        var v = dst.V.AsSpan(offset, outWidth);
        var h = dst.H.AsSpan(offset, outWidth);
        var d = dst.D.AsSpan(offset, outWidth);
        for (int j = 0; j < outWidth; j++)
        {
            int j0 = colIndex[4 * j], j1 = colIndex[4 * j + 1], j2 = colIndex[4 * j + 2], j3 = colIndex[4 * j + 3];
            int s0 = tmpLo[j0], s1 = tmpLo[j1], s2 = tmpLo[j2], s3 = tmpLo[j3];
            a[j] = (short)((Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 + 32768) >> 16);
            if (!detail)
            {
                continue;
            }

            v[j] = (short)((Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3 + 32768) >> 16);
            s0 = tmpHi[j0];
            s1 = tmpHi[j1];
            s2 = tmpHi[j2];
            s3 = tmpHi[j3];
            h[j] = (short)((Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 + 32768) >> 16);
            d[j] = (short)((Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3 + 32768) >> 16);
        }
    }

    /// <summary>Vertical rounding add and shift of scales 1, 2, 3 (scale 1 keeps full precision vertically).</summary>
    public static (long Round, int Shift) VerticalShift(int scale) => scale == 1 ? (0, 0) : (32768, 16);

    /// <summary>Horizontal rounding add and shift of scales 1, 2, 3.</summary>
    public static (long Round, int Shift) HorizontalShift(int scale) => scale == 2 ? (32768, 16) : (16384, 15);

    /// <summary>
    /// Scales 1..3: the previous level's approximation band (32-bit) to 32-bit bands, in 64-bit sums.
    /// <paramref name="src"/> may be <paramref name="dst"/>'s own A: output row i is written after every read of
    /// input rows up to 2i+2, and later rows read only input rows from 2i+1 on, so working in place is safe.
    /// </summary>
    public static void Scale123(
        int[] src, int scale, AdmDwtTaps rows, AdmDwtTaps cols, Span<int> tmpLo, Span<int> tmpHi, AdmBands<int> dst)
    {
        int w = cols.InputLength;
        int stride = dst.Stride;
        var (roundVp, shiftVp) = VerticalShift(scale);
        var rowIndex = rows.Index;
        var colIndex = cols.Index;

        for (int i = 0; i < rows.OutputLength; i++)
        {
            var r0 = src.AsSpan(rowIndex[4 * i] * stride, w);
            var r1 = src.AsSpan(rowIndex[4 * i + 1] * stride, w);
            var r2 = src.AsSpan(rowIndex[4 * i + 2] * stride, w);
            var r3 = src.AsSpan(rowIndex[4 * i + 3] * stride, w);
            for (int j = 0; j < w; j++)
            {
                long s0 = r0[j], s1 = r1[j], s2 = r2[j], s3 = r3[j];
                tmpLo[j] = (int)((Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 + roundVp) >> shiftVp);
                tmpHi[j] = (int)((Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3 + roundVp) >> shiftVp);
            }

            Scale123Horizontal(tmpLo, tmpHi, colIndex, cols.OutputLength, scale, dst, i * stride);
        }
    }

    public static void Scale123Horizontal(ReadOnlySpan<int> tmpLo, ReadOnlySpan<int> tmpHi, int[] colIndex, int outWidth, int scale, AdmBands<int> dst, int offset)
    {
        var (round, shift) = HorizontalShift(scale);
        var a = dst.A.AsSpan(offset, outWidth);
        var v = dst.V.AsSpan(offset, outWidth);
        var h = dst.H.AsSpan(offset, outWidth);
        var d = dst.D.AsSpan(offset, outWidth);
        for (int j = 0; j < outWidth; j++)
        {
            int j0 = colIndex[4 * j], j1 = colIndex[4 * j + 1], j2 = colIndex[4 * j + 2], j3 = colIndex[4 * j + 3];
            long s0 = tmpLo[j0], s1 = tmpLo[j1], s2 = tmpLo[j2], s3 = tmpLo[j3];
            a[j] = (int)((Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 + round) >> shift);
            v[j] = (int)((Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3 + round) >> shift);
            s0 = tmpHi[j0];
            s1 = tmpHi[j1];
            s2 = tmpHi[j2];
            s3 = tmpHi[j3];
            h[j] = (int)((Lo0 * s0 + Lo1 * s1 + Lo2 * s2 + Lo3 * s3 + round) >> shift);
            d[j] = (int)((Hi0 * s0 + Hi1 * s1 + Hi2 * s2 + Hi3 * s3 + round) >> shift);
        }
    }
}
