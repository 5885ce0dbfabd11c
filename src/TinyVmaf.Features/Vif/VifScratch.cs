namespace TinyVmaf.Features.Vif;

/// <summary>
/// One row of vertically filtered values per quantity, with room either side for the mirrored columns
/// (and for vector loads that run past them). Sized once for the widest scale.
/// </summary>
internal sealed class VifScratch
{
    /// <summary>Columns before the first one; at least the widest half window.</summary>
    public const int Pad = 16;

    public VifScratch(int width)
    {
        int length = Pad + width + Pad;
        Mu1 = new uint[length];
        Mu2 = new uint[length];
        Ref = new uint[length];
        Dis = new uint[length];
        RefDis = new uint[length];
        ConvolRef = new uint[length];
        ConvolDis = new uint[length];
    }

    /// <summary>Filtered reference, at the scale's mean precision.</summary>
    public uint[] Mu1 { get; }

    /// <summary>Filtered distorted.</summary>
    public uint[] Mu2 { get; }

    /// <summary>Filtered reference squared.</summary>
    public uint[] Ref { get; }

    /// <summary>Filtered distorted squared.</summary>
    public uint[] Dis { get; }

    /// <summary>Filtered reference times distorted.</summary>
    public uint[] RefDis { get; }

    /// <summary>The reference low-passed down the columns, before decimation.</summary>
    public uint[] ConvolRef { get; }

    /// <summary>The distorted low-passed down the columns, before decimation.</summary>
    public uint[] ConvolDis { get; }

    /// <summary>Mirrors the statistics rows past both ends, as libvmaf does: column -f is column f.</summary>
    public void MirrorStatistics(int width, int half)
    {
        Mirror(Mu1, width, half);
        Mirror(Mu2, width, half);
        Mirror(Ref, width, half);
        Mirror(Dis, width, half);
        Mirror(RefDis, width, half);
    }

    public void MirrorConvolution(int width, int half)
    {
        Mirror(ConvolRef, width, half);
        Mirror(ConvolDis, width, half);
    }

    private static void Mirror(uint[] row, int width, int half)
    {
        for (int f = 1; f <= half; f++)
        {
            row[Pad - f] = row[Pad + f];
            row[Pad + width - 1 + f] = row[Pad + width - 1 - f];
        }
    }
}
