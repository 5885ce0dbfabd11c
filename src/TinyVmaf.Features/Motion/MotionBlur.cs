using System.Runtime.Intrinsics;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// libvmaf's motion blur of one luma plane (vertical 5-tap pass shifted by the bit depth, then horizontal pass
/// shifted by 16, mirrored at the borders), fused row by row with the SAD against the previous blurred frame
/// so that each blurred row is compared while it is still in cache.
/// </summary>
/// <remarks>
/// The blurred samples are Q8 of an 8-bit scale whatever the input depth: the vertical pass divides by
/// 2^bpc while the Q16 filter multiplies by 2^16, so 8-bit input comes out ×256 and 10-bit input ×64.
/// The SAD's division by 256 relies on that.
/// </remarks>
internal sealed class MotionBlur
{
    /// <summary>libvmaf refuses frames smaller than the filter's radius + 1: its mirror would leave the plane.</summary>
    public const int MinimumSize = 3;

    private const int Radius = 2;

    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly bool _useSimd;
    private readonly Kernel _kernel;

    /// <summary>One row of the vertical pass, with <see cref="Radius"/> mirrored samples on each side.</summary>
    private readonly ushort[] _paddedRow;

    /// <summary>The fused kernels' row (samples biased by −2^15, see <see cref="MotionBlurSimd"/>).</summary>
    private readonly short[] _scratch;

    public MotionBlur(int width, int height, int bitDepth, bool useSimd)
    {
        if (width < MinimumSize || height < MinimumSize)
        {
            throw new ArgumentException(
                $"motion needs frames of at least {MinimumSize}x{MinimumSize} for its 5-tap mirrored filter; got {width}x{height}");
        }

        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _useSimd = useSimd && MotionKernels.IsVectorized;
        _kernel = !useSimd ? Kernel.Rows
            : MotionDiffSimd.Avx512Handles(bitDepth, width) ? Kernel.Avx512
            : MotionDiffSimd.Avx2Handles(bitDepth, width) ? Kernel.Avx2
            : Kernel.Rows;
        _paddedRow = new ushort[width + 2 * Radius];
        _scratch = _kernel == Kernel.Rows ? [] : new short[MotionBlurSimd.ScratchLength(width)];
    }

    /// <summary>
    /// The fused whole-plane kernels where the CPU and the depth allow, else the row kernels of
    /// <see cref="MotionKernels"/> (vector or scalar).
    /// </summary>
    private enum Kernel
    {
        Rows,
        Avx2,
        Avx512,
    }

    public int Width => _width;

    public int Height => _height;

    /// <summary>
    /// Blurs <paramref name="source"/> into <paramref name="blurred"/> (<c>Width × Height</c>, packed) and,
    /// when <paramref name="previous"/> is given, returns the SAD between it and the new blur; 0 otherwise.
    /// </summary>
    public ulong BlurAndSad(Plane source, Span<ushort> blurred, ReadOnlySpan<ushort> previous)
    {
        switch (_kernel)
        {
            case Kernel.Avx512:
                return FusedBlurAndSad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(source, blurred, previous);
            case Kernel.Avx2:
                return FusedBlurAndSad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(source, blurred, previous);
            default:
                return BlurAndSadRows(source, blurred, previous);
        }
    }

    /// <summary>
    /// The fused kernel on the plane as its reader keeps it: 8-bit samples as read when it has them
    /// (<see cref="Plane.Bytes"/>; asking for <see cref="Plane.Data"/> would widen the frame), else 16-bit ones.
    /// </summary>
    private ulong FusedBlurAndSad<TLanes, TShort, TInt>(Plane source, Span<ushort> blurred, ReadOnlySpan<ushort> previous)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct =>
        source.Bytes is { } bytes
            ? MotionBlurSimd.BlurAndSad<TLanes, TShort, TInt, byte>(bytes, source.Stride, _width, _height, _bitDepth, _scratch, blurred, previous)
            : MotionBlurSimd.BlurAndSad<TLanes, TShort, TInt, ushort>(source.Data, source.Stride, _width, _height, _bitDepth, _scratch, blurred, previous);

    private ulong BlurAndSadRows(Plane source, Span<ushort> blurred, ReadOnlySpan<ushort> previous)
    {
        bool compare = !previous.IsEmpty;
        var padded = _paddedRow.AsSpan();
        var vertical = padded.Slice(Radius, _width);
        ulong sad = 0;
        for (int i = 0; i < _height; i++)
        {
            ConvolveVertical(source, i, vertical);
            MirrorPad(padded);

            var row = blurred.Slice(i * _width, _width);
            if (_useSimd)
            {
                MotionKernels.Convolve5Vector(padded, padded[1..], padded[2..], padded[3..], padded[4..], row, MotionKernels.HorizontalShift);
            }
            else
            {
                MotionKernels.Convolve5Scalar(padded, padded[1..], padded[2..], padded[3..], padded[4..], row, MotionKernels.HorizontalShift);
            }

            if (compare)
            {
                var before = previous.Slice(i * _width, _width);
                sad += _useSimd ? MotionKernels.SadVector(before, row) : MotionKernels.SadScalar(before, row);
            }
        }

        return sad;
    }

    /// <summary>
    /// libvmaf's motion score: the SAD in 8-bit units per pixel. The quotient is taken in single precision,
    /// as libvmaf casts <c>sad / 256.</c> to float before dividing by the (integer) pixel count.
    /// </summary>
    public static double NormalizeSad(ulong sad, int width, int height) =>
        (float)(sad / 256.0) / (float)((uint)width * (uint)height);

    /// <summary>Mirror across the edge sample without repeating it (libvmaf's edge handling since its edge fix).</summary>
    internal static int Mirror(int index, int size) =>
        index < 0 ? -index : index >= size ? 2 * size - index - 2 : index;

    private void ConvolveVertical(Plane source, int i, Span<ushort> destination)
    {
        var data = source.Data.AsSpan();
        int stride = source.Stride;
        var s0 = data.Slice(Mirror(i - 2, _height) * stride, _width);
        var s1 = data.Slice(Mirror(i - 1, _height) * stride, _width);
        var s2 = data.Slice(i * stride, _width);
        var s3 = data.Slice(Mirror(i + 1, _height) * stride, _width);
        var s4 = data.Slice(Mirror(i + 2, _height) * stride, _width);
        if (_useSimd)
        {
            MotionKernels.Convolve5Vector(s0, s1, s2, s3, s4, destination, _bitDepth);
        }
        else
        {
            MotionKernels.Convolve5Scalar(s0, s1, s2, s3, s4, destination, _bitDepth);
        }
    }

    /// <summary>Fills the two samples beyond each end of the vertical row with their mirror images.</summary>
    private void MirrorPad(Span<ushort> padded)
    {
        // padded[Radius + j] holds column j; columns -1, -2 mirror 1, 2 and columns w, w+1 mirror w-2, w-3.
        padded[Radius - 1] = padded[Radius + 1];
        padded[Radius - 2] = padded[Radius + 2];
        padded[Radius + _width] = padded[Radius + _width - 2];
        padded[Radius + _width + 1] = padded[Radius + _width - 3];
    }
}
