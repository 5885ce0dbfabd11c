namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The three steps of an SSIM map row, the hot part. The five maps SSIM filters (the two pictures, their
/// squares and their product) live in one buffer, map m at <c>m * mapLength</c>, each a ring of
/// <see cref="SsimWindow.Taps"/> rows filtered along x. A kernel must reproduce libvmaf's rounding in both
/// filter passes: every tap's product in single precision, summed in double in tap order, the sum rounded to
/// single precision. Only the order in which it visits columns, and in which it adds pixels into the pooled
/// sums, is its own.
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
    /// writes <paramref name="width"/> values of each map to <paramref name="pooled"/>, map m at
    /// <c>m * pooledLength</c>.
    /// </summary>
    void FilterColumns(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, float[] pooled, int pooledLength);

    /// <summary>Adds the <paramref name="width"/> pixels of a row filtered both ways to <paramref name="sums"/>.</summary>
    void Pool(float[] pooled, int pooledLength, int width, SsimTerms terms, ref SsimSums sums);
}
