namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The reference kernel: libvmaf's arithmetic one output at a time, in its order. A float times a float is a
/// single-precision product here (RyuJIT never widens or fuses it), which is what libvmaf's
/// <c>sum += img[i] * k[j]</c> with a double <c>sum</c> computes. The vector kernel is tested against it.
/// </summary>
internal sealed class SsimScalarKernel : ISsimKernel
{
    public void FilterRow(float[] reference, float[] distorted, int offset, int width, float[] maps, int mapLength, int mapOffset)
    {
        var k = SsimWindow.Gaussian;
        int outputs = width - SsimWindow.Shrink;
        for (int x = 0; x < outputs; x++)
        {
            double muRef = 0, muDis = 0, refSq = 0, disSq = 0, refDis = 0;
            for (int u = 0; u < k.Length; u++)
            {
                float a = reference[offset + x + u];
                float b = distorted[offset + x + u];
                muRef += a * k[u];
                muDis += b * k[u];
                refSq += (a * a) * k[u];
                disSq += (b * b) * k[u];
                refDis += (a * b) * k[u];
            }

            int o = mapOffset + x;
            maps[o] = (float)muRef;
            maps[o + mapLength] = (float)muDis;
            maps[o + 2 * mapLength] = (float)refSq;
            maps[o + 3 * mapLength] = (float)disSq;
            maps[o + 4 * mapLength] = (float)refDis;
        }
    }

    public void PoolRow(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, SsimTerms terms, ref SsimSums sums)
    {
        var k = SsimWindow.Gaussian;
        for (int x = 0; x < width; x++)
        {
            double muRef = 0, muDis = 0, refSq = 0, disSq = 0, refDis = 0;
            for (int v = 0; v < k.Length; v++)
            {
                int o = rows[v] + x;
                muRef += maps[o] * k[v];
                muDis += maps[o + mapLength] * k[v];
                refSq += maps[o + 2 * mapLength] * k[v];
                disSq += maps[o + 3 * mapLength] * k[v];
                refDis += maps[o + 4 * mapLength] * k[v];
            }

            sums.Add((float)muRef, (float)muDis, (float)refSq, (float)disSq, (float)refDis);
        }
    }
}
