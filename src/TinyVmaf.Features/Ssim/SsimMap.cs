namespace TinyVmaf.Features.Ssim;

/// <summary>
/// libvmaf's SSIM of two single-precision pictures (its IQA <c>iqa_ssim</c> with default arguments): the
/// Gaussian-windowed means, variances and covariance at every valid position, pooled into mean SSIM and mean
/// luminance, contrast and structure. Rows stream through a ring of filtered rows, so the five maps never
/// exist whole; each value is still computed exactly as libvmaf's whole-picture passes compute it. Sized once
/// for the widest picture it will see; allocates nothing per call.
/// </summary>
internal sealed class SsimMap
{
    /// <summary>The smallest side SSIM takes: the window must fit once.</summary>
    public const int MinimumSide = SsimWindow.Taps;

    private readonly ISsimKernel _kernel;
    private readonly int _maxWidth;
    private readonly int _rowStride;
    private readonly int _mapLength;
    private readonly float[] _maps;
    private readonly float[] _pooled;
    private readonly int[] _rows = new int[SsimWindow.Taps];

    public SsimMap(int maxWidth, bool useSimd)
        : this(maxWidth, useSimd && SsimVectorKernel.IsSupported ? new SsimVectorKernel(maxWidth) : new SsimScalarKernel())
    {
    }

    /// <summary>With a given kernel, sized for pictures up to <paramref name="maxWidth"/> wide.</summary>
    internal SsimMap(int maxWidth, ISsimKernel kernel)
    {
        if (maxWidth < MinimumSide)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWidth), maxWidth, $"SSIM needs pictures at least {MinimumSide} wide");
        }

        _maxWidth = maxWidth;
        _kernel = kernel;
        _rowStride = maxWidth - SsimWindow.Shrink;
        _mapLength = _rowStride * SsimWindow.Taps;
        _maps = GC.AllocateArray<float>(5 * _mapLength, pinned: true);
        _pooled = GC.AllocateArray<float>(5 * _rowStride, pinned: true);
    }

    /// <summary>Which kernel runs, for tests and diagnostics.</summary>
    internal ISsimKernel Kernel => _kernel;

    /// <summary>
    /// Pools the SSIM map of two compact pictures (stride = <paramref name="width"/>). Returns the sums over
    /// the <c>(width − 10)·(height − 10)</c> pixels of the map.
    /// </summary>
    public SsimSums Compute(float[] reference, float[] distorted, int width, int height, SsimTerms terms = SsimTerms.All)
    {
        if (width < MinimumSide || height < MinimumSide || width > _maxWidth)
        {
            throw new ArgumentException($"SSIM takes pictures from {MinimumSide}x{MinimumSide} to {_maxWidth} wide; got {width}x{height}");
        }

        int outWidth = width - SsimWindow.Shrink;
        int outHeight = height - SsimWindow.Shrink;
        var sums = default(SsimSums);
        for (int y = 0; y < SsimWindow.Shrink; y++)
        {
            _kernel.FilterRow(reference, distorted, y * width, width, _maps, _mapLength, y * _rowStride);
        }

        for (int y = 0; y < outHeight; y++)
        {
            int newest = y + SsimWindow.Shrink;
            _kernel.FilterRow(reference, distorted, newest * width, width, _maps, _mapLength, newest % SsimWindow.Taps * _rowStride);
            for (int v = 0; v < SsimWindow.Taps; v++)
            {
                _rows[v] = (y + v) % SsimWindow.Taps * _rowStride;
            }

            _kernel.FilterColumns(_maps, _mapLength, _rows, outWidth, _pooled, _rowStride);
            _kernel.Pool(_pooled, _rowStride, outWidth, terms, ref sums);
        }

        sums.Pixels = outWidth * outHeight;
        return sums;
    }
}
