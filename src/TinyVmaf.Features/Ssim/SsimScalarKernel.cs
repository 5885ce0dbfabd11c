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

    public void FilterColumns(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, float[] pooled, int pooledLength)
    {
        var k = SsimWindow.Gaussian;
        for (int map = 0; map < 5; map++)
        {
            int m = map * mapLength;
            for (int x = 0; x < width; x++)
            {
                double sum = 0;
                for (int v = 0; v < k.Length; v++)
                {
                    sum += maps[m + rows[v] + x] * k[v];
                }

                pooled[map * pooledLength + x] = (float)sum;
            }
        }
    }

    public void Pool(float[] pooled, int pooledLength, int width, SsimTerms terms, ref SsimSums sums)
    {
        for (int x = 0; x < width; x++)
        {
            sums.Add(
                pooled[x], pooled[pooledLength + x], pooled[2 * pooledLength + x], pooled[3 * pooledLength + x], pooled[4 * pooledLength + x]);
        }
    }
}
