using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.FloatVif;

/// <summary>
/// The separable float filters of libvmaf's float VIF (<c>vif_filter1d_s</c>, <c>_sq_s</c>, <c>_xy_s</c>), fused:
/// for one output row, the pass down the columns yields the two means and three second moments at once, each
/// mirrored past the row's ends into padded scratch, then the pass along the row. Each sum runs from zero in tap
/// order as libvmaf's (scalar or AVX) does, so the vector path, which takes a vector of columns at a time, is
/// bit-exact with the scalar one. Owns its scratch rows, sized at creation.
/// </summary>
internal sealed class FloatVifKernel
{
    /// <summary>Channels: mean of ref, mean of dis, ref², dis², ref·dis.</summary>
    public const int Channels = 5;

    private readonly bool _simd;
    private readonly int _pad;
    private readonly int _rowLength;

    /// <summary>The column-filtered rows, channel c from <c>c * _rowLength</c>, column j at <c>_pad + j</c>.</summary>
    private readonly float[] _columns;

    /// <summary>The filtered row of each channel, column j at <c>c * _rowLength + j</c>.</summary>
    private readonly float[] _filtered;

    public FloatVifKernel(int maxWidth, int maxRadius, bool simd)
    {
        _simd = simd && Vector.IsHardwareAccelerated;
        _pad = maxRadius;
        _rowLength = maxWidth + 2 * maxRadius + Vector<float>.Count;
        _columns = new float[Channels * _rowLength];
        _filtered = new float[Channels * _rowLength];
    }

    /// <summary>The filtered means of output row <paramref name="i"/> (channel 0 ref, 1 dis), column j at <see cref="Filtered"/>[c * RowLength + j].</summary>
    public float[] Filtered => _filtered;

    public int RowLength => _rowLength;

    private static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - i - 2 : i;

    /// <summary>
    /// Filters row <paramref name="i"/> of ref and dis (w x h, <paramref name="stride"/>) with <paramref name="window"/>:
    /// both means, and with <paramref name="moments"/> the three second moments too, into <see cref="Filtered"/>.
    /// With <paramref name="evenOnly"/>, only even columns are needed (the caller decimates), and only they are filtered.
    /// </summary>
    public void FilterRow(float[] window, float[] reference, float[] distorted, int w, int h, int stride, int i, bool moments, bool evenOnly)
    {
        int radius = window.Length / 2;
        Span<int> rows = stackalloc int[window.Length];
        for (int k = 0; k < window.Length; k++)
        {
            rows[k] = Mirror(i - radius + k, h) * stride;
        }

        int j = 0;
        if (_simd)
        {
            j = ColumnsVector(window, reference, distorted, rows, w, moments);
        }

        ColumnsScalar(window, reference, distorted, rows, w, moments, j);
        int channels = moments ? Channels : 2;
        for (int c = 0; c < channels; c++)
        {
            // Mirror the filtered row past both ends: column -t is column t, column w-1+t is column w-1-t.
            int row = c * _rowLength + _pad;
            for (int t = 1; t <= radius; t++)
            {
                _columns[row - t] = _columns[row + t];
                _columns[row + w - 1 + t] = _columns[row + w - 1 - t];
            }

            if (evenOnly)
            {
                AlongEven(window, row - radius, c * _rowLength, w);
            }
            else if (_simd)
            {
                AlongVector(window, row - radius, c * _rowLength, w);
            }
            else
            {
                AlongScalar(window, row - radius, c * _rowLength, w, 0);
            }
        }
    }

    private void ColumnsScalar(float[] f, float[] r, float[] d, ReadOnlySpan<int> rows, int w, bool moments, int from)
    {
        int c1 = _rowLength, c2 = 2 * _rowLength, c3 = 3 * _rowLength, c4 = 4 * _rowLength;
        for (int j = from; j < w; j++)
        {
            float m1 = 0, m2 = 0, xx = 0, yy = 0, xy = 0;
            for (int k = 0; k < f.Length; k++)
            {
                float a = r[rows[k] + j], b = d[rows[k] + j];
                m1 += f[k] * a;
                m2 += f[k] * b;
                xx += f[k] * (a * a);
                yy += f[k] * (b * b);
                xy += f[k] * (a * b);
            }

            int p = _pad + j;
            _columns[p] = m1;
            _columns[c1 + p] = m2;
            if (moments)
            {
                _columns[c2 + p] = xx;
                _columns[c3 + p] = yy;
                _columns[c4 + p] = xy;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ColumnsVector(float[] f, float[] r, float[] d, ReadOnlySpan<int> rows, int w, bool moments)
    {
        int lanes = Vector<float>.Count;
        int c1 = _rowLength, c2 = 2 * _rowLength, c3 = 3 * _rowLength, c4 = 4 * _rowLength;
        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            Vector<float> m1 = default, m2 = default, xx = default, yy = default, xy = default;
            for (int k = 0; k < f.Length; k++)
            {
                var tap = new Vector<float>(f[k]);
                var a = new Vector<float>(r, rows[k] + j);
                var b = new Vector<float>(d, rows[k] + j);
                m1 += tap * a;
                m2 += tap * b;
                if (moments)
                {
                    xx += tap * (a * a);
                    yy += tap * (b * b);
                    xy += tap * (a * b);
                }
            }

            int p = _pad + j;
            m1.CopyTo(_columns, p);
            m2.CopyTo(_columns, c1 + p);
            if (moments)
            {
                xx.CopyTo(_columns, c2 + p);
                yy.CopyTo(_columns, c3 + p);
                xy.CopyTo(_columns, c4 + p);
            }
        }

        return j;
    }

    /// <summary>out[j] = sum over k of f[k] * in[j + k], in[0] being column −radius.</summary>
    private void AlongScalar(float[] f, int input, int output, int w, int from)
    {
        for (int j = from; j < w; j++)
        {
            float accum = 0;
            for (int k = 0; k < f.Length; k++)
            {
                accum += f[k] * _columns[input + j + k];
            }

            _filtered[output + j] = accum;
        }
    }

    private void AlongEven(float[] f, int input, int output, int w)
    {
        for (int j = 0; j < w; j += 2)
        {
            float accum = 0;
            for (int k = 0; k < f.Length; k++)
            {
                accum += f[k] * _columns[input + j + k];
            }

            _filtered[output + j] = accum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AlongVector(float[] f, int input, int output, int w)
    {
        int lanes = Vector<float>.Count;
        int j = 0;
        for (; j + lanes <= w; j += lanes)
        {
            var accum = Vector<float>.Zero;
            for (int k = 0; k < f.Length; k++)
            {
                accum += new Vector<float>(f[k]) * new Vector<float>(_columns, input + j + k);
            }

            accum.CopyTo(_filtered, output + j);
        }

        AlongScalar(f, input, output, w, j);
    }
}
