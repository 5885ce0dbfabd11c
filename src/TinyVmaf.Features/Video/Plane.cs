namespace TinyVmaf.Features.Video;

/// <summary>
/// One plane of samples. Every bit depth is held as <see cref="ushort"/> so that a kernel is written once
/// for 8..16 bits; the bit depth travels with the frame format.
/// </summary>
public sealed class Plane
{
    public Plane(int width, int height)
    {
        Width = width;
        Height = height;
        Stride = width;
        Data = new ushort[(long)width * height];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples between the starts of two rows.</summary>
    public int Stride { get; }

    public ushort[] Data { get; }

    public ReadOnlySpan<ushort> Row(int y) => Data.AsSpan(y * Stride, Width);

    public Span<ushort> MutableRow(int y) => Data.AsSpan(y * Stride, Width);
}
