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

    /// <summary>Linear RGB to positive XYB (<see cref="OpsinXyb"/>), pixel by pixel over the spans' length.</summary>
    void XybRow(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue,
        Span<float> x, Span<float> y, Span<float> b);

    /// <summary>
    /// One row of a plane halved: each output is the mean of a 2x2 block of the two source rows, the last column
    /// repeated when the width is odd. The output is (width + 1) / 2 long.
    /// </summary>
    void DownsampleRow(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, Span<float> output);

    /// <summary>
    /// One XYB channel of a scale: blurs the two planes, their squares and their product with
    /// <see cref="RecursiveGaussian"/>, and returns the norms of the SSIM and edge-difference maps.
    /// </summary>
    ChannelNorms CompareChannel(ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int width, int height);
}
