using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private readonly Kernel _kernel;
    private readonly short[] _row;
    private readonly int[] _scalarRow;
    private readonly List<double> _sad = new(256);

    /// <summary>
    /// Copies of the last frames' luma: [0] the previous, [1] the one before (five-frame window only); as bytes
    /// for 8-bit video on the vector kernels (half the memory traffic), else as 16-bit samples.
    /// </summary>
    private readonly byte[][] _history;
    private readonly bool _bytes;
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
        _kernel = !context.UseSimd ? Kernel.Scalar
            : MotionDiffSimd.Avx512Handles(_shift, _width) ? Kernel.Avx512
            : MotionDiffSimd.Avx2Handles(_shift, _width) ? Kernel.Avx2
            : Kernel.Scalar;
        _row = new short[MotionDiffSimd.ScratchLength(_width)];
        _scalarRow = new int[_width];
        int depth = options.MotionFiveFrameWindow ? 2 : 1;
        _bytes = _kernel != Kernel.Scalar && _shift == 8;
        _history = new byte[depth + 1][];
        for (int i = 0; i < _history.Length; i++)
        {
            _history[i] = new byte[_width * _height * (_bytes ? 1 : 2)];
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
            // The oldest buffer is no longer needed: it takes this frame's luma, copied row by row while the
            // SAD reads it from the frame, then the history rotates.
            var luma = pair.Reference.Y;
            var oldest = _history[^1];
            if (index >= Distance)
            {
                ulong sad = Sad(_history[Distance - 1], luma, oldest);
                score = Math.Min(sad / 256.0 / (_width * _height) * _options.MotionFpsWeight, _options.MotionMaxVal);
            }
            else
            {
                Copy(luma, oldest);
            }

            Array.Copy(_history, 0, _history, 1, _history.Length - 1);
            _history[0] = oldest;
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

    /// <summary>The SAD of blur(previous − luma), copying the luma into <paramref name="copyTo"/> on the way.</summary>
    private ulong Sad(byte[] previous, Plane luma, byte[] copyTo)
    {
        switch (_kernel)
        {
            case Kernel.Avx512:
                return VectorSad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(previous, luma, copyTo);
            case Kernel.Avx2:
                return VectorSad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(previous, luma, copyTo);
            default:
                ulong sad = MotionDiffKernels.SadScalar(Samples(previous), _width, luma.Data, luma.Stride, _width, _height, _shift, _scalarRow);
                Copy(luma, copyTo);
                return sad;
        }
    }

    /// <summary>
    /// The vector kernel on the luma as its reader keeps it: 8-bit samples as read when the plane has them
    /// (<see cref="Plane.Bytes"/>; asking for <see cref="Plane.Data"/> would widen the frame), else 16-bit ones.
    /// </summary>
    private ulong VectorSad<TLanes, TShort, TInt>(byte[] previous, Plane luma, byte[] copyTo)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        if (!_bytes)
        {
            return MotionDiffSimd.Sad<TLanes, TShort, TInt>(Samples(previous), _width, luma.Data, luma.Stride, _width, _height, _shift, _row, Samples(copyTo));
        }

        return luma.Bytes is { } bytes
            ? MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, byte>(previous, _width, bytes, luma.Stride, _width, _height, _shift, _row, copyTo)
            : MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, ushort>(previous, _width, luma.Data, luma.Stride, _width, _height, _shift, _row, copyTo);
    }

    private static Span<ushort> Samples(byte[] buffer) => MemoryMarshal.Cast<byte, ushort>(buffer.AsSpan());

    /// <summary>The luma into a history buffer, packed, as bytes or 16-bit samples; 8-bit samples kept as read are copied as they are.</summary>
    private void Copy(Plane luma, byte[] destination)
    {
        if (_bytes && luma.Bytes is { } kept)
        {
            for (int i = 0; i < _height; i++)
            {
                kept.AsSpan(i * luma.Stride, _width).CopyTo(destination.AsSpan(i * _width, _width));
            }

            return;
        }

        for (int i = 0; i < _height; i++)
        {
            var row = luma.Row(i);
            if (_bytes)
            {
                var bytes = destination.AsSpan(i * _width, _width);
                for (int j = 0; j < _width; j++)
                {
                    bytes[j] = (byte)row[j];
                }
            }
            else
            {
                row.CopyTo(Samples(destination).Slice(i * _width, _width));
            }
        }
    }

    private enum Kernel
    {
        Scalar,
        Avx2,
        Avx512,
    }
}
