using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.FloatVif;

/// <summary>
/// libvmaf's <c>float_vif</c> extractor (the VIF of <c>vmaf_float_v0.6.1</c>): visual information fidelity of the
/// luma at four scales in float, each scale low-passed by its Gaussian window (17, 9, 5, 3 taps) and decimated by 2.
/// Numerically libvmaf 3.2's <c>vif.c</c> and <c>vif_tools.c</c>: the same float sums in the same order, so equal to
/// it to the float rounding of its logarithms.
/// </summary>
internal sealed class FloatVifExtractor : IFeatureExtractor
{
    public const int Scales = 4;

    /// <summary>The keys written per frame, scale 0 (finest) to 3.</summary>
    public static readonly IReadOnlyList<string> Keys = ["vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3"];

    public static readonly ExtractorDescriptor Descriptor = Describe(FloatVifOptions.Default);

    /// <summary>A <c>float_vif</c> instance with <paramref name="options"/>, its keys with <paramref name="keySuffix"/> appended.</summary>
    public static ExtractorDescriptor Describe(FloatVifOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySuffix);
        options.Validate();
        return new("float_vif", Keys.Select(k => k + keySuffix).ToArray(), IsTemporal: false,
            context => new FloatVifExtractor(context, options, keySuffix));
    }

    private const float Epsilon = 1.0e-10f;

    private readonly FloatVifOptions _options;
    private readonly string[] _keys;
    private readonly int _width, _height, _scaledWidth, _scaledHeight, _stride, _bitDepth;
    private readonly VifFrameScaler _scaler;
    private readonly float[][] _windows = new float[Scales][];
    private readonly FloatVifKernel _kernel;
    private readonly float _sigmaMaxInv;

    // The luma as libvmaf copies it (minus 128), prescaled, then each coarser scale's decimated means.
    private readonly float[] _ref, _dis, _refScaled, _disScaled, _refA, _disA, _refB, _disB;
    private readonly double[] _scores = new double[2 * Scales];

    public FloatVifExtractor(ExtractorContext context, FloatVifOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _keys = Keys.Select(k => k + keySuffix).ToArray();
        var format = context.Format;
        (_width, _height, _bitDepth) = (format.Width, format.Height, format.BitDepth);
        _scaledWidth = (int)(_width * options.Prescale + 0.5);
        _scaledHeight = (int)(_height * options.Prescale + 0.5);
        _stride = Math.Max(_width, _scaledWidth);
        int rows = Math.Max(_height, _scaledHeight);
        _scaler = new VifFrameScaler(options.PrescaleMethod, _width, _height, _scaledWidth, _scaledHeight);

        int w = _scaledWidth, h = _scaledHeight, maxRadius = 0;
        for (int scale = 0; scale < Scales; scale++)
        {
            _windows[scale] = VifWindows.Window(scale, (float)options.KernelScale);
            int radius = _windows[scale].Length / 2;
            maxRadius = Math.Max(maxRadius, radius);
            if (scale > 0)
            {
                // The window of this scale first filters the previous scale, then its own decimated picture.
                Require(w, h, radius, scale);
                (w, h) = (w / 2, h / 2);
            }

            Require(w, h, radius, scale);
        }

        _kernel = new FloatVifKernel(_stride, maxRadius, context.UseSimd);
        _sigmaMaxInv = (float)(MathF.Pow((float)options.SigmaNsq, 2.0f) / (255.0 * 255.0));
        _ref = new float[_stride * rows];
        _dis = new float[_stride * rows];
        _refScaled = new float[_stride * rows];
        _disScaled = new float[_stride * rows];
        int half = (_scaledWidth / 2) * (_scaledHeight / 2);
        (_refA, _disA, _refB, _disB) = (new float[half], new float[half], new float[half], new float[half]);
    }

    private void Require(int w, int h, int radius, int scale)
    {
        if (w <= radius || h <= radius)
        {
            throw new ArgumentOutOfRangeException("format", $"{_width}x{_height}",
                $"float_vif needs each scale wider and taller than its window's radius; at scale {scale} this video is {w}x{h} against a radius of {radius}");
        }
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        FloatPlanes.Copy(pair.Reference.Y, _ref, _stride, _bitDepth);
        FloatPlanes.Copy(pair.Distorted.Y, _dis, _stride, _bitDepth);
        _scaler.Scale(_ref, _refScaled, _stride);
        _scaler.Scale(_dis, _disScaled, _stride);
        Compute();

        sink.Write(pair.Index, _keys[0], _options.SkipScale0 ? 0.0 : _scores[0] / _scores[1]);
        sink.Write(pair.Index, _keys[1], Max(_scores[2] / _scores[3], _options.Scale1MinVal));
        sink.Write(pair.Index, _keys[2], Max(_scores[4] / _scores[5], _options.Scale2MinVal));
        sink.Write(pair.Index, _keys[3], Max(_scores[6] / _scores[7], _options.Scale3MinVal));
    }

    // libvmaf's MAX macro: a NaN ratio gives the minimum.
    private static double Max(double x, double y) => x > y ? x : y;

    /// <summary>libvmaf's <c>compute_vif</c>: numerator and denominator of every scale into _scores.</summary>
    private void Compute()
    {
        float[] reference = _refScaled, distorted = _disScaled;
        int stride = _stride, w = _scaledWidth, h = _scaledHeight;
        bool useA = true;
        int rowLength = _kernel.RowLength;
        var filtered = _kernel.Filtered;
        for (int scale = _options.SkipScale0 ? 1 : 0; scale < Scales; scale++)
        {
            var window = _windows[scale];
            if (scale > 0)
            {
                // Low-pass with this scale's window and keep every other sample of every other row.
                float[] nextRef = useA ? _refA : _refB, nextDis = useA ? _disA : _disB;
                int halfW = w / 2, halfH = h / 2;
                for (int i = 0; i < halfH; i++)
                {
                    _kernel.FilterRow(window, reference, distorted, w, h, stride, 2 * i, moments: false, evenOnly: true);
                    for (int j = 0; j < halfW; j++)
                    {
                        nextRef[i * halfW + j] = filtered[2 * j];
                        nextDis[i * halfW + j] = filtered[rowLength + 2 * j];
                    }
                }

                (reference, distorted, stride, w, h) = (nextRef, nextDis, halfW, halfW, halfH);
                useA = !useA;
            }

            float num = 0, den = 0;
            for (int i = 0; i < h; i++)
            {
                _kernel.FilterRow(window, reference, distorted, w, h, stride, i, moments: true, evenOnly: false);
                var (rowNum, rowDen) = Statistic(filtered, rowLength, w);
                num += rowNum;
                den += rowDen;
            }

            _scores[2 * scale] = num;
            _scores[2 * scale + 1] = den;
        }
    }

    /// <summary>libvmaf's <c>vif_statistic_s</c> ('matching_matlab' mode) over one filtered row: its numerator and denominator sums.</summary>
    private (float Num, float Den) Statistic(float[] f, int rowLength, int w)
    {
        double sigmaNsq = _options.SigmaNsq;
        float gainLimit = (float)_options.EnhancementGainLimit;
        float rowNum = 0, rowDen = 0;
        for (int j = 0; j < w; j++)
        {
            float mu1 = f[j], mu2 = f[rowLength + j];
            float sigma1Sq = f[2 * rowLength + j] - mu1 * mu1;
            float sigma2Sq = f[3 * rowLength + j] - mu2 * mu2;
            float sigma12 = f[4 * rowLength + j] - mu1 * mu2;
            sigma1Sq = sigma1Sq > 0.0f ? sigma1Sq : 0.0f;
            sigma2Sq = sigma2Sq > 0.0f ? sigma2Sq : 0.0f;

            float g = sigma12 / (sigma1Sq + Epsilon);
            float svSq = sigma2Sq - g * sigma12;
            if (sigma1Sq < Epsilon)
            {
                g = 0.0f;
                svSq = sigma2Sq;
                sigma1Sq = 0.0f;
            }

            if (sigma2Sq < Epsilon)
            {
                g = 0.0f;
                svSq = 0.0f;
            }

            if (g < 0.0f)
            {
                svSq = sigma2Sq;
                g = 0.0f;
            }

            svSq = svSq > Epsilon ? svSq : Epsilon;
            g = g < gainLimit ? g : gainLimit;

            // The log2 arguments are formed in double (sigma_nsq is a double) and narrowed, as in libvmaf.
            float numVal = FastLog2.Of((float)(1.0f + g * g * sigma1Sq / (svSq + sigmaNsq)));
            float denVal = FastLog2.Of((float)(1.0f + sigma1Sq / sigmaNsq));
            if (sigma12 < 0.0f)
            {
                numVal = 0.0f;
            }

            if (sigma1Sq < sigmaNsq)
            {
                numVal = 1.0f - sigma2Sq * _sigmaMaxInv;
                denVal = 1.0f;
            }

            rowNum += numVal;
            rowDen += denVal;
        }

        return (rowNum, rowDen);
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }
}
