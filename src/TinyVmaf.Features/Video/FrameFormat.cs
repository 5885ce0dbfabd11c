namespace TinyVmaf.Features.Video;

/// <summary>Chroma layout of a planar YUV frame.</summary>
public enum ChromaSubsampling
{
    Yuv420,
    Yuv422,
    Yuv444,
    /// <summary>Luma only; the chroma planes are absent.</summary>
    Mono,
}

/// <summary>Size, chroma layout and bit depth of every frame of a stream.</summary>
public sealed record FrameFormat(int Width, int Height, ChromaSubsampling Chroma, int BitDepth)
{
    public int ChromaWidth => Chroma switch
    {
        ChromaSubsampling.Yuv420 or ChromaSubsampling.Yuv422 => (Width + 1) >> 1,
        ChromaSubsampling.Yuv444 => Width,
        _ => 0,
    };

    public int ChromaHeight => Chroma switch
    {
        ChromaSubsampling.Yuv420 => (Height + 1) >> 1,
        ChromaSubsampling.Yuv422 or ChromaSubsampling.Yuv444 => Height,
        _ => 0,
    };

    public int PlaneCount => Chroma == ChromaSubsampling.Mono ? 1 : 3;

    /// <summary>Bytes per sample in a stored stream: 1 up to 8 bits, 2 (little-endian) above.</summary>
    public int BytesPerSample => BitDepth > 8 ? 2 : 1;

    public long FrameBytes =>
        ((long)Width * Height + 2L * ChromaWidth * ChromaHeight) * BytesPerSample;

    public int PlaneWidth(int plane) => plane == 0 ? Width : ChromaWidth;

    public int PlaneHeight(int plane) => plane == 0 ? Height : ChromaHeight;

    /// <summary>The libvmaf / ffmpeg pixel-format name, e.g. <c>yuv420p10le</c>.</summary>
    public string PixelFormatName
    {
        get
        {
            string layout = Chroma switch
            {
                ChromaSubsampling.Yuv420 => "yuv420p",
                ChromaSubsampling.Yuv422 => "yuv422p",
                ChromaSubsampling.Yuv444 => "yuv444p",
                _ => BitDepth > 8 ? "gray" : "gray",
            };
            return BitDepth == 8 ? layout : $"{layout}{BitDepth}le";
        }
    }

    public override string ToString() => $"{Width}x{Height} {PixelFormatName}";
}
