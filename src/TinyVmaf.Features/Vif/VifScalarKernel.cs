namespace TinyVmaf.Features.Vif;

/// <summary>
/// The reference kernel: libvmaf's scalar integer arithmetic, one column at a time. The vector kernel is
/// tested against it bit for bit, and uses it for the columns left over after its whole vectors.
/// </summary>
internal sealed class VifScalarKernel : IVifKernel
{
    public static readonly VifScalarKernel Instance = new();

    private VifScalarKernel()
    {
    }

    public void StatisticsVertical(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int width, int shiftMu, int shiftSq, VifScratch scratch) =>
        StatisticsVerticalColumns(reference, distorted, rows, window, 0, width, shiftMu, shiftSq, scratch);

    public void StatisticsHorizontal(VifScratch scratch, ReadOnlySpan<ushort> window, int width, double gainLimit, ref VifAccumulator sums) =>
        StatisticsHorizontalColumns(scratch, window, 0, width, gainLimit, ref sums);

    public void SubsampleVertical(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int width, int shift, VifScratch scratch) =>
        SubsampleVerticalColumns(reference, distorted, rows, window, 0, width, shift, scratch);

    public void SubsampleHorizontal(VifScratch scratch, ReadOnlySpan<ushort> window, Span<ushort> reference, Span<ushort> distorted) =>
        SubsampleHorizontalColumns(scratch, window, 0, reference, distorted);

    internal static void StatisticsVerticalColumns(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int from, int to, int shiftMu, int shiftSq, VifScratch scratch)
    {
        uint roundMu = 1u << (shiftMu - 1);
        ulong roundSq = shiftSq == 0 ? 0 : 1UL << (shiftSq - 1);
        uint[] mu1 = scratch.Mu1, mu2 = scratch.Mu2, refSq = scratch.Ref, disSq = scratch.Dis, refDis = scratch.RefDis;
        for (int j = from; j < to; j++)
        {
            uint accumMu1 = 0, accumMu2 = 0;
            ulong accumRef = 0, accumDis = 0, accumRefDis = 0;
            for (int k = 0; k < window.Length; k++)
            {
                uint r = reference[rows[k] + j];
                uint d = distorted[rows[k] + j];
                uint fr = window[k] * r;
                uint fd = window[k] * d;
                accumMu1 += fr;
                accumMu2 += fd;
                accumRef += (ulong)fr * r;
                accumDis += (ulong)fd * d;
                accumRefDis += (ulong)fr * d;
            }

            int c = VifScratch.Pad + j;
            // libvmaf keeps the means as 16-bit values and the moments as 32-bit ones.
            mu1[c] = (ushort)((accumMu1 + roundMu) >> shiftMu);
            mu2[c] = (ushort)((accumMu2 + roundMu) >> shiftMu);
            refSq[c] = (uint)((accumRef + roundSq) >> shiftSq);
            disSq[c] = (uint)((accumDis + roundSq) >> shiftSq);
            refDis[c] = (uint)((accumRefDis + roundSq) >> shiftSq);
        }
    }

    internal static void StatisticsHorizontalColumns(
        VifScratch scratch, ReadOnlySpan<ushort> window, int from, int to, double gainLimit, ref VifAccumulator sums)
    {
        uint[] mu1 = scratch.Mu1, mu2 = scratch.Mu2, refSq = scratch.Ref, disSq = scratch.Dis, refDis = scratch.RefDis;
        int half = window.Length / 2;
        for (int j = from; j < to; j++)
        {
            uint accumMu1 = 0, accumMu2 = 0;
            ulong accumRef = 0, accumDis = 0, accumRefDis = 0;
            int start = VifScratch.Pad + j - half;
            for (int k = 0; k < window.Length; k++)
            {
                uint f = window[k];
                accumMu1 += f * mu1[start + k];
                accumMu2 += f * mu2[start + k];
                accumRef += (ulong)f * refSq[start + k];
                accumDis += (ulong)f * disSq[start + k];
                accumRefDis += (ulong)f * refDis[start + k];
            }

            sums.Add(
                accumMu1, accumMu2,
                (uint)((accumRef + 32768) >> 16), (uint)((accumDis + 32768) >> 16), (uint)((accumRefDis + 32768) >> 16),
                gainLimit);
        }
    }

    internal static void SubsampleVerticalColumns(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> window,
        int from, int to, int shift, VifScratch scratch)
    {
        uint round = 1u << (shift - 1);
        uint[] convolRef = scratch.ConvolRef, convolDis = scratch.ConvolDis;
        for (int j = from; j < to; j++)
        {
            uint accumRef = 0, accumDis = 0;
            for (int k = 0; k < window.Length; k++)
            {
                accumRef += window[k] * (uint)reference[rows[k] + j];
                accumDis += window[k] * (uint)distorted[rows[k] + j];
            }

            convolRef[VifScratch.Pad + j] = (ushort)((accumRef + round) >> shift);
            convolDis[VifScratch.Pad + j] = (ushort)((accumDis + round) >> shift);
        }
    }

    internal static void SubsampleHorizontalColumns(
        VifScratch scratch, ReadOnlySpan<ushort> window, int from, Span<ushort> reference, Span<ushort> distorted)
    {
        uint[] convolRef = scratch.ConvolRef, convolDis = scratch.ConvolDis;
        int half = window.Length / 2;
        for (int j = from; j < reference.Length; j++)
        {
            uint accumRef = 0, accumDis = 0;
            int start = VifScratch.Pad + 2 * j - half;
            for (int k = 0; k < window.Length; k++)
            {
                accumRef += window[k] * convolRef[start + k];
                accumDis += window[k] * convolDis[start + k];
            }

            reference[j] = (ushort)((accumRef + 32768) >> 16);
            distorted[j] = (ushort)((accumDis + 32768) >> 16);
        }
    }
}
