namespace TinyVmaf.Features.Vif;

/// <summary>
/// The row passes of integer VIF, the hot part. Each scale of the pyramid runs, per output row, a vertical
/// pass over the mirrored source rows into the scratch rows, then a horizontal pass over the scratch rows
/// (mirrored by the caller). A kernel must reproduce libvmaf's integer arithmetic exactly; only the order in
/// which it visits columns is its own.
/// </summary>
internal interface IVifKernel
{
    /// <summary>
    /// Filters the rows at <paramref name="rows"/> (offsets into the planes, one per tap of
    /// <paramref name="window"/>) into the means and second moments of every column: means rounded down by
    /// <paramref name="shiftMu"/> bits, moments by <paramref name="shiftSq"/> bits.
    /// </summary>
    void StatisticsVertical(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int width, int shiftMu, int shiftSq, VifScratch scratch);

    /// <summary>Filters the scratch rows along the row and adds every column's contribution to <paramref name="sums"/>.</summary>
    void StatisticsHorizontal(VifScratch scratch, ReadOnlySpan<ushort> window, int width, double gainLimit, ref VifAccumulator sums);

    /// <summary>The low-pass before decimation, down the columns: means rounded down by <paramref name="shift"/> bits.</summary>
    void SubsampleVertical(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int width, int shift, VifScratch scratch);

    /// <summary>The low-pass along the row, kept at even columns only: column 2j lands in column j of the outputs.</summary>
    void SubsampleHorizontal(VifScratch scratch, ReadOnlySpan<ushort> window, Span<ushort> reference, Span<ushort> distorted);
}
