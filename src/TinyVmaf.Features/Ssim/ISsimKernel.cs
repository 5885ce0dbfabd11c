namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The two row passes of the SSIM map, the hot part. The five maps SSIM filters (the two pictures, their
/// squares and their product) live in one buffer, map m at <c>m * mapLength</c>, each a ring of
/// <see cref="SsimWindow.Taps"/> filtered rows. A kernel must reproduce libvmaf's rounding: every tap's product
/// in single precision, summed in double in tap order, the sum rounded to single precision after each pass.
/// Only the order in which it visits columns, and in which it adds pixels into the pooled sums, is its own.
/// </summary>
internal interface ISsimKernel
{
    /// <summary>
    /// Filters one row of the two pictures (<paramref name="width"/> samples from <paramref name="offset"/>)
    /// along x and writes the <c>width − 10</c> values of each of the five maps at <paramref name="mapOffset"/>.
    /// </summary>
    void FilterRow(float[] reference, float[] distorted, int offset, int width, float[] maps, int mapLength, int mapOffset);

    /// <summary>
    /// Filters the rows at <paramref name="rows"/> (offsets into each map, top to bottom) down the columns and
    /// adds the <paramref name="width"/> pixels of the resulting map row to <paramref name="sums"/>.
    /// </summary>
    void PoolRow(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, SsimTerms terms, ref SsimSums sums);
}
