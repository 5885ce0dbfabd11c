namespace TinyVmaf.Features.Ciede;

/// <summary>
/// One row of a picture at luma resolution: each luma sample with the chroma samples libvmaf pairs it with
/// (see <see cref="CiedeChroma"/>). The three spans have the luma width.
/// </summary>
internal readonly ref struct YuvRow(ReadOnlySpan<ushort> y, ReadOnlySpan<ushort> u, ReadOnlySpan<ushort> v)
{
    public ReadOnlySpan<ushort> Y { get; } = y;

    public ReadOnlySpan<ushort> U { get; } = u;

    public ReadOnlySpan<ushort> V { get; } = v;
}

/// <summary>
/// The hot part of CIEDE2000: every pixel of a row to CIELAB, then the ΔE00 of each reference pixel to its
/// distorted twin, summed. A kernel owns its scratch, sized at creation for the widest row it takes.
/// </summary>
internal interface ICiedeKernel
{
    /// <summary>Returns <paramref name="sum"/> plus the ΔE00 of every pixel of the row.</summary>
    double AddRow(double sum, YuvRow reference, YuvRow distorted);
}
