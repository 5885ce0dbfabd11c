using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.FloatMotion;

/// <summary>
/// libvmaf's <c>float_motion</c> extractor (the motion of <c>vmaf_float_v0.6.1</c>): the mean absolute difference
/// between the blurred luma of consecutive reference frames, in float. motion2 of a frame is the smaller of its
/// differences to the frame before and the frame after; motion3 blends motion2 with an offset. Numerically libvmaf
/// 3.2's <c>float_motion.c</c> and <c>motion.c</c>.
/// </summary>
/// <remarks>
/// As libvmaf writes them: frame 0 gets motion and motion2 0 when it is read, and motion3 from frame 1's score when
/// frame 1 is read; frame n ≥ 1 gets motion when it is read, and motion2 and motion3 when frame n + 1 is read (or at
/// the flush for the last frame, from its own score).
/// </remarks>
internal sealed class FloatMotionExtractor : IFeatureExtractor
{
    public static readonly IReadOnlyList<string> Keys = ["motion", "motion2", "motion3"];

    public static readonly ExtractorDescriptor Descriptor = Describe(FloatMotionOptions.Default);

    // motion_tools.h's windows, as the floats libvmaf holds.
    private static readonly float[] Filter5 = [0.054488685f, 0.244201342f, 0.402619947f, 0.244201342f, 0.054488685f];
    private static readonly float[] Filter3 = [0.166378498f, 0.667243004f, 0.166378498f];
    private static readonly float[] Filter5NoOp = [0.0f, 0.0f, 1.0f, 0.0f, 0.0f];

    /// <summary>A <c>float_motion</c> instance with <paramref name="options"/>, its keys with <paramref name="keySuffix"/> appended.</summary>
    public static ExtractorDescriptor Describe(FloatMotionOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySuffix);
        options.Validate();
        return new("float_motion", Keys.Select(k => k + keySuffix).ToArray(), IsTemporal: true,
            context => new FloatMotionExtractor(context, options, keySuffix));
    }

    private readonly FloatMotionOptions _options;
    private readonly string _motionKey, _motion2Key, _motion3Key;
    private readonly float[] _window;
    private readonly bool _simd;
    private readonly int _bitDepth;
    private readonly PlaneBlur[] _planes;
    private int _index = -1;
    private double _score;

    public FloatMotionExtractor(ExtractorContext context, FloatMotionOptions options, string keySuffix = "")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        (_motionKey, _motion2Key, _motion3Key) = (Keys[0] + keySuffix, Keys[1] + keySuffix, Keys[2] + keySuffix);
        _window = options.FilterSize switch
        {
            1 => Filter5NoOp,
            3 => Filter3,
            _ => Filter5,
        };
        _simd = context.UseSimd;
        var format = context.Format;
        _bitDepth = format.BitDepth;
        if (options.AddUv && format.Chroma == ChromaSubsampling.Mono)
        {
            throw new ArgumentOutOfRangeException(nameof(context), format.Chroma, "motion_add_uv needs chroma planes; this video is monochrome");
        }

        int planes = options.AddUv ? 3 : 1;
        _planes = new PlaneBlur[planes];
        for (int p = 0; p < planes; p++)
        {
            _planes[p] = new PlaneBlur(format.PlaneWidth(p), format.PlaneHeight(p), _window.Length / 2, options.AddScale1, p == 0 ? 0 : AlignedFloats(format.Width));
        }
    }

    /// <summary>libvmaf's <c>ALIGN_CEIL(n * sizeof(float)) / sizeof(float)</c>: n rounded up to a multiple of 32 bytes.</summary>
    private static int AlignedFloats(int n) => (n + 7) / 8 * 8;

    /// <summary>One plane's float copy, its last three blurred frames, and the scratch of the half-size score.</summary>
    private sealed class PlaneBlur
    {
        /// <param name="upstreamStride">
        /// For a chroma plane, the row stride libvmaf's buffers have (the luma's): libvmaf's half-size score reads the
        /// blurred chroma with the chroma's own aligned width as stride, so it samples rows of that wider layout,
        /// including its never-written padding (zero in practice, freshly mapped memory). Kept for parity with
        /// motion_add_scale1 together with motion_add_uv; 0 for luma.
        /// </param>
        public PlaneBlur(int width, int height, int radius, bool addScale1, int upstreamStride)
        {
            (Width, Height) = (width, height);
            Plane = new float[width * height];
            Blurred = [new float[width * height], new float[width * height], new float[width * height]];
            Scratch = new float[SeparableFilter.ScratchLength(width, radius)];
            if (addScale1)
            {
                // libvmaf's vmaf_image_sad_c allocates these per call; here they are made once.
                HalfWidth = (int)(width * 0.5 + 0.5);
                HalfHeight = (int)(height * 0.5 + 0.5);
                Scaler = new VifFrameScaler(VifScalingMethod.Bilinear, width, height, HalfWidth, HalfHeight);
                // The half-size copies keep the full plane's stride, which the scaler reads and writes with.
                HalfA = new float[width * Math.Max(height, HalfHeight)];
                HalfB = new float[HalfA.Length];
                if (upstreamStride > 0)
                {
                    UpstreamStride = upstreamStride;
                    UpstreamLayout = new float[upstreamStride * height];
                }
            }
        }

        public int UpstreamStride { get; }

        public float[]? UpstreamLayout { get; }

        /// <summary>Resamples blurred frame <paramref name="blurred"/> to half size into <paramref name="half"/>, read as libvmaf reads it.</summary>
        public void Halve(float[] blurred, float[] half)
        {
            if (UpstreamLayout is { } layout)
            {
                for (int y = 0; y < Height; y++)
                {
                    Array.Copy(blurred, y * Width, layout, y * UpstreamStride, Width);
                }

                Scaler!.Scale(layout, AlignedFloats(Width), half, Width);
            }
            else
            {
                Scaler!.Scale(blurred, Width, half, Width);
            }
        }

        public int Width { get; }
        public int Height { get; }
        public float[] Plane { get; }
        public float[][] Blurred { get; }
        public float[] Scratch { get; }
        public int HalfWidth { get; }
        public int HalfHeight { get; }
        public VifFrameScaler? Scaler { get; }
        public float[] HalfA { get; } = [];
        public float[] HalfB { get; } = [];
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        int index = pair.Index;
        if (_options.ForceZero)
        {
            sink.Write(index, _motion2Key, 0.0);
            sink.Write(index, _motion3Key, 0.0);
            if (_options.Debug)
            {
                sink.Write(index, _motionKey, 0.0);
            }

            return;
        }

        _index = index;
        int current = index % 3, previous = (index + 2) % 3, beforePrevious = (index + 1) % 3;
        for (int p = 0; p < _planes.Length; p++)
        {
            var plane = _planes[p];
            FloatPlanes.Copy(pair.Reference[p], plane.Plane, plane.Width, _bitDepth);
            SeparableFilter.Filter(_window, plane.Plane, plane.Blurred[current], plane.Scratch, plane.Width, plane.Height, plane.Width, _simd);
        }

        if (index == 0)
        {
            sink.Write(index, _motion2Key, 0.0);
            if (_options.Debug)
            {
                sink.Write(index, _motionKey, 0.0);
            }

            return;
        }

        double score = Difference(previous, current);
        if (_options.Debug)
        {
            sink.Write(index, _motionKey, Min(score * _options.FpsWeight, _options.MaxVal));
        }

        _score = score;
        if (index == 1)
        {
            sink.Write(0, _motion3Key, Min(Blend(score * _options.FpsWeight), _options.MaxVal));
            return;
        }

        double score2 = Difference(previous, beforePrevious);
        score2 = score2 < score ? score2 : score;
        sink.Write(index - 1, _motion2Key, Min(score2 * _options.FpsWeight, _options.MaxVal));
        sink.Write(index - 1, _motion3Key, Min(Blend(score2 * _options.FpsWeight), _options.MaxVal));
    }

    public void Flush(IFeatureSink sink)
    {
        if (_options.ForceZero || _index < 0)
        {
            return;
        }

        if (_index > 0)
        {
            sink.Write(_index, _motion2Key, Min(_score * _options.FpsWeight, _options.MaxVal));
            sink.Write(_index, _motion3Key, Min(Blend(_score * _options.FpsWeight), _options.MaxVal));
        }
        else
        {
            sink.Write(0, _motion3Key, 0.0);
        }
    }

    public void Dispose()
    {
    }

    // motion_blend_tools.h: the score, blended towards min(offset, score) by 1 − factor.
    private double Blend(double score) =>
        score * _options.BlendFactor + (1 - _options.BlendFactor) * Min(_options.BlendOffset, score);

    private static double Min(double x, double y) => x < y ? x : y;

    /// <summary>The score between two blurred frames, summed over the planes measured (luma, and chroma with motion_add_uv).</summary>
    private double Difference(int a, int b)
    {
        double score = 0;
        for (int p = 0; p < _planes.Length; p++)
        {
            var plane = _planes[p];
            float planeScore = Sad(plane.Blurred[a], plane.Blurred[b], plane.Width, plane.Height, plane.Width);
            if (plane.Scaler is not null)
            {
                plane.Halve(plane.Blurred[a], plane.HalfA);
                plane.Halve(plane.Blurred[b], plane.HalfB);
                planeScore += Sad(plane.HalfA, plane.HalfB, plane.HalfWidth, plane.HalfHeight, plane.Width);
            }

            score = p == 0 ? planeScore : score + planeScore;
        }

        return score;
    }

    /// <summary>
    /// libvmaf's <c>vmaf_image_sad_c</c>: the mean of |a − b|, each row summed in float (the absolute value taken in
    /// double and the sum narrowed, as libvmaf's <c>fabs</c> does), rows summed in float.
    /// </summary>
    private static float Sad(float[] a, float[] b, int w, int h, int stride)
    {
        float accum = 0;
        for (int i = 0; i < h; i++)
        {
            float line = 0;
            int row = i * stride;
            for (int j = 0; j < w; j++)
            {
                line = (float)(line + Math.Abs((double)(a[row + j] - b[row + j])));
            }

            accum += line;
        }

        return accum / (w * h);
    }
}
