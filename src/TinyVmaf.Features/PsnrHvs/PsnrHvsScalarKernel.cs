using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The reference kernel: libvmaf's <c>calc_psnrhvs</c> block by block, every single-precision operation in
/// libvmaf's order, so that its sum is libvmaf's bit for bit (libvmaf builds this file without FMA
/// contraction, which .NET does not do either).
/// </summary>
internal sealed class PsnrHvsScalarKernel : IPsnrHvsKernel
{
    /// <summary>libvmaf's <c>1 / 63.f * 64</c>: the unbiased-variance factor, rounded to float as libvmaf does.</summary>
    internal const float BlockVarianceScale = 1f / 63f * 64f;

    /// <summary>libvmaf's <c>1 / 15.f * 16</c>, the same for a 4x4 quadrant.</summary>
    internal const float QuadrantVarianceScale = 1f / 15f * 16f;

    private readonly int[] _reference = new int[64];
    private readonly int[] _distorted = new int[64];
    private readonly int[] _scratch = new int[64];
    private readonly float[] _means = new float[4];
    private readonly float[] _variances = new float[4];

    public float MaskedErrorSum(Plane reference, Plane distorted, PsnrHvsWeights weights)
    {
        float sum = 0;
        int blocksX = PsnrHvsKernels.BlockCount(reference.Width);
        int blocksY = PsnrHvsKernels.BlockCount(reference.Height);
        for (int by = 0; by < blocksY; by++)
        {
            for (int bx = 0; bx < blocksX; bx++)
            {
                int x = bx * PsnrHvsKernels.Step, y = by * PsnrHvsKernels.Step;
                Load(reference, x, y, _reference);
                Load(distorted, x, y, _distorted);
                float referenceTexture = Texture(_reference);
                float distortedTexture = Texture(_distorted);
                OdDct.Forward8x8(_reference, _scratch);
                OdDct.Forward8x8(_distorted, _scratch);

                // The larger of the two masking levels applies: an error hides in whichever picture is busier.
                float maskLevel = MaskLevel(_reference, referenceTexture, weights.Mask);
                float distortedLevel = MaskLevel(_distorted, distortedTexture, weights.Mask);
                if (distortedLevel > maskLevel)
                {
                    maskLevel = distortedLevel;
                }

                sum = AddMaskedErrors(sum, maskLevel, weights);
            }
        }

        return sum;
    }

    private static void Load(Plane plane, int x, int y, int[] block)
    {
        for (int i = 0; i < 8; i++)
        {
            var row = plane.Data.AsSpan(((y + i) * plane.Stride) + x, 8);
            for (int j = 0; j < 8; j++)
            {
                block[(i * 8) + j] = row[j];
            }
        }
    }

    /// <summary>libvmaf's <c>(i &amp; 12) &gt;&gt; 2) + ((j &amp; 12) &gt;&gt; 1)</c>: 0 top left, 1 bottom left, 2 top right, 3 bottom right.</summary>
    internal static int Quadrant(int i, int j) => (i >> 2) + ((j >> 2) << 1);

    /// <summary>
    /// How much of the block's variance survives inside its quadrants: the sum of the four quadrant variances
    /// over the block's (0 for a flat block). Near 1 for texture, small for a block that is an edge or a ramp,
    /// whose variance the quadrant means already explain. Means and variances are libvmaf's float sums.
    /// </summary>
    private float Texture(int[] block)
    {
        var means = _means;
        var variances = _variances;
        means.AsSpan().Clear();
        variances.AsSpan().Clear();
        float mean = 0;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                int v = block[(i * 8) + j];
                mean += v;
                means[Quadrant(i, j)] += v;
            }
        }

        mean /= 64f;
        for (int q = 0; q < 4; q++)
        {
            means[q] /= 16f;
        }

        float variance = 0;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                int v = block[(i * 8) + j];
                int q = Quadrant(i, j);
                variance += (v - mean) * (v - mean);
                variances[q] += (v - means[q]) * (v - means[q]);
            }
        }

        variance *= BlockVarianceScale;
        for (int q = 0; q < 4; q++)
        {
            variances[q] *= QuadrantVarianceScale;
        }

        return variance > 0 ? (variances[0] + variances[1] + variances[2] + variances[3]) / variance : variance;
    }

    /// <summary>
    /// The block's masking level: the square root of its mask-weighted AC energy times its texture, over 32.
    /// libvmaf squares each coefficient in 32-bit integers, takes the root in double and stores it as float.
    /// </summary>
    private static float MaskLevel(int[] coefficients, float texture, float[] mask)
    {
        float energy = 0;
        for (int k = 1; k < 64; k++)
        {
            energy += (coefficients[k] * coefficients[k]) * mask[k];
        }

        return (float)(Math.Sqrt(energy * texture) / 32.0);
    }

    private float AddMaskedErrors(float sum, float maskLevel, PsnrHvsWeights weights)
    {
        var csf = weights.Csf;
        var mask = weights.Mask;
        for (int k = 0; k < 64; k++)
        {
            float error = Math.Abs(_reference[k] - _distorted[k]);

            // The DC error is never masked.
            if (k != 0)
            {
                float threshold = maskLevel / mask[k];
                error = error < threshold ? 0 : error - threshold;
            }

            float weighted = error * csf[k];
            sum += weighted * weighted;
        }

        return sum;
    }
}
