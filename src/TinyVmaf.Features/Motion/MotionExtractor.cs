using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// libvmaf's integer <c>motion</c> extractor (<c>integer_motion.c</c>, as it stands in the 3.0.0-versioned
/// builds that provide motion3): how much the reference's blurred luma changes from frame to frame.
/// Only the reference is read; the distorted frame plays no part.
/// </summary>
/// <remarks>
/// <para>Per frame i ≥ 1, score[i] is the SAD between the blurs of frames i−1 and i, in 8-bit units per pixel.
/// Frame 0 scores 0. Writes, frame by frame as libvmaf does:</para>
/// <list type="bullet">
/// <item><c>integer_motion</c>[i] = score[i] (when <see cref="MotionOptions.Debug"/>);</item>
/// <item><c>integer_motion2</c>[0] = 0 and, when frame i ≥ 2 arrives, <c>integer_motion2</c>[i−1] = min(score[i−1], score[i]);
/// the last frame keeps its own score, written at flush;</item>
/// <item><c>integer_motion3</c>: motion2 passed through the blend (identity with the defaults), except that
/// frame 0 takes score[1], written when frame 1 arrives, and a one-frame clip gets 0.</item>
/// </list>
/// <para>libvmaf blurs into a ring of three buffers and computes min(SAD(i−1, i), SAD(i−1, i−2)); the second SAD
/// is the previous frame's score, bit for bit, so two buffers and one SAD per frame give the same numbers.</para>
/// </remarks>
internal sealed class MotionExtractor : IFeatureExtractor
{
    public const string MotionKey = "integer_motion";
    public const string Motion2Key = "integer_motion2";
    public const string Motion3Key = "integer_motion3";

    public static readonly ExtractorDescriptor Descriptor = new(
        "motion", [MotionKey, Motion2Key, Motion3Key], IsTemporal: true, context => new MotionExtractor(context, MotionOptions.Default));

    private readonly MotionOptions _options;
    private readonly MotionBlur? _blur;
    private ushort[] _current;
    private ushort[] _previous;
    private int _nextIndex;

    /// <summary>The raw score of the latest frame (libvmaf's <c>s-&gt;score</c>).</summary>
    private double _score;

    /// <summary>The latest blended motion3 before averaging (libvmaf's <c>previous_score</c>).</summary>
    private double _previousBlended;

    public MotionExtractor(ExtractorContext context, MotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.MotionFiveFrameWindow)
        {
            throw new ArgumentException("motion_five_frame_window is libvmaf 3.2's (MotionV2Extractor); the fork's motion has no such option", nameof(options));
        }

        _options = options;
        var format = context.Format;
        if (options.MotionForceZero)
        {
            _current = _previous = [];
            return;
        }

        _blur = new MotionBlur(format.Width, format.Height, format.BitDepth, context.UseSimd);
        _current = new ushort[format.Width * format.Height];
        _previous = new ushort[format.Width * format.Height];
    }

    public void Extract(FramePair pair, IFeatureSink sink)
    {
        int index = pair.Index;
        if (index != _nextIndex)
        {
            throw new InvalidOperationException($"motion is temporal: expected frame {_nextIndex}, was given frame {index}");
        }

        _nextIndex++;
        if (_blur is null)
        {
            ExtractForceZero(index, sink);
            return;
        }

        ulong sad = _blur.BlurAndSad(pair.Reference.Y, _current, index == 0 ? [] : _previous);
        (_current, _previous) = (_previous, _current);
        if (index == 0)
        {
            sink.Write(index, Motion2Key, 0);
            if (_options.Debug)
            {
                sink.Write(index, MotionKey, 0);
            }

            return;
        }

        double score = MotionBlur.NormalizeSad(sad, _blur.Width, _blur.Height);
        double scoreBefore = _score;
        _score = score;
        if (_options.Debug)
        {
            sink.Write(index, MotionKey, Clip(score * _options.MotionFpsWeight));
        }

        if (index == 1)
        {
            // libvmaf back-fills frame 0's motion3 with frame 1's score; it never averages this one.
            double blended = Blend(score);
            sink.Write(0, Motion3Key, blended);
            _previousBlended = blended;
            return;
        }

        double score2 = Math.Min(scoreBefore, score);
        double blended2 = Blend(score2);
        sink.Write(index - 1, Motion2Key, Clip(score2 * _options.MotionFpsWeight));
        sink.Write(index - 1, Motion3Key, _options.MotionMovingAverage ? (blended2 + _previousBlended) / 2.0 : blended2);
        _previousBlended = blended2;
    }

    public void Flush(IFeatureSink sink)
    {
        if (_blur is null || _nextIndex == 0)
        {
            return;
        }

        int last = _nextIndex - 1;
        if (last == 0)
        {
            sink.Write(last, Motion3Key, 0);
            return;
        }

        sink.Write(last, Motion2Key, Clip(_score * _options.MotionFpsWeight));
        double blended = Blend(_score);
        sink.Write(last, Motion3Key, _options.MotionMovingAverage ? (blended + _previousBlended) / 2.0 : blended);
    }

    public void Dispose()
    {
    }

    private void ExtractForceZero(int index, IFeatureSink sink)
    {
        sink.Write(index, Motion2Key, 0);
        if (_options.Debug)
        {
            sink.Write(index, Motion3Key, 0);
            sink.Write(index, MotionKey, 0);
        }
    }

    /// <summary>libvmaf's <c>motion_blend</c> of the fps-weighted score, clipped: the identity with the defaults.</summary>
    private double Blend(double score)
    {
        double weighted = score * _options.MotionFpsWeight;
        double factor = _options.MotionBlendFactor;
        return Clip((weighted * factor) + ((1 - factor) * Math.Min(_options.MotionBlendOffset, weighted)));
    }

    private double Clip(double score) => Math.Min(score, _options.MotionMaxVal);
}
