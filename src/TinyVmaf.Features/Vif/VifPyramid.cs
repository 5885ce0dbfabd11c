namespace TinyVmaf.Features.Vif;

/// <summary>
/// Integer VIF over the four-scale pyramid of one luma size and bit depth: scale 0 is the picture itself,
/// each further scale the previous one low-passed by that scale's window and decimated by two (even rows and
/// columns), every edge mirrored without repeating the edge sample. All buffers are allocated here.
/// </summary>
internal sealed class VifPyramid
{
    /// <summary>
    /// The smallest side libvmaf computes from real samples only: the coarsest scale (side / 8) must be
    /// at least two samples for its 3-tap window to mirror inside the picture. Below it libvmaf reads padding
    /// rows left over from other scales, which nothing here reproduces.
    /// </summary>
    public const int MinimumSide = 16;

    /// <summary>Spare samples after each coarser scale, so that a vector kernel may read and write past its end.</summary>
    public const int BufferSlack = 64;

    private readonly IVifKernel _kernel;
    private readonly int _bitDepth;
    private readonly double _gainLimit;
    private readonly int[] _rows = new int[VifFilters.Window(0).Length];
    private readonly int[] _subsampleRows = new int[VifFilters.Window(1).Length];
    // The coarser scales' samples; index 0 stays empty (the first scale is the caller's planes).
    private readonly ushort[][] _reference = new ushort[VifFilters.ScaleCount][];
    private readonly ushort[][] _distorted = new ushort[VifFilters.ScaleCount][];

    public VifPyramid(int width, int height, int bitDepth, bool useSimd, double gainLimit = VifOptions.DefaultEnhancementGainLimit)
    {
        if (width < MinimumSide || height < MinimumSide)
        {
            throw new ArgumentException(
                $"integer VIF needs a picture of at least {MinimumSide}x{MinimumSide} (got {width}x{height}): its coarsest scale is an eighth of each side");
        }

        if (bitDepth is < 8 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "integer VIF takes 8 to 16 bits per sample");
        }

        Width = width;
        Height = height;
        _bitDepth = bitDepth;
        _kernel = useSimd ? FastestKernel(width) : new VifScalarKernel(width);
        _gainLimit = gainLimit;
        for (int scale = 1; scale < VifFilters.ScaleCount; scale++)
        {
            int size = (width >> scale) * (height >> scale) + BufferSlack;
            _reference[scale] = new ushort[size];
            _distorted[scale] = new ushort[size];
        }
    }

    /// <summary>For tests: the pyramid on a kernel of the caller's choice.</summary>
    internal VifPyramid(int width, int height, int bitDepth, IVifKernel kernel)
        : this(width, height, bitDepth, useSimd: false)
    {
        _kernel = kernel;
    }

    /// <summary>AVX-512 where the CPU has it and the picture is a vector wide, else AVX2, else scalar.</summary>
    internal static IVifKernel FastestKernel(int width) =>
        VifVector512Kernel.IsSupported && width >= VifVector512Kernel.MinimumWidth ? new VifVector512Kernel(width)
        : VifVectorKernel.IsSupported ? new VifVectorKernel(width)
        : new VifScalarKernel(width);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Which kernel runs, for tests and diagnostics.</summary>
    internal IVifKernel Kernel => _kernel;

    /// <summary>
    /// Whether <see cref="Compute{TSample}"/> takes 8-bit samples as bytes (a vector kernel on 8-bit pictures);
    /// otherwise it takes 16-bit samples only. The scalar reference kernel reads 16-bit samples.
    /// </summary>
    public bool ReadsBytes => _bitDepth == 8 && _kernel is IVifKernel<byte>;

    /// <summary>The reference and distorted samples of a coarser scale after the last <see cref="Compute"/>.</summary>
    internal (ReadOnlyMemory<ushort> Reference, ReadOnlyMemory<ushort> Distorted) ScaleSamples(int scale)
    {
        int size = (Width >> scale) * (Height >> scale);
        return (_reference[scale].AsMemory(0, size), _distorted[scale].AsMemory(0, size));
    }

    /// <summary>
    /// Computes the sums of every scale for one pair of luma planes sharing <paramref name="stride"/>, held as
    /// 16-bit samples, or as bytes where <see cref="ReadsBytes"/>: only the first scale reads them, and the
    /// coarser scales are the pyramid's own 16-bit buffers.
    /// </summary>
    public void Compute<TSample>(TSample[] reference, TSample[] distorted, int stride, Span<VifAccumulator> scales)
        where TSample : unmanaged
    {
        if (scales.Length < VifFilters.ScaleCount)
        {
            throw new ArgumentException($"needs room for {VifFilters.ScaleCount} scales", nameof(scales));
        }

        if (typeof(TSample) == typeof(byte) && !ReadsBytes)
        {
            throw new NotSupportedException($"this pyramid ({_bitDepth}-bit, {_kernel.GetType().Name}) takes 16-bit samples only");
        }

        // A type test per frame; the rows below call the kernel through the interface of this sample type.
        var firstScale = (IVifKernel<TSample>)_kernel;
        int width = Width, height = Height;
        scales[0] = Statistics(firstScale, reference, distorted, 0, width, height, stride);
        for (int scale = 1; scale < VifFilters.ScaleCount; scale++)
        {
            // The first scale's statistics subsampled it on the way (see Statistics).
            if (scale > 1)
            {
                Subsample(scale - 1, width, height, stride);
            }

            width >>= 1;
            height >>= 1;
            stride = width;
            scales[scale] = Statistics(_kernel, _reference[scale], _distorted[scale], scale, width, height, stride);
        }
    }

    private VifAccumulator Statistics<TSample>(
        IVifKernel<TSample> kernel, TSample[] reference, TSample[] distorted, int scale, int width, int height, int stride)
        where TSample : unmanaged
    {
        var window = VifFilters.Window(scale);
        int half = window.Length / 2;
        // Scale 0 holds the input samples (bitDepth bits); the means are brought to 16 bits and the moments
        // to the 8-bit range's 32 bits. Coarser scales already hold 16-bit means.
        int shiftMu = scale == 0 ? _bitDepth : 16;
        int shiftSq = scale == 0 ? 2 * (_bitDepth - 8) : 16;
        var rows = _rows.AsSpan(0, window.Length);
        var sums = default(VifAccumulator);
        for (int i = 0; i < height; i++)
        {
            for (int k = 0; k < rows.Length; k++)
            {
                rows[k] = Mirror(i - half + k, height) * stride;
            }

            // Every even first-scale row is the centre of a row of the next scale, low-passed from the same rows.
            if (scale == 0 && i % 2 == 0 && i / 2 < height >> 1)
            {
                var subsampleRows = _subsampleRows.AsSpan();
                for (int k = 0; k < subsampleRows.Length; k++)
                {
                    subsampleRows[k] = Mirror(i - subsampleRows.Length / 2 + k, height) * stride;
                }

                kernel.StatisticsAndSubsampleRow(
                    reference, distorted, rows, subsampleRows, width, shiftMu, shiftSq, _gainLimit, ref sums,
                    _reference[1], _distorted[1], i / 2 * (width >> 1), width >> 1);
            }
            else
            {
                kernel.StatisticsRow(reference, distorted, rows, scale, width, shiftMu, shiftSq, _gainLimit, ref sums);
            }
        }

        return sums;
    }

    /// <summary>Low-passes <paramref name="scale"/> with the next scale's window and keeps its even rows and columns.</summary>
    private void Subsample(int scale, int width, int height, int stride)
    {
        var window = VifFilters.Window(scale + 1);
        int half = window.Length / 2;
        int shift = scale == 0 ? _bitDepth : 16;
        var rows = _rows.AsSpan(0, window.Length);
        int outWidth = width >> 1, outHeight = height >> 1;
        ushort[] reference = _reference[scale + 1], distorted = _distorted[scale + 1];
        for (int i = 0; i < outHeight; i++)
        {
            for (int k = 0; k < rows.Length; k++)
            {
                rows[k] = Mirror(2 * i - half + k, height) * stride;
            }

            _kernel.SubsampleRow(
                _reference[scale], _distorted[scale], rows, scale + 1, width, shift, reference, distorted, i * outWidth, outWidth);
        }
    }

    /// <summary>Reflects a row index about the first and last rows, which are not repeated.</summary>
    private static int Mirror(int index, int length) =>
        index < 0 ? -index : index >= length ? 2 * (length - 1) - index : index;
}
