namespace TinyVmaf.Features.Vif;

/// <summary>
/// The reference kernel: libvmaf's scalar integer arithmetic, one column at a time, in libvmaf's own types
/// (16-bit means, 32-bit moments between the passes, 64-bit sums of moments). The vector kernel is tested
/// against it bit for bit.
/// </summary>
internal sealed class VifScalarKernel : IVifKernel
{
    private const int Pad = VifFilters.MaxHalfWidth;

    private readonly uint[] _mu1, _mu2, _ref, _dis, _refDis;

    public VifScalarKernel(int maxWidth)
    {
        int length = Pad + maxWidth + Pad;
        _mu1 = new uint[length];
        _mu2 = new uint[length];
        _ref = new uint[length];
        _dis = new uint[length];
        _refDis = new uint[length];
    }

    public void StatisticsRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int scale, int width,
        int shiftMu, int shiftSq, double gainLimit, ref VifAccumulator sums)
    {
        var window = VifFilters.Window(scale);
        int half = window.Length / 2;
        uint roundMu = 1u << (shiftMu - 1);
        ulong roundSq = shiftSq == 0 ? 0 : 1UL << (shiftSq - 1);
        for (int j = 0; j < width; j++)
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

            _mu1[Pad + j] = (ushort)((accumMu1 + roundMu) >> shiftMu);
            _mu2[Pad + j] = (ushort)((accumMu2 + roundMu) >> shiftMu);
            _ref[Pad + j] = (uint)((accumRef + roundSq) >> shiftSq);
            _dis[Pad + j] = (uint)((accumDis + roundSq) >> shiftSq);
            _refDis[Pad + j] = (uint)((accumRefDis + roundSq) >> shiftSq);
        }

        Mirror(_mu1, width, half);
        Mirror(_mu2, width, half);
        Mirror(_ref, width, half);
        Mirror(_dis, width, half);
        Mirror(_refDis, width, half);

        for (int j = 0; j < width; j++)
        {
            uint accumMu1 = 0, accumMu2 = 0;
            ulong accumRef = 0, accumDis = 0, accumRefDis = 0;
            int start = Pad + j - half;
            for (int k = 0; k < window.Length; k++)
            {
                uint f = window[k];
                accumMu1 += f * _mu1[start + k];
                accumMu2 += f * _mu2[start + k];
                accumRef += (ulong)f * _ref[start + k];
                accumDis += (ulong)f * _dis[start + k];
                accumRefDis += (ulong)f * _refDis[start + k];
            }

            sums.Add(
                accumMu1, accumMu2,
                (uint)((accumRef + 32768) >> 16), (uint)((accumDis + 32768) >> 16), (uint)((accumRefDis + 32768) >> 16),
                gainLimit);
        }
    }

    public void SubsampleRow(
        ushort[] reference, ushort[] distorted, ReadOnlySpan<int> rows, int windowScale, int width, int shift,
        ushort[] outReference, ushort[] outDistorted, int outputOffset, int outputWidth)
    {
        var window = VifFilters.Window(windowScale);
        int half = window.Length / 2;
        uint round = 1u << (shift - 1);
        for (int j = 0; j < width; j++)
        {
            uint accumRef = 0, accumDis = 0;
            for (int k = 0; k < window.Length; k++)
            {
                accumRef += window[k] * (uint)reference[rows[k] + j];
                accumDis += window[k] * (uint)distorted[rows[k] + j];
            }

            _mu1[Pad + j] = (ushort)((accumRef + round) >> shift);
            _mu2[Pad + j] = (ushort)((accumDis + round) >> shift);
        }

        Mirror(_mu1, width, half);
        Mirror(_mu2, width, half);

        for (int j = 0; j < outputWidth; j++)
        {
            uint accumRef = 0, accumDis = 0;
            int start = Pad + 2 * j - half;
            for (int k = 0; k < window.Length; k++)
            {
                accumRef += window[k] * _mu1[start + k];
                accumDis += window[k] * _mu2[start + k];
            }

            outReference[outputOffset + j] = (ushort)((accumRef + 32768) >> 16);
            outDistorted[outputOffset + j] = (ushort)((accumDis + 32768) >> 16);
        }
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
