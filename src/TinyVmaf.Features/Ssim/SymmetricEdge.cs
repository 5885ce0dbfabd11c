namespace TinyVmaf.Features.Ssim;

/// <summary>
/// libvmaf's IQA boundary rule (<c>KBND_SYMMETRIC</c>, in the reference fork's period form): indices beyond an
/// edge reflect with the edge sample repeated, so −1 reads 0 and n reads n − 1, and the pattern repeats every
/// 2n (which only matters for sides shorter than a window's half-width).
/// </summary>
internal static class SymmetricEdge
{
    public static int Reflect(int index, int length)
    {
        int period = 2 * length;
        int r = index % period;
        if (r < 0)
        {
            r += period;
        }

        return r >= length ? period - 1 - r : r;
    }
}
