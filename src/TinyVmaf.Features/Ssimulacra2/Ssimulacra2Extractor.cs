using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The lusoris fork's <c>ssimulacra2</c> extractor (<c>libvmaf/src/feature/ssimulacra2.c</c>, a port of libjxl's
/// <c>tools/ssimulacra2.cc</c>): both pictures to linear RGB, then at each of six scales (halving in linear
/// RGB) to XYB, where the SSIM and edge-difference maps of each channel are reduced to 1- and 4-norms; 108
/// weighted norms make a 0..100 score, 100 for identical pictures.
/// </summary>
/// <remarks>
/// Where the fork differs from libjxl, parity follows the fork: YUV is read with a fixed matrix (BT.709 limited
/// by default) and nearest-sample chroma, the sRGB curve is its table and the cube root its Newton iteration.
/// </remarks>
internal sealed class Ssimulacra2Extractor : IFeatureExtractor
{
    public const string Key = "ssimulacra2";

    public static readonly ExtractorDescriptor Descriptor =
        new("ssimulacra2", [Key], IsTemporal: false, context => new Ssimulacra2Extractor(context, Ssimulacra2Options.Default));

    private const int Pictures = 2;

    /// <summary>Rows of both pictures made before the kernel compares them: even, and whole strips of eight.</summary>
    private const int ChunkRows = 16;

    private readonly ISsimulacra2Kernel _kernel;
    private readonly YuvToRgb _matrix;
    private readonly (int Width, int Height)[] _scales;

    /// <summary>Linear RGB of each picture from the second scale on: [scale][picture][channel]; [0] is unused.</summary>
    private readonly float[][][][] _linear;

    /// <summary>Two rows of linear RGB at the first scale, which is never stored whole: [row of the pair][channel].</summary>
    private readonly float[][][] _rows;

    /// <summary>XYB of each picture at the current scale, sized for the first: [picture][channel].</summary>
    private readonly float[][][] _xyb;

    private readonly ChannelNorms[] _norms;

    public Ssimulacra2Extractor(ExtractorContext context, Ssimulacra2Options options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var format = context.Format;
        if (format.Chroma == ChromaSubsampling.Mono)
        {
            throw new ArgumentException($"ssimulacra2 needs colour: it compares pictures in XYB, made from Y, Cb and Cr; {format} has no chroma planes");
        }

        // The fork computes no scale at all for a smaller picture and reports 100, as if the pictures were
        // identical, without looking at them; a score that says nothing is refused instead.
        if (format.Width < Ssimulacra2Pooling.MinScaleSide || format.Height < Ssimulacra2Pooling.MinScaleSide)
        {
            throw new ArgumentException(
                $"ssimulacra2 needs a picture of at least {Ssimulacra2Pooling.MinScaleSide}x{Ssimulacra2Pooling.MinScaleSide} for its finest scale; {format} is smaller");
        }

        _kernel = context.UseSimd && Ssimulacra2VectorKernel.IsSupported
            ? new Ssimulacra2VectorKernel(format)
            : new Ssimulacra2ScalarKernel(format);
        _matrix = YuvToRgb.For(options.YuvMatrix, format.BitDepth);
        _scales = ScaleSizes(format.Width, format.Height);
        _linear = [.. _scales.Select((size, scale) => scale == 0 ? [] : Planes(Pictures, size.Width * size.Height))];
        _rows = Planes(2, format.Width);
        _xyb = Planes(Pictures, format.Width * format.Height);
        _norms = new ChannelNorms[_scales.Length * Ssimulacra2Pooling.ChannelCount];
    }

    /// <summary>The scales computed for a picture: halving (rounding up) while both sides stay at least 8.</summary>
    internal static (int Width, int Height)[] ScaleSizes(int width, int height)
    {
        var sizes = new List<(int, int)>();
        while (sizes.Count < Ssimulacra2Pooling.ScaleCount
               && width >= Ssimulacra2Pooling.MinScaleSide && height >= Ssimulacra2Pooling.MinScaleSide)
        {
            sizes.Add((width, height));
            (width, height) = ((width + 1) / 2, (height + 1) / 2);
        }

        return [.. sizes];
    }

    public void Extract(FramePair pair, IFeatureSink sink) =>
        sink.Write(pair.Index, Key, Score(pair.Reference, pair.Distorted));

    /// <summary>The SSIMULACRA 2 score of one pair.</summary>
    internal double Score(Frame reference, Frame distorted)
    {
        for (int scale = 0; scale < _scales.Length; scale++)
        {
            var (width, height) = _scales[scale];
            int size = width * height;
            _kernel.BeginScale(width, height);

            // A chunk of rows of both pictures at a time, each compared while it is still in cache.
            for (int top = 0; top < height; top += ChunkRows)
            {
                int end = Math.Min(top + ChunkRows, height);
                for (int picture = 0; picture < Pictures; picture++)
                {
                    if (scale == 0)
                    {
                        FirstScale(picture == 0 ? reference : distorted, picture, top, end);
                    }
                    else
                    {
                        LaterScale(scale, picture, top, end);
                    }
                }

                for (int channel = 0; channel < Ssimulacra2Pooling.ChannelCount; channel++)
                {
                    _kernel.CompareRows(channel, _xyb[0][channel].AsSpan(0, size), _xyb[1][channel].AsSpan(0, size), end);
                }
            }

            for (int channel = 0; channel < Ssimulacra2Pooling.ChannelCount; channel++)
            {
                _norms[(scale * Ssimulacra2Pooling.ChannelCount) + channel] = _kernel.Norms(channel);
            }
        }

        return Ssimulacra2Pooling.Score(_norms, _scales.Length);
    }

    public void Flush(IFeatureSink sink)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Rows <paramref name="start"/>..<paramref name="end"/> of the first scale of a picture, two at a time: YUV to linear RGB in <see cref="_rows"/>, from there to
    /// XYB and, halved, to the second scale's linear RGB.
    /// </summary>
    private void FirstScale(Frame frame, int picture, int start, int end)
    {
        var (width, height) = _scales[0];
        float[][] xyb = _xyb[picture];
        for (int top = start; top < end; top += 2)
        {
            int bottom = Math.Min(top + 1, height - 1);
            for (int row = top; row <= bottom; row++)
            {
                float[][] rgb = _rows[row - top];
                _kernel.LinearRgbRow(frame, _matrix, row, rgb[0].AsSpan(0, width), rgb[1].AsSpan(0, width), rgb[2].AsSpan(0, width));
                XybRow(rgb, 0, xyb, row * width, width);
            }

            if (_scales.Length > 1)
            {
                float[][] lower = _rows[bottom - top];
                Halve(_rows[0], lower, 0, 0, width, _linear[1][picture], top / 2);
            }
        }
    }

    /// <summary>Rows of a later scale of a picture, from its linear RGB: to XYB and, halved, to the next scale's.</summary>
    private void LaterScale(int scale, int picture, int start, int end)
    {
        var (width, height) = _scales[scale];
        float[][] rgb = _linear[scale][picture];
        for (int row = start; row < end; row++)
        {
            XybRow(rgb, row * width, _xyb[picture], row * width, width);
        }

        if (scale + 1 < _scales.Length)
        {
            for (int top = start; top < end; top += 2)
            {
                Halve(rgb, rgb, top, Math.Min(top + 1, height - 1), width, _linear[scale + 1][picture], top / 2);
            }
        }
    }

    private void XybRow(float[][] rgb, int from, float[][] xyb, int at, int width) =>
        _kernel.XybRow(
            rgb[0].AsSpan(from, width), rgb[1].AsSpan(from, width), rgb[2].AsSpan(from, width),
            xyb[0].AsSpan(at, width), xyb[1].AsSpan(at, width), xyb[2].AsSpan(at, width));

    /// <summary>Rows <paramref name="top"/> and <paramref name="bottom"/> of each channel, halved into row <paramref name="outRow"/>.</summary>
    private void Halve(float[][] upper, float[][] lower, int top, int bottom, int width, float[][] output, int outRow)
    {
        int outWidth = (width + 1) / 2;
        for (int channel = 0; channel < Ssimulacra2Pooling.ChannelCount; channel++)
        {
            _kernel.DownsampleRow(
                upper[channel].AsSpan(top * width, width), lower[channel].AsSpan(bottom * width, width),
                output[channel].AsSpan(outRow * outWidth, outWidth));
        }
    }

    private static float[][][] Planes(int count, int size) =>
        [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Ssimulacra2Pooling.ChannelCount).Select(_ => GC.AllocateArray<float>(size, pinned: true)).ToArray())];
}
