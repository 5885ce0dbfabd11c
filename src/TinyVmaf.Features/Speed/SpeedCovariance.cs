using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// The 25 x 25 covariance of SpEED's shifted 5 x 5 windows (window k starts at row k / 5, column k % 5 of the
/// truncated plane): each window's mean summed in float, each covariance summed in double, both in the order of
/// the window positions (row by row), as libvmaf's <c>est_params</c> does. Each of those 25 + 325 sums is one
/// long chain of dependent additions, so the scalar path is bound by the adder's latency; the vector path runs
/// many chains side by side instead, one per lane, each still summed in its own order, so it is bit-exact.
/// </summary>
internal sealed class SpeedCovariance
{
    public const int Elements = SpeedEstimator.BlockElements;

    /// <summary>Floats per window position in <see cref="_samples"/>: 25 padded to whole 256-bit vectors.</summary>
    private const int FloatPad = 32;

    /// <summary>Doubles per window position in <see cref="_centred"/>: 25 padded to whole 4-lane vectors.</summary>
    private const int DoublePad = 28;

    private readonly int _across, _down;

    /// <summary>Position p's 25 window samples: <c>[p * FloatPad + k]</c>.</summary>
    private readonly float[] _samples;

    /// <summary>The same, less the window's mean, in double: <c>[p * DoublePad + k]</c>.</summary>
    private readonly double[] _centred;

    /// <param name="across">Window positions per row (truncated width − 4).</param>
    /// <param name="down">Window positions per column (truncated height − 4).</param>
    /// <param name="simd">Whether <see cref="Compute"/> takes the vector path (when the CPU has one).</param>
    public SpeedCovariance(int across, int down, bool simd)
    {
        _across = across;
        _down = down;
        IsVectorized = simd && Vector256.IsHardwareAccelerated;
        if (IsVectorized)
        {
            _samples = new float[across * down * FloatPad];
            _centred = new double[across * down * DoublePad];
        }
        else
        {
            _samples = [];
            _centred = [];
        }
    }

    public bool IsVectorized { get; }

    /// <summary>
    /// Writes the windows' means and their covariance (symmetric, row-major) from <paramref name="plane"/>,
    /// whose rows are <paramref name="stride"/> apart; the vector path reads up to 3 samples past the truncated width of a row.
    /// </summary>
    public void Compute(float[] plane, int stride, Span<float> means, Span<float> covariance)
    {
        if (IsVectorized)
        {
            Vector(plane, stride, means, covariance);
        }
        else
        {
            Scalar(plane, stride, _across, _down, means, covariance);
        }
    }

    /// <summary>The reference: libvmaf's loops as they stand.</summary>
    public static void Scalar(float[] plane, int stride, int across, int down, Span<float> means, Span<float> covariance)
    {
        float count = (float)((long)across * down);
        for (int k = 0; k < Elements; k++)
        {
            int origin = k / SpeedEstimator.BlockSize * stride + k % SpeedEstimator.BlockSize;
            float sum = 0;
            for (int i = 0; i < down; i++)
            {
                var row = plane.AsSpan(origin + i * stride, across);
                foreach (float v in row)
                {
                    sum += v;
                }
            }

            means[k] = sum / count;
        }

        double n = (double)across * down;
        for (int x = 0; x < Elements; x++)
        {
            for (int y = 0; y <= x; y++)
            {
                double meanX = means[x], meanY = means[y];
                int originX = x / SpeedEstimator.BlockSize * stride + x % SpeedEstimator.BlockSize;
                int originY = y / SpeedEstimator.BlockSize * stride + y % SpeedEstimator.BlockSize;
                double sum = 0;
                for (int i = 0; i < down; i++)
                {
                    var rowX = plane.AsSpan(originX + i * stride, across);
                    var rowY = plane.AsSpan(originY + i * stride, across);
                    for (int j = 0; j < across; j++)
                    {
                        sum += (rowX[j] - meanX) * (rowY[j] - meanY);
                    }
                }

                float value = (float)(sum / n);
                covariance[x * Elements + y] = value;
                covariance[y * Elements + x] = value;
            }
        }
    }

    /// <summary>
    /// Transposes the windows so that one position's 25 samples are adjacent, then sums lanes of elements:
    /// eight means at once in float, and for the covariance four x rows against four y columns at once.
    /// </summary>
    private void Vector(float[] plane, int stride, Span<float> means, Span<float> covariance)
    {
        int positions = _across * _down;
        ref float samples = ref MemoryMarshal.GetArrayDataReference(_samples);
        ref float source = ref MemoryMarshal.GetArrayDataReference(plane);

        // Five 8-sample loads per position, one per window row; each store spills three samples into the next
        // window row's slots, which the next store overwrites (the last spills into the padding, never read).
        var sum0 = Vector256<float>.Zero;
        var sum1 = Vector256<float>.Zero;
        var sum2 = Vector256<float>.Zero;
        var sum3 = Vector256<float>.Zero;
        int p = 0;
        for (int i = 0; i < _down; i++)
        {
            for (int j = 0; j < _across; j++, p++)
            {
                nuint at = (nuint)(p * FloatPad);
                for (int r = 0; r < SpeedEstimator.BlockSize; r++)
                {
                    Vector256.LoadUnsafe(ref source, (nuint)((i + r) * stride + j)).StoreUnsafe(ref samples, at + (nuint)(r * SpeedEstimator.BlockSize));
                }

                sum0 += Vector256.LoadUnsafe(ref samples, at);
                sum1 += Vector256.LoadUnsafe(ref samples, at + 8);
                sum2 += Vector256.LoadUnsafe(ref samples, at + 16);
                sum3 += Vector256.LoadUnsafe(ref samples, at + 24);
            }
        }

        Span<float> sums = stackalloc float[FloatPad];
        sum0.CopyTo(sums);
        sum1.CopyTo(sums[8..]);
        sum2.CopyTo(sums[16..]);
        sum3.CopyTo(sums[24..]);
        float count = (float)((long)_across * _down);
        Span<double> meanLanes = stackalloc double[DoublePad];
        for (int k = 0; k < Elements; k++)
        {
            means[k] = sums[k] / count;
            meanLanes[k] = means[k];
        }

        ref double centred = ref MemoryMarshal.GetArrayDataReference(_centred);
        for (p = 0; p < positions; p++)
        {
            for (int v = 0; v < DoublePad; v += 4)
            {
                var lanes = Vector256.WidenLower(Vector128.LoadUnsafe(ref samples, (nuint)(p * FloatPad + v)).ToVector256Unsafe());
                (lanes - Vector256.Create(meanLanes.Slice(v, 4))).StoreUnsafe(ref centred, (nuint)(p * DoublePad + v));
            }
        }

        // Columns y in [y0, y0 + 4) against rows x in [x0, x0 + 8), x0 ≥ y0, so every y ≤ x pair is covered once;
        // eight independent chains of additions keep both adders busy. Rows past the 25th read the padding.
        double n = (double)_across * _down;
        Span<double> lanesOut = stackalloc double[4];
        for (int y0 = 0; y0 < Elements; y0 += 4)
        {
            for (int x0 = y0; x0 < Elements; x0 += 8)
            {
                var (a0, a1, a2, a3, a4, a5, a6, a7) = Block(ref centred, positions, Math.Min(x0, DoublePad - 8), y0);
                int shift = x0 - Math.Min(x0, DoublePad - 8);
                Write(a0, x0 - shift, y0, n, covariance, lanesOut);
                Write(a1, x0 - shift + 1, y0, n, covariance, lanesOut);
                Write(a2, x0 - shift + 2, y0, n, covariance, lanesOut);
                Write(a3, x0 - shift + 3, y0, n, covariance, lanesOut);
                Write(a4, x0 - shift + 4, y0, n, covariance, lanesOut);
                Write(a5, x0 - shift + 5, y0, n, covariance, lanesOut);
                Write(a6, x0 - shift + 6, y0, n, covariance, lanesOut);
                Write(a7, x0 - shift + 7, y0, n, covariance, lanesOut);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) Block(
        ref double centred, int positions, int x0, int y0)
    {
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var a3 = Vector256<double>.Zero;
        var a4 = Vector256<double>.Zero;
        var a5 = Vector256<double>.Zero;
        var a6 = Vector256<double>.Zero;
        var a7 = Vector256<double>.Zero;
        ref double at = ref centred;
        for (int p = 0; p < positions; p++)
        {
            var y = Vector256.LoadUnsafe(ref at, (nuint)y0);
            ref double x = ref Unsafe.Add(ref at, x0);
            a0 += Vector256.Create(x) * y;
            a1 += Vector256.Create(Unsafe.Add(ref x, 1)) * y;
            a2 += Vector256.Create(Unsafe.Add(ref x, 2)) * y;
            a3 += Vector256.Create(Unsafe.Add(ref x, 3)) * y;
            a4 += Vector256.Create(Unsafe.Add(ref x, 4)) * y;
            a5 += Vector256.Create(Unsafe.Add(ref x, 5)) * y;
            a6 += Vector256.Create(Unsafe.Add(ref x, 6)) * y;
            a7 += Vector256.Create(Unsafe.Add(ref x, 7)) * y;
            at = ref Unsafe.Add(ref at, DoublePad);
        }

        return (a0, a1, a2, a3, a4, a5, a6, a7);
    }

    private static void Write(Vector256<double> sums, int x, int y0, double n, Span<float> covariance, Span<double> lanes)
    {
        if (x >= Elements)
        {
            return;
        }

        sums.CopyTo(lanes);
        for (int l = 0; l < 4 && y0 + l <= x; l++)
        {
            int y = y0 + l;
            float value = (float)(lanes[l] / n);
            covariance[x * Elements + y] = value;
            covariance[y * Elements + x] = value;
        }
    }
}
