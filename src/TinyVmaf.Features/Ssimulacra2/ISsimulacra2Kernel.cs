using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The per-pixel stages of SSIMULACRA 2. A kernel is made for one frame format and owns the scratch it needs,
/// sized at creation; it allocates nothing per call. Planes are dense (stride = width) float planes.
/// </summary>
internal interface ISsimulacra2Kernel
{
    /// <summary>
    /// One row of a YUV frame to linear RGB at luma resolution: chroma taken from the nearest sample at or before
    /// (<c>x·chromaWidth/width</c>, likewise down), the matrix applied, clamped to [0, 1], then the sRGB EOTF.
    /// </summary>
    void LinearRgbRow(Frame frame, in YuvToRgb matrix, int row, Span<float> red, Span<float> green, Span<float> blue);

    /// <summary>
    /// Linear RGB, never negative, to positive XYB (<see cref="OpsinXyb"/>), pixel by pixel over the spans' length.
    /// </summary>
    void XybRow(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue,
        Span<float> x, Span<float> y, Span<float> b);

    /// <summary>
    /// One row of a plane halved: each output is the mean of a 2x2 block of the two source rows, the last column
    /// repeated when the width is odd. The output is (width + 1) / 2 long.
    /// </summary>
    void DownsampleRow(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, Span<float> output);

    /// <summary>
    /// Starts the comparison of a scale: the XYB planes of the two pictures, <paramref name="width"/> by
    /// <paramref name="height"/>, will be handed to <see cref="CompareRows"/> as their rows are made.
    /// </summary>
    void BeginScale(int width, int height);

    /// <summary>
    /// Takes one XYB channel of the scale as far as its first <paramref name="rowsReady"/> rows allow (all of it
    /// once they are all ready): blurs the two planes, their squares and their product with
    /// <see cref="RecursiveGaussian"/>, and adds up the SSIM and edge-difference maps. A kernel may wait for more
    /// rows before doing anything; rows already handed over must not change.
    /// </summary>
    void CompareRows(int channel, ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int rowsReady);

    /// <summary>The norms of a channel's maps, once all its rows have been compared.</summary>
    ChannelNorms Norms(int channel);
}

internal static class Ssimulacra2KernelExtensions
{
    /// <summary>One whole channel of one scale: <see cref="ISsimulacra2Kernel.BeginScale"/> to <see cref="ISsimulacra2Kernel.Norms"/>.</summary>
    public static ChannelNorms CompareChannel(
        this ISsimulacra2Kernel kernel, ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int width, int height)
    {
        kernel.BeginScale(width, height);
        kernel.CompareRows(0, reference, distorted, height);
        return kernel.Norms(0);
    }
}
