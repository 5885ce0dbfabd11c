using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.FloatAdm;

/// <summary>The four bands of one float DWT level: approximation (a) and the h, v, d details, row-major with one stride.</summary>
internal sealed class FloatAdmBands
{
    public FloatAdmBands(int stride, int rows)
    {
        Stride = stride;
        A = new float[stride * rows];
        H = new float[stride * rows];
        V = new float[stride * rows];
        D = new float[stride * rows];
    }

    public int Stride { get; }
    public float[] A { get; }
    public float[] H { get; }
    public float[] V { get; }
    public float[] D { get; }

    /// <summary>Detail band theta: 0 h, 1 v, 2 d.</summary>
    public float[] Detail(int theta) => theta switch
    {
        0 => H,
        1 => V,
        _ => D,
    };
}

/// <summary>
/// One level of float ADM's Daubechies-2 DWT (libvmaf's <c>adm_dwt2_s</c>): a pass down the columns (low and high)
/// over rows 2i − 1 .. 2i + 2, then along each row over columns 2j − 1 .. 2j + 2, sums from zero in tap order. Edges
/// reflect: index −1 reads 1, and an index n or beyond reads 2n − 1 − index (the edge sample repeated). The vector
/// path takes a vector of columns at a time in the pass down the columns, keeping each sum's order (bit-exact).
/// </summary>
internal sealed class FloatAdmDwt
{
    // Double literals narrowed to float, as libvmaf's float initialisers are.
    private static readonly float[] Lo = [(float)0.482962913144690, (float)0.836516303737469, (float)0.224143868041857, (float)-0.129409522550921];
    private static readonly float[] Hi = [(float)-0.129409522550921, (float)-0.224143868041857, (float)0.836516303737469, (float)-0.482962913144690];

    private readonly float[] _lo, _hi;
    private readonly int[] _columns;
    private readonly bool _simd;

    public FloatAdmDwt(int maxWidth, bool simd)
    {
        _lo = new float[maxWidth];
        _hi = new float[maxWidth];
        _columns = new int[4 * ((maxWidth + 1) / 2)];
        _simd = simd && Vector.IsHardwareAccelerated;
    }

    /// <summary>libvmaf's <c>dwt2_src_indices_filt_s</c> for one index: tap <paramref name="k"/> (0..3) of output <paramref name="i"/>.</summary>
    private static int Tap(int i, int k, int n)
    {
        int index = 2 * i - 1 + k;
        if (index < 0)
        {
            return -index;
        }

        return index >= n ? 2 * n - index - 1 : index;
    }

    /// <summary>Transforms <paramref name="src"/> (w x h, <paramref name="srcStride"/>) into <paramref name="dst"/> ((w+1)/2 x (h+1)/2).</summary>
    public void Transform(float[] src, int srcStride, int w, int h, FloatAdmBands dst)
    {
        int outW = (w + 1) / 2, outH = (h + 1) / 2;
        for (int j = 0; j < outW; j++)
        {
            for (int k = 0; k < 4; k++)
            {
                _columns[4 * j + k] = Tap(j, k, w);
            }
        }

        for (int i = 0; i < outH; i++)
        {
            int r0 = Tap(i, 0, h) * srcStride, r1 = Tap(i, 1, h) * srcStride, r2 = Tap(i, 2, h) * srcStride, r3 = Tap(i, 3, h) * srcStride;
            int from = _simd ? ColumnsVector(src, r0, r1, r2, r3, w) : 0;
            ColumnsScalar(src, r0, r1, r2, r3, w, from);

            int row = i * dst.Stride;
            for (int j = 0; j < outW; j++)
            {
                int c = 4 * j;
                int j0 = _columns[c], j1 = _columns[c + 1], j2 = _columns[c + 2], j3 = _columns[c + 3];
                dst.A[row + j] = Sum(Lo, _lo[j0], _lo[j1], _lo[j2], _lo[j3]);
                dst.V[row + j] = Sum(Hi, _lo[j0], _lo[j1], _lo[j2], _lo[j3]);
                dst.H[row + j] = Sum(Lo, _hi[j0], _hi[j1], _hi[j2], _hi[j3]);
                dst.D[row + j] = Sum(Hi, _hi[j0], _hi[j1], _hi[j2], _hi[j3]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(float[] f, float s0, float s1, float s2, float s3)
    {
        float accum = 0;
        accum += f[0] * s0;
        accum += f[1] * s1;
        accum += f[2] * s2;
        accum += f[3] * s3;
        return accum;
    }

    private void ColumnsScalar(float[] src, int r0, int r1, int r2, int r3, int w, int from)
    {
        for (int j = from; j < w; j++)
        {
            float s0 = src[r0 + j], s1 = src[r1 + j], s2 = src[r2 + j], s3 = src[r3 + j];
            _lo[j] = Sum(Lo, s0, s1, s2, s3);
            _hi[j] = Sum(Hi, s0, s1, s2, s3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ColumnsVector(float[] src, int r0, int r1, int r2, int r3, int w)
    {
        int lanes = Vector<float>.Count;
        Vector<float> l0 = new(Lo[0]), l1 = new(Lo[1]), l2 = new(Lo[2]), l3 = new(Lo[3]);
        Vector<float> h0 = new(Hi[0]), h1 = new(Hi[1]), h2 = new(Hi[2]), h3 = new(Hi[3]);
        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            var s0 = new Vector<float>(src, r0 + j);
            var s1 = new Vector<float>(src, r1 + j);
            var s2 = new Vector<float>(src, r2 + j);
            var s3 = new Vector<float>(src, r3 + j);
            (Vector<float>.Zero + l0 * s0 + l1 * s1 + l2 * s2 + l3 * s3).CopyTo(_lo, j);
            (Vector<float>.Zero + h0 * s0 + h1 * s1 + h2 * s2 + h3 * s3).CopyTo(_hi, j);
        }

        return j;
    }
}
