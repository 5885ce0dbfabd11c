using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// libvmaf 3.2's integer <c>motion</c> extractor (integer_motion.c at f85a8536; the lusoris fork calls the
/// same computation <c>motion_v2</c>): per frame, the SAD of the blurred difference between the reference and
/// an earlier reference frame; then, at flush, motion2 and motion3 from those SADs. Only the reference is read.
/// The models of libvmaf 3.2 read their motion from this one (<see cref="MotionExtractor"/> is the older fork
/// computation the FULL_FEATURES golden logs hold; they differ by up to about 1e-4).
/// </summary>
/// <remarks>
/// <para>sad[i] = min(SAD(blur(ref[i−d] − ref[i])) / 256 / (w·h) · fps_weight, max_val), with d = 1, or 2 in
/// the five-frame window; sad = 0 for the first d frames. Keys (each with the instance's option suffix):
/// <c>VMAF_integer_feature_motion_sad_score</c> per frame, and at flush</para>
/// <list type="bullet">
/// <item><c>integer_motion2</c>[i] = 0 for i &lt; d; else min(sad[i−d+1], sad[i+1]) (min(sad[i], sad[i+1]) for
/// d = 1; for d = 2 at i = 2 just sad[3]); the last frame keeps sad[i];</item>
/// <item><c>integer_motion3</c>[i] = min(blend(motion2[i]), max_val), optionally averaged with the previous
/// frame's; the first d frames take blend(sad[d]) when the clip is longer than d frames, else 0.</item>
/// </list>
/// </remarks>
internal sealed class MotionV2Extractor : IFeatureExtractor
{
    public const string SadKey = "VMAF_integer_feature_motion_sad_score";
    public const string MotionKey = "integer_motion";
    public const string Motion2Key = "integer_motion2";
    public const string Motion3Key = "integer_motion3";

    private readonly MotionOptions _options;
    private readonly int _width;
    private readonly int _height;
    private readonly int _shift;
    private readonly bool _useSimd;
    private readonly int[] _row;
    private readonly List<double> _sad = new(256);

    /// <summary>Copies of the last frames' luma: [0] the previous, [1] the one before (five-frame window only).</summary>
    private readonly ushort[][] _history;
    private int _nextIndex;

    public MotionV2Extractor(ExtractorContext context, MotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var format = context.Format;
        if (format.Width < MotionBlur.MinimumSize || format.Height < MotionBlur.MinimumSize)
        {
            throw new ArgumentException(
                $"motion needs frames of at least {MotionBlur.MinimumSize}x{MotionBlur.MinimumSize} for its 5-tap mirrored filter; got {format.Width}x{format.Height}");
        }

        _options = options;
        _width = format.Width;
        _height = format.Height;
        _shift = format.BitDepth;
        _useSimd = context.UseSimd && MotionDiffKernels.IsVectorized;
        _row = new int[_width];
        int depth = options.MotionFiveFrameWindow ? 2 : 1;
        _history = new ushort[depth + 1][];
        for (int i = 0; i < _history.Length; i++)
        {
            _history[i] = new ushort[_width * _height];
        }
    }

    public static IReadOnlyList<string> KeysFor(MotionOptions options) =>
        options.Debug ? [SadKey, MotionKey, Motion2Key, Motion3Key] : [SadKey, Motion2Key, Motion3Key];

    private int Distance => _options.MotionFiveFrameWindow ? 2 : 1;

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        int index = pair.Index;
        if (index != _nextIndex)
        {
            throw new InvalidOperationException($"motion is temporal: expected frame {_nextIndex}, was given frame {index}");
        }

        _nextIndex++;
        double score = 0;
        if (!_options.MotionForceZero)
        {
            // Rotate the history: the oldest buffer takes this frame's luma.
            var current = _history[^1];
            Array.Copy(_history, 0, _history, 1, _history.Length - 1);
            _history[0] = current;
            var luma = pair.Reference.Y;
            for (int i = 0; i < _height; i++)
            {
                luma.Row(i).CopyTo(current.AsSpan(i * _width, _width));
            }

            if (index >= Distance)
            {
                ulong sad = Sad(_history[Distance], current);
                score = Math.Min(sad / 256.0 / (_width * _height) * _options.MotionFpsWeight, _options.MotionMaxVal);
            }
        }

        _sad.Add(score);
        sink.Write(index, SadKey, score);
        if (_options.Debug)
        {
            sink.Write(index, MotionKey, score);
        }
    }

    public void Flush(IFeatureSink sink)
    {
        int n = _sad.Count;
        int d = Distance;
        double stamp = n > d ? Math.Min(Blend(_sad[d]), _options.MotionMaxVal) : 0;
        double previous = 0;
        for (int i = 0; i < n; i++)
        {
            double motion2;
            if (i < d)
            {
                motion2 = 0;
            }
            else if (i + 1 >= n)
            {
                motion2 = _sad[i];
            }
            else
            {
                int lo = i - (d - 1);
                motion2 = lo >= d ? Math.Min(_sad[lo], _sad[i + 1]) : _sad[i + 1];
            }

            sink.Write(i, Motion2Key, motion2);
            double motion3;
            if (i < d)
            {
                motion3 = stamp;
                previous = stamp;
            }
            else
            {
                double processed = Math.Min(Blend(motion2), _options.MotionMaxVal);
                motion3 = _options.MotionMovingAverage ? (processed + previous) / 2.0 : processed;
                previous = processed;
            }

            sink.Write(i, Motion3Key, motion3);
        }
    }

    public void Dispose()
    {
    }

    /// <summary>libvmaf's <c>motion_blend</c>: the identity with the default factor 1.</summary>
    private double Blend(double score) =>
        (score * _options.MotionBlendFactor) + ((1 - _options.MotionBlendFactor) * Math.Min(_options.MotionBlendOffset, score));

    private ulong Sad(ushort[] previous, ushort[] current)
    {
        ulong sad = 0;
        var row = _row.AsSpan();
        for (int i = 0; i < _height; i++)
        {
            if (_useSimd)
            {
                MotionDiffKernels.VerticalVector(previous, current, _width, _width, _height, i, _shift, row);
                sad += MotionDiffKernels.HorizontalSadVector(row, _width);
            }
            else
            {
                MotionDiffKernels.VerticalScalar(previous, current, _width, _width, _height, i, _shift, row);
                sad += MotionDiffKernels.HorizontalSadScalar(row, _width);
            }
        }

        return sad;
    }
}
