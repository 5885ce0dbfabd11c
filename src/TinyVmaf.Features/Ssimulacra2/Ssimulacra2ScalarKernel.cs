using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The portable reference: the fork's scalar pipeline stage by stage, each map over whole planes, in the same
/// float operations and order, with the map sums taken in raster order in double as the fork takes them.
/// </summary>
internal sealed class Ssimulacra2ScalarKernel : ISsimulacra2Kernel
{
    /// <summary>SSIM's stabiliser of the structure term; the luminance term has none (it is 1 − (μ1 − μ2)²).</summary>
    public const float C2 = 0.0009f;

    private readonly RecursiveGaussian _blur = RecursiveGaussian.Ssimulacra2;

    // Full-size planes: a product, the horizontal pass, and the five blurred planes of CompareChannel.
    private readonly float[] _product;
    private readonly float[] _horizontal;
    private readonly float[] _mu1, _mu2, _sigma11, _sigma22, _sigma12;

    /// <summary>The vertical pass's filter state, column by column: the last and second-last output of each filter.</summary>
    private readonly float[][] _previous1 = new float[3][];
    private readonly float[][] _previous2 = new float[3][];

    /// <summary>Chroma column of each luma column.</summary>
    private readonly int[] _chromaColumn;

    private readonly ChannelNorms[] _norms = new ChannelNorms[Ssimulacra2Pooling.ChannelCount];
    private readonly bool[] _compared = new bool[Ssimulacra2Pooling.ChannelCount];
    private int _width, _height;

    public Ssimulacra2ScalarKernel(FrameFormat format)
    {
        int size = format.Width * format.Height;
        _product = new float[size];
        _horizontal = new float[size];
        _mu1 = new float[size];
        _mu2 = new float[size];
        _sigma11 = new float[size];
        _sigma22 = new float[size];
        _sigma12 = new float[size];
        for (int k = 0; k < 3; k++)
        {
            _previous1[k] = new float[format.Width];
            _previous2[k] = new float[format.Width];
        }

        _chromaColumn = new int[format.Width];
        for (int x = 0; x < format.Width; x++)
        {
            _chromaColumn[x] = (int)((long)x * format.ChromaWidth / format.Width);
        }
    }

    public void LinearRgbRow(Frame frame, in YuvToRgb matrix, int row, Span<float> red, Span<float> green, Span<float> blue)
    {
        var format = frame.Format;
        var luma = frame.Y.Row(row);
        int chromaRow = (int)((long)row * format.ChromaHeight / format.Height);
        var cb = frame.U.Row(chromaRow);
        var cr = frame.V.Row(chromaRow);
        for (int x = 0; x < format.Width; x++)
        {
            (red[x], green[x], blue[x]) = ToLinearRgb(luma[x], cb[_chromaColumn[x]], cr[_chromaColumn[x]], matrix);
        }
    }

    public void XybRow(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue,
        Span<float> x, Span<float> y, Span<float> b)
    {
        for (int i = 0; i < red.Length; i++)
        {
            (x[i], y[i], b[i]) = OpsinXyb.FromLinearRgb(red[i], green[i], blue[i]);
        }
    }

    public void DownsampleRow(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, Span<float> output)
    {
        int width = top.Length;
        for (int ox = 0; ox < output.Length; ox++)
        {
            int left = 2 * ox, right = Math.Min(left + 1, width - 1);
            output[ox] = (top[left] + top[right] + bottom[left] + bottom[right]) * 0.25f;
        }
    }

    /// <summary>One pixel of <see cref="LinearRgbRow"/>, in the fork's float operations and order.</summary>
    internal static (float R, float G, float B) ToLinearRgb(ushort luma, ushort cb, ushort cr, in YuvToRgb matrix)
    {
        float y = (luma * matrix.InversePeak - matrix.YOffset) * matrix.YScale;
        float u = (cb * matrix.InversePeak - matrix.COffset) * matrix.CScale;
        float v = (cr * matrix.InversePeak - matrix.COffset) * matrix.CScale;
        return (
            SrgbEotf.ToLinear(Clamp01(y + (matrix.CrToR * v))),
            SrgbEotf.ToLinear(Clamp01(y + (matrix.CbToG * u) + (matrix.CrToG * v))),
            SrgbEotf.ToLinear(Clamp01(y + (matrix.CbToB * u))));
    }

    public void BeginScale(int width, int height)
    {
        (_width, _height) = (width, height);
        Array.Clear(_compared);
    }

    public void CompareRows(int channel, ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int rowsReady)
    {
        // Whole planes at a time, as the fork does: nothing until every row is there.
        if (rowsReady >= _height && !_compared[channel])
        {
            _norms[channel] = CompareChannel(reference[..(_width * _height)], distorted[..(_width * _height)], _width, _height);
            _compared[channel] = true;
        }
    }

    public ChannelNorms Norms(int channel) =>
        _compared[channel] ? _norms[channel] : throw new InvalidOperationException($"channel {channel} has rows still to compare");

    private ChannelNorms CompareChannel(ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int width, int height)
    {
        int size = width * height;
        var product = _product.AsSpan(0, size);
        Multiply(reference, reference, product);
        Blur(product, _sigma11, width, height);
        Multiply(distorted, distorted, product);
        Blur(product, _sigma22, width, height);
        Multiply(reference, distorted, product);
        Blur(product, _sigma12, width, height);
        Blur(reference, _mu1, width, height);
        Blur(distorted, _mu2, width, height);

        var norms = default(ChannelNorms);
        SsimMap(size, ref norms);
        EdgeDiffMap(reference, distorted, size, ref norms);
        return norms;
    }

    /// <summary>The fork's clamp: NaN would pass through, but none reaches it.</summary>
    private static float Clamp01(float v) => v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;

    private static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product)
    {
        for (int i = 0; i < product.Length; i++)
        {
            product[i] = a[i] * b[i];
        }
    }

    private static double Quartic(double x)
    {
        x *= x;
        return x * x;
    }

    /// <summary>The separable blur: every row along x into the scratch plane, then every column along y.</summary>
    private void Blur(ReadOnlySpan<float> input, Span<float> output, int width, int height)
    {
        var horizontal = _horizontal.AsSpan(0, width * height);
        for (int row = 0; row < height; row++)
        {
            _blur.FilterLine(input.Slice(row * width, width), horizontal.Slice(row * width, width));
        }

        BlurColumns(horizontal, output, width, height);
    }

    private void BlurColumns(ReadOnlySpan<float> input, Span<float> output, int width, int height)
    {
        float n20 = _blur.N2[0], n21 = _blur.N2[1], n22 = _blur.N2[2];
        float d10 = _blur.D1[0], d11 = _blur.D1[1], d12 = _blur.D1[2];
        var p10 = _previous1[0].AsSpan(0, width);
        var p11 = _previous1[1].AsSpan(0, width);
        var p12 = _previous1[2].AsSpan(0, width);
        var p20 = _previous2[0].AsSpan(0, width);
        var p21 = _previous2[1].AsSpan(0, width);
        var p22 = _previous2[2].AsSpan(0, width);
        for (int k = 0; k < 3; k++)
        {
            _previous1[k].AsSpan(0, width).Clear();
            _previous2[k].AsSpan(0, width).Clear();
        }

        int radius = _blur.Radius;
        for (int n = -radius + 1; n < height; n++)
        {
            int left = n - radius - 1, right = n + radius - 1;
            for (int x = 0; x < width; x++)
            {
                float sum = (left >= 0 ? input[(left * width) + x] : 0.0f) + (right < height ? input[(right * width) + x] : 0.0f);
                float o0 = (n20 * sum) - (d10 * p10[x]) - p20[x];
                float o1 = (n21 * sum) - (d11 * p11[x]) - p21[x];
                float o2 = (n22 * sum) - (d12 * p12[x]) - p22[x];
                (p20[x], p21[x], p22[x]) = (p10[x], p11[x], p12[x]);
                (p10[x], p11[x], p12[x]) = (o0, o1, o2);
                if (n >= 0)
                {
                    output[(n * width) + x] = o0 + o1 + o2;
                }
            }
        }
    }

    /// <summary>
    /// SSIMULACRA 2's SSIM error, 1 − SSIM without the usual luminance denominator (XYB is already perceptual),
    /// clamped at 0; the ratio is taken in double, as in the fork.
    /// </summary>
    private void SsimMap(int size, ref ChannelNorms norms)
    {
        double sum1 = 0.0, sum4 = 0.0;
        for (int i = 0; i < size; i++)
        {
            float mu1 = _mu1[i], mu2 = _mu2[i];
            float mu11 = mu1 * mu1, mu22 = mu2 * mu2, mu12 = mu1 * mu2;
            float numM = 1.0f - ((mu1 - mu2) * (mu1 - mu2));
            float numS = (2.0f * (_sigma12[i] - mu12)) + C2;
            float denS = (_sigma11[i] - mu11) + (_sigma22[i] - mu22) + C2;
            double d = Math.Max(1.0 - ((double)numM * numS / denS), 0.0);
            sum1 += d;
            sum4 += Quartic(d);
        }

        double perPixel = 1.0 / size;
        norms.SsimMean = perPixel * sum1;
        norms.Ssim4Norm = Math.Sqrt(Math.Sqrt(perPixel * sum4));
    }

    /// <summary>
    /// How much each picture departs from its own blur (its local edge energy); where the distorted one departs
    /// more, it has artifacts, where less, it lost detail.
    /// </summary>
    private void EdgeDiffMap(ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int size, ref ChannelNorms norms)
    {
        double artifact1 = 0.0, artifact4 = 0.0, loss1 = 0.0, loss4 = 0.0;
        for (int i = 0; i < size; i++)
        {
            double edge1 = Math.Abs((double)reference[i] - _mu1[i]);
            double edge2 = Math.Abs((double)distorted[i] - _mu2[i]);
            double d = ((1.0 + edge2) / (1.0 + edge1)) - 1.0;
            double artifact = Math.Max(d, 0.0);
            double loss = Math.Max(-d, 0.0);
            artifact1 += artifact;
            artifact4 += Quartic(artifact);
            loss1 += loss;
            loss4 += Quartic(loss);
        }

        double perPixel = 1.0 / size;
        norms.ArtifactMean = perPixel * artifact1;
        norms.Artifact4Norm = Math.Sqrt(Math.Sqrt(perPixel * artifact4));
        norms.DetailLossMean = perPixel * loss1;
        norms.DetailLoss4Norm = Math.Sqrt(Math.Sqrt(perPixel * loss4));
    }
}
