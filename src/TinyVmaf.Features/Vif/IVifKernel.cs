namespace TinyVmaf.Features.Vif;

/// <summary>
/// The row passes of integer VIF, the hot part, over source samples of type <typeparamref name="TSample"/>
/// (<see cref="ushort"/> at every scale; a kernel that also implements it for <see cref="byte"/> reads the first
/// scale's 8-bit samples as a reader left them, without widening them). For each output row a kernel filters
/// down the columns over the mirrored source rows it is given, mirrors the filtered row past both ends (column
/// -f is column f, the edge not repeated), then filters along it. A kernel must reproduce libvmaf's integer
/// arithmetic exactly; only the order in which it visits columns is its own. It owns its scratch rows, sized
/// at creation.
/// </summary>
internal interface IVifKernel<TSample>
    where TSample : unmanaged
{
    /// <summary>
    /// Adds the contributions of one output row of <paramref name="scale"/> to <paramref name="sums"/>.
    /// <paramref name="rows"/> holds the offset of the source row under each tap of the scale's window; the
    /// column-filtered means are rounded down by <paramref name="shiftMu"/> bits and the second moments by
    /// <paramref name="shiftSq"/> bits.
    /// </summary>
    void StatisticsRow(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, int scale, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums);

    /// <summary>
    /// Low-passes one source row with the window of <paramref name="windowScale"/> (rounding the column pass
    /// down by <paramref name="shift"/> bits) and writes its even columns to <paramref name="outputWidth"/>
    /// samples from <paramref name="outputOffset"/> of the outputs. The outputs carry
    /// <see cref="VifPyramid.BufferSlack"/> spare samples after their last row, which a kernel may overwrite.
    /// </summary>
    void SubsampleRow(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth);

    /// <summary>
    /// <see cref="StatisticsRow"/> of a first-scale row and <see cref="SubsampleRow"/> (window of scale 1) of
    /// the output row centred on it, whose source rows <paramref name="subsampleRows"/> lie inside
    /// <paramref name="rows"/>: a kernel may filter both from the same loads.
    /// </summary>
    void StatisticsAndSubsampleRow(
        TSample[] reference, TSample[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<int> subsampleRows, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth)
    {
        StatisticsRow(reference, distorted, rows, 0, width, shiftMu, shiftSq, gainLimit, ref sums);
        SubsampleRow(reference, distorted, subsampleRows, 1, width, shiftMu, outReference, outDistorted, outputOffset, outputWidth);
    }
}

/// <summary>A whole VIF kernel: the row passes of every scale over 16-bit samples (see <see cref="IVifKernel{TSample}"/>).</summary>
internal interface IVifKernel : IVifKernel<ushort>
{
}
