using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The downscaling libvmaf's float SSIM applies before the map when the picture is large: a box of
/// <c>factor × factor</c> taps, each weighing <c>1f / factor²</c>, sampled every <c>factor</c> pixels from
/// (0, 0), covering offsets <c>−factor/2 … factor − 1 − factor/2</c> about each sample point, reflected at the
/// edges with the edge sample repeated. libvmaf's output size is <c>w / factor + (w &amp; 1)</c>: an odd side
/// gains a sample even when the factor divides it; kept for parity.
/// </summary>
/// <remarks>
/// Each tap's product is rounded to single precision and the products are summed in double. That sum is exact:
/// a product of a sample in the 8-bit range (a multiple of 2^-8) and a weight of at least 1/100 has no bit
/// below 2^-38, and the window's total stays below 2^9, within double's 53 bits. So the vector path may add
/// the products in any order (down the columns first) and still equal libvmaf's per-pixel order bit for bit.
/// </remarks>
internal sealed class SsimDownscale
{
    /// <summary>libvmaf's range for its <c>scale</c> option (0 meaning automatic, 1 meaning none).</summary>
    public const int MaxFactor = 10;

    private readonly int _width;
    private readonly int _height;
    private readonly int _first;
    private readonly float _weight;
    private readonly bool _useSimd;
    private readonly double[] _columns;

    /// <summary>The source row of every tap of every output row, reflected, <see cref="Factor"/> per output row.</summary>
    private readonly int[] _rowTaps;

    /// <summary>The source column of every tap of every output column, reflected.</summary>
    private readonly int[] _columnTaps;

    public SsimDownscale(int width, int height, int factor, bool useSimd)
    {
        if (factor is < 2 or > MaxFactor)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"a downscaling factor is 2 to {MaxFactor}");
        }

        _width = width;
        _height = height;
        Factor = factor;
        OutputWidth = OutputSide(width, factor);
        OutputHeight = OutputSide(height, factor);
        _first = -(factor / 2);
        _weight = 1.0f / (factor * factor);
        _useSimd = useSimd && Vector256.IsHardwareAccelerated;
        _columns = new double[width];
        _rowTaps = Taps(OutputHeight, height, factor);
        _columnTaps = Taps(OutputWidth, width, factor);
    }

    public int Factor { get; }

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    /// <summary>libvmaf's factor when its <c>scale</c> option is 0: the shorter side over 256, rounded half up, at least 1.</summary>
    public static int AutomaticFactor(int width, int height)
    {
        // libvmaf rounds a float quotient with its own _round (truncate, then add 1 when the fraction is ≥ 0.5).
        float quotient = Math.Min(width, height) / 256.0f;
        int truncated = (int)quotient;
        int rounded = quotient - truncated >= 0.5 ? truncated + 1 : truncated;
        return Math.Max(1, rounded);
    }

    public static int OutputSide(int side, int factor) => side / factor + (side & 1);

    /// <summary>
    /// Downscales a plane of samples (brought to the 8-bit range by <paramref name="scale"/>) into a compact
    /// float picture of <see cref="OutputWidth"/> × <see cref="OutputHeight"/>.
    /// </summary>
    public void Downscale(ushort[] samples, int stride, float scale, float[] picture)
    {
        if (_useSimd)
        {
            DownscaleByColumns(samples, stride, scale, picture);
        }
        else
        {
            DownscaleScalar(samples, stride, scale, picture);
        }
    }

    /// <summary>The reference: libvmaf's order, every output pixel summing its window row by row.</summary>
    internal void DownscaleScalar(ushort[] samples, int stride, float scale, float[] picture)
    {
        for (int yo = 0; yo < OutputHeight; yo++)
        {
            for (int xo = 0; xo < OutputWidth; xo++)
            {
                double sum = 0;
                for (int v = 0; v < Factor; v++)
                {
                    int row = SymmetricEdge.Reflect(yo * Factor + _first + v, _height) * stride;
                    for (int u = 0; u < Factor; u++)
                    {
                        float sample = samples[row + SymmetricEdge.Reflect(xo * Factor + _first + u, _width)] * scale;
                        sum += sample * _weight;
                    }
                }

                picture[yo * OutputWidth + xo] = (float)sum;
            }
        }
    }

    /// <summary>Sums each output row's window down the columns with vectors, then along the row.</summary>
    private void DownscaleByColumns(ushort[] samples, int stride, float scale, float[] picture)
    {
        ref double columns = ref MemoryMarshal.GetArrayDataReference(_columns);
        ref ushort first = ref MemoryMarshal.GetArrayDataReference(samples);
        var factor = Vector256.Create(scale);
        var weight = Vector256.Create(_weight);
        var rows = _rowTaps.AsSpan();
        for (int yo = 0; yo < OutputHeight; yo++)
        {
            var taps = rows.Slice(yo * Factor, Factor);
            int x = 0;
            for (; x <= _width - Vector256<ushort>.Count; x += Vector256<ushort>.Count)
            {
                var a0 = Vector256<double>.Zero;
                var a1 = Vector256<double>.Zero;
                var a2 = Vector256<double>.Zero;
                var a3 = Vector256<double>.Zero;
                foreach (int row in taps)
                {
                    var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref first, (nuint)(row * stride + x)));
                    var p0 = Vector256.ConvertToSingle(lower.AsInt32()) * factor * weight;
                    var p1 = Vector256.ConvertToSingle(upper.AsInt32()) * factor * weight;
                    a0 += Vector256.WidenLower(p0);
                    a1 += Vector256.WidenUpper(p0);
                    a2 += Vector256.WidenLower(p1);
                    a3 += Vector256.WidenUpper(p1);
                }

                a0.StoreUnsafe(ref columns, (nuint)x);
                a1.StoreUnsafe(ref columns, (nuint)(x + 4));
                a2.StoreUnsafe(ref columns, (nuint)(x + 8));
                a3.StoreUnsafe(ref columns, (nuint)(x + 12));
            }

            for (; x < _width; x++)
            {
                double sum = 0;
                foreach (int row in taps)
                {
                    float sample = samples[row * stride + x] * scale;
                    sum += sample * _weight;
                }

                Unsafe.Add(ref columns, x) = sum;
            }

            var output = picture.AsSpan(yo * OutputWidth, OutputWidth);
            var columnTaps = _columnTaps.AsSpan(0, OutputWidth * Factor);
            for (int xo = 0; xo < output.Length; xo++)
            {
                double sum = 0;
                foreach (int column in columnTaps.Slice(xo * Factor, Factor))
                {
                    sum += Unsafe.Add(ref columns, column);
                }

                output[xo] = (float)sum;
            }
        }
    }

    /// <summary>The reflected source index of each tap of each of <paramref name="outputs"/> outputs.</summary>
    private static int[] Taps(int outputs, int length, int factor)
    {
        var taps = new int[outputs * factor];
        for (int o = 0; o < outputs; o++)
        {
            for (int t = 0; t < factor; t++)
            {
                taps[o * factor + t] = SymmetricEdge.Reflect(o * factor - factor / 2 + t, length);
            }
        }

        return taps;
    }
}
