using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Ssim;

namespace TinyVmaf.Features.MsSsim;

/// <summary>
/// The step between two MS-SSIM scales: a 9-tap low-pass (the 9/7 biorthogonal wavelet's analysis filter) along
/// each row at the even columns, then down the columns at the even rows, edges reflected with the edge sample
/// repeated. A side of n becomes <c>n / 2 + (n &amp; 1)</c>.
/// </summary>
/// <remarks>
/// This is the reference fork's form, which the golden logs come from: separable, each pass a chain of
/// single-precision fused multiply-adds in tap order from zero (<c>fmaf</c>). Upstream Netflix libvmaf 3.0
/// filters with the 81-tap outer product in double instead; the two differ in the last bits of the pyramid.
/// A fused multiply-add rounds once whatever unit computes it, so the vector path equals the scalar one bit
/// for bit.
/// </remarks>
internal sealed class MsSsimLowPass
{
    public const int Taps = 9;

    private const int Half = Taps / 2;

    /// <summary>Outputs per vector block.</summary>
    private const int Block = 8;

    private static readonly float[] Weights =
        [0.026727f, -0.016828f, -0.078201f, 0.266846f, 0.602914f, 0.266846f, -0.078201f, -0.016828f, 0.026727f];

    private readonly bool _useSimd;

    /// <summary>The scalar path's row-filtered picture, every row at half width.</summary>
    private readonly float[] _filtered;

    /// <summary>The vector path's ring of <see cref="Taps"/> row-filtered rows.</summary>
    private readonly float[] _ring;
    private readonly int _ringStride;

    /// <summary>
    /// The vector path's even samples of the row being filtered, after reflection, then from
    /// <see cref="_oddStart"/> its odd ones.
    /// </summary>
    private readonly float[] _pairs;
    private readonly int _oddStart;

    /// <summary>Where each tap of the horizontal pass reads in <see cref="_pairs"/>, for output 0.</summary>
    private readonly int[] _columns = new int[Taps];

    /// <summary>Where each tap of the vertical pass reads in <see cref="_ring"/>: the ring slot of its row.</summary>
    private readonly int[] _rows = new int[Taps];

    /// <summary>Scratch for pictures up to <paramref name="maxWidth"/> × <paramref name="maxHeight"/>.</summary>
    public MsSsimLowPass(int maxWidth, int maxHeight, bool useSimd)
    {
        _useSimd = useSimd && IsVectorized;
        int outWidth = OutputSide(maxWidth);
        if (_useSimd)
        {
            _ringStride = outWidth;
            _ring = new float[Taps * outWidth];
            _oddStart = outWidth + Half + Block;
            _pairs = new float[2 * _oddStart];
            for (int k = 0; k < Taps; k++)
            {
                _columns[k] = ((k & 1) == 0 ? 0 : _oddStart) + k / 2;
            }

            _filtered = [];
        }
        else
        {
            _filtered = new float[outWidth * maxHeight];
            _ring = _pairs = [];
        }
    }

    public static bool IsVectorized => Fma.IsSupported && Avx2.IsSupported;

    internal static ReadOnlySpan<float> Filter => Weights;

    public static int OutputSide(int side) => side / 2 + (side & 1);

    /// <summary>Low-passes and halves a compact picture into <paramref name="output"/> (compact, half size rounded up).</summary>
    public void Decimate(float[] input, int width, int height, float[] output)
    {
        if (_useSimd)
        {
            DecimateVector(input, width, height, output);
        }
        else
        {
            DecimateScalar(input, width, height, output);
        }
    }

    /// <summary>The reference: both passes over the whole picture, one output at a time.</summary>
    private void DecimateScalar(float[] input, int width, int height, float[] output)
    {
        int outWidth = OutputSide(width), outHeight = OutputSide(height);
        for (int y = 0; y < height; y++)
        {
            for (int xo = 0; xo < outWidth; xo++)
            {
                float sum = 0f;
                for (int k = 0; k < Taps; k++)
                {
                    float sample = input[y * width + SymmetricEdge.Reflect(2 * xo + k - Half, width)];
                    sum = MathF.FusedMultiplyAdd(sample, Weights[k], sum);
                }

                _filtered[y * outWidth + xo] = sum;
            }
        }

        for (int yo = 0; yo < outHeight; yo++)
        {
            for (int xo = 0; xo < outWidth; xo++)
            {
                float sum = 0f;
                for (int k = 0; k < Taps; k++)
                {
                    float sample = _filtered[SymmetricEdge.Reflect(2 * yo + k - Half, height) * outWidth + xo];
                    sum = MathF.FusedMultiplyAdd(sample, Weights[k], sum);
                }

                output[yo * outWidth + xo] = sum;
            }
        }
    }

    /// <summary>
    /// Streams rows: each source row is filtered once into a ring slot (row mod 9), just before the first output
    /// row that needs it. The window of an output row spans at most nine consecutive source rows, reflection
    /// included, so no slot is overwritten while still needed.
    /// </summary>
    private void DecimateVector(float[] input, int width, int height, float[] output)
    {
        int outWidth = OutputSide(width), outHeight = OutputSide(height);
        int filteredRows = 0;
        for (int yo = 0; yo < outHeight; yo++)
        {
            int last = Math.Min(height - 1, 2 * yo + Half);
            for (; filteredRows <= last; filteredRows++)
            {
                FilterRow(input, filteredRows * width, width, outWidth, filteredRows % Taps * _ringStride);
            }

            for (int k = 0; k < Taps; k++)
            {
                _rows[k] = Mirror(2 * yo + k - Half, height) % Taps * _ringStride;
            }

            FilterColumns(output, yo * outWidth, outWidth);
        }
    }

    /// <summary>Filters one source row at its even columns into the ring.</summary>
    private void FilterRow(float[] input, int offset, int width, int outWidth, int slot)
    {
        var row = input.AsSpan(offset, width);
        if (outWidth < Block)
        {
            for (int i = 0; i < outWidth; i++)
            {
                float sum = 0f;
                for (int k = 0; k < Taps; k++)
                {
                    sum = MathF.FusedMultiplyAdd(row[SymmetricEdge.Reflect(2 * i + k - Half, width)], Weights[k], sum);
                }

                _ring[slot + i] = sum;
            }

            return;
        }

        // even[j] is column 2j − 4 and odd[j] column 2j − 3, reflected; output xo takes even[xo + k/2] for even
        // taps k and odd[xo + (k − 1)/2] for odd ones.
        int pairs = outWidth + Half;
        ref float source = ref MemoryMarshal.GetReference(row);
        ref float even = ref MemoryMarshal.GetArrayDataReference(_pairs);
        ref float odd = ref Unsafe.Add(ref even, _oddStart);
        int j = 0;
        for (; j < 2; j++)
        {
            _pairs[j] = row[SymmetricEdge.Reflect(2 * j - Half, width)];
            _pairs[_oddStart + j] = row[SymmetricEdge.Reflect(2 * j - Half + 1, width)];
        }

        // Sixteen columns from 2j − 4 give the even and odd samples of eight pairs at once.
        for (; j <= pairs - Block && 2 * j - Half + 2 * Block <= width; j += Block)
        {
            var lo = Vector256.LoadUnsafe(ref source, (nuint)(2 * j - Half));
            var hi = Vector256.LoadUnsafe(ref source, (nuint)(2 * j - Half + Block));
            var evens = Avx.Shuffle(lo, hi, 0b10_00_10_00);
            var odds = Avx.Shuffle(lo, hi, 0b11_01_11_01);
            Avx2.Permute4x64(evens.AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref even, (nuint)j);
            Avx2.Permute4x64(odds.AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref odd, (nuint)j);
        }

        for (; j < pairs; j++)
        {
            _pairs[j] = row[Mirror(2 * j - Half, width)];
            _pairs[_oddStart + j] = row[Mirror(2 * j - Half + 1, width)];
        }

        Convolve(ref even, _columns, ref _ring[slot], outWidth);
    }

    /// <summary>Filters the ring's rows (in <see cref="_rows"/>) down the columns into one output row.</summary>
    private void FilterColumns(float[] output, int offset, int outWidth)
    {
        ref float ring = ref MemoryMarshal.GetArrayDataReference(_ring);
        if (outWidth < Block)
        {
            for (int i = 0; i < outWidth; i++)
            {
                float sum = 0f;
                for (int k = 0; k < Taps; k++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ring, _rows[k] + i), Weights[k], sum);
                }

                output[offset + i] = sum;
            }

            return;
        }

        Convolve(ref MemoryMarshal.GetArrayDataReference(_ring), _rows, ref output[offset], outWidth);
    }

    /// <summary>
    /// Writes <paramref name="outWidth"/> (at least <see cref="Block"/>) filtered values: output x sums the taps
    /// at <c>origin[taps[k] + x]</c>. Both passes are this one; only where the taps read differs.
    /// </summary>
    private static void Convolve(ref float origin, int[] taps, ref float target, int outWidth)
    {
        int xo = 0;
        for (; xo <= outWidth - 4 * Block; xo += 4 * Block)
        {
            // Four independent chains: one chain of nine dependent FMAs would wait on their latency.
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            var s3 = Vector256<float>.Zero;
            for (int k = 0; k < Taps; k++)
            {
                ref float samples = ref Unsafe.Add(ref origin, taps[k] + xo);
                var w = Vector256.Create(Weights[k]);
                s0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref samples), w, s0);
                s1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref samples, Block), w, s1);
                s2 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref samples, 2 * Block), w, s2);
                s3 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref samples, 3 * Block), w, s3);
            }

            s0.StoreUnsafe(ref target, (nuint)xo);
            s1.StoreUnsafe(ref target, (nuint)(xo + Block));
            s2.StoreUnsafe(ref target, (nuint)(xo + 2 * Block));
            s3.StoreUnsafe(ref target, (nuint)(xo + 3 * Block));
        }

        for (; xo < outWidth; xo += Block)
        {
            // The last block may overlap the one before; it rewrites the same values.
            int x = Math.Min(xo, outWidth - Block);
            var sum = Vector256<float>.Zero;
            for (int k = 0; k < Taps; k++)
            {
                sum = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref origin, (nuint)(taps[k] + x)), Vector256.Create(Weights[k]), sum);
            }

            sum.StoreUnsafe(ref target, (nuint)x);
        }
    }

    /// <summary><see cref="SymmetricEdge.Reflect"/> with the common in-range case first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mirror(int index, int length) =>
        (uint)index < (uint)length ? index : SymmetricEdge.Reflect(index, length);
}
