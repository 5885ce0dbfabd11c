namespace TinyVmaf.Features.Cambi;

/// <summary>
/// CAMBI's score of one 10-bit picture at the encoding size (libvmaf's <c>cambi_score</c>): the spatial mask
/// of flat pixels, then at each of five scales (each half the last, by decimation) a 3x3 mode filter, the
/// c-value of every masked pixel from the histograms of the window around it, and the mean of the largest
/// topk share of them; the scales weighted 16, 8, 4, 2, 1 and the sum divided by the window's pixel count.
/// Every buffer is allocated here.
/// </summary>
internal sealed class CambiScorer
{
    public const int ScaleCount = 5;

    /// <summary>Weight of each scale, finest first.</summary>
    internal static readonly int[] ScaleWeights = [16, 8, 4, 2, 1];

    private readonly ICambiKernel _kernel;
    private readonly bool _useSimd;

    /// <summary><c>cambi_high_res_speedup</c> in effect: every scale, the first too, starts by decimating.</summary>
    private readonly bool _speedup;
    private readonly double _topk;
    private readonly ushort[] _picture;
    private readonly ushort[] _mask;
    private readonly float[] _nonzero;
    private readonly CambiPooling _pooling = new();
    private readonly ushort[] _modeBuffer;
    private readonly CambiFilters.MaskScratch _maskScratch;
    private readonly CambiHistograms _histograms;

    public CambiScorer(int width, int height, CambiOptions options, bool useSimd)
    {
        ArgumentNullException.ThrowIfNull(options);
        Width = width;
        Height = height;
        _speedup = options.SpeedupApplies(width, height);
        WindowSize = AdjustWindowSize(options.WindowSize, width, height, _speedup);
        RequireWindowInTable(WindowSize, width, height);
        int pad = WindowSize >> 1;
        int coarseWidth = width, coarseHeight = height;
        for (int scale = _speedup ? 0 : 1; scale < ScaleCount; scale++)
        {
            coarseWidth = (coarseWidth + 1) >> 1;
            coarseHeight = (coarseHeight + 1) >> 1;
        }

        if (coarseWidth < pad || coarseHeight < pad)
        {
            // libvmaf seeds its histograms from the first pad rows and columns of every scale without checking
            // that they exist, reading samples left over from earlier scales (or before its buffers); its score
            // there depends on memory, so it is refused rather than guessed.
            throw new ArgumentException(
                $"cambi: a {width}x{height} picture is too narrow for its {WindowSize}-pixel window: the coarsest scale, " +
                $"{coarseWidth}x{coarseHeight}, must be at least {pad} pixels on each side");
        }

        _useSimd = useSimd && CambiVectorKernel.IsSupported;
        _kernel = _useSimd ? new CambiVectorKernel(width) : new CambiScalarKernel();
        _topk = options.Topk;
        Contrast = new CambiContrast(options.MaxLogContrast, options.TviThreshold, options.Eotf, options.VisLumThreshold);
        _picture = new ushort[width * height];
        _mask = new ushort[width * height];
        _nonzero = new float[width * height];
        _modeBuffer = new ushort[3 * width];
        _maskScratch = new CambiFilters.MaskScratch(width);
        _histograms = new CambiHistograms(width, pad, Contrast);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The window side after rescaling to the encoding size.</summary>
    public int WindowSize { get; }

    public CambiContrast Contrast { get; }

    /// <summary>Which kernel runs, for tests and diagnostics.</summary>
    internal ICambiKernel Kernel => _kernel;

    /// <summary>Where the caller writes the 10-bit picture, <see cref="Width"/> samples a row, before <see cref="Score"/>.</summary>
    public Span<ushort> Picture => _picture;

    /// <summary>The per-scale pooled c-values of the last <see cref="Score"/>, for tests.</summary>
    internal double[] ScaleScores { get; } = new double[ScaleCount];

    /// <summary>
    /// libvmaf's <c>adjust_window_size</c>: the window scaled by (w + h) / (3840 + 2160) in integer arithmetic,
    /// ((size · (w + h)) / 375) >> 4, kept in 16 bits, then made odd. Only its half (the pad) and the odd side
    /// 2·pad + 1 are used afterwards.
    /// </summary>
    public static int AdjustWindowSize(int windowSize, int width, int height, bool highResSpeedup = false)
    {
        int adjusted = (ushort)(((uint)windowSize * (uint)(width + height) / 375) >> 4);
        // With cambi_high_res_speedup the window is halved (rounding up) for the picture decimated once more.
        return (highResSpeedup ? (ushort)((adjusted + 1) >> 1) : adjusted) | 1;
    }

    /// <summary>Refuses, as libvmaf does, a window whose pixel count could pass the end of the reciprocal table.</summary>
    public static void RequireWindowInTable(int adjustedWindow, int width, int height)
    {
        if (adjustedWindow * adjustedWindow >= CambiReciprocals.TableSize)
        {
            throw new ArgumentException(
                $"cambi: window_size {adjustedWindow} (the window rescaled to {width}x{height}) is too large for libvmaf's reciprocal table; " +
                "lower window_size or give a smaller enc_width/enc_height");
        }
    }

    /// <summary>Scores the picture in <see cref="Picture"/>; the picture is consumed (filtered and decimated in place).</summary>
    public double Score()
    {
        int width = Width, height = Height;
        CambiFilters.SpatialMask(_picture, _mask, width, height, _maskScratch, _useSimd);
        double score = 0;
        for (int scale = 0; scale < ScaleCount; scale++)
        {
            if (scale > 0 || _speedup)
            {
                int scaledWidth = (width + 1) >> 1;
                int scaledHeight = (height + 1) >> 1;
                CambiFilters.Decimate(_picture, width, scaledWidth, scaledHeight, _useSimd);
                CambiFilters.Decimate(_mask, width, scaledWidth, scaledHeight, _useSimd);
                width = scaledWidth;
                height = scaledHeight;
            }

            CambiFilters.FilterMode(_picture, width, height, _modeBuffer, _useSimd);
            int nonzero = CValues(width, height);
            ScaleScores[scale] = _pooling.TopkMean(_nonzero.AsSpan(0, nonzero), width * height, _topk);
            score += ScaleScores[scale] * ScaleWeights[scale];
        }

        int side = 2 * (WindowSize >> 1) + 1;
        return score / (side * side);
    }

    /// <summary>
    /// libvmaf's <c>calculate_c_values</c>: the window of each row holds rows i ± pad (those inside the picture);
    /// it starts with rows 0 .. pad − 1 and slides down one row before each row's c-values. Returns how many of
    /// the c-values are nonzero; they are in <see cref="_nonzero"/>, in raster order.
    /// </summary>
    private int CValues(int width, int height)
    {
        var histograms = _histograms;
        int pad = histograms.Pad;
        histograms.Reset(width);
        ReadOnlySpan<ushort> picture = _picture, mask = _mask;
        int count = 0;
        for (int r = 0; r < Math.Min(pad, height); r++)
        {
            _kernel.Slide(histograms, picture.Slice(r * width, width), mask.Slice(r * width, width), default, default);
        }

        for (int i = 0; i < height; i++)
        {
            int entering = i + pad, leaving = i - pad - 1;
            _kernel.Slide(
                histograms,
                entering < height ? picture.Slice(entering * width, width) : default,
                entering < height ? mask.Slice(entering * width, width) : default,
                leaving >= 0 ? picture.Slice(leaving * width, width) : default,
                leaving >= 0 ? mask.Slice(leaving * width, width) : default);
            count += _kernel.CValuesRow(histograms, picture.Slice(i * width, width), mask.Slice(i * width, width), _nonzero.AsSpan(count));
        }

        return count;
    }
}
