namespace TinyVmaf.Features.Video;

/// <summary>A planar YUV frame. Buffers are allocated once and refilled by a reader.</summary>
public sealed class Frame
{
    private readonly Plane[] _planes;

    public Frame(FrameFormat format)
        : this(format, keepBytes: false)
    {
    }

    private Frame(FrameFormat format, bool keepBytes)
    {
        Format = format;
        _planes = new Plane[format.PlaneCount];
        for (int p = 0; p < _planes.Length; p++)
        {
            int width = format.PlaneWidth(p), height = format.PlaneHeight(p);
            _planes[p] = keepBytes ? Plane.OfBytes(width, height) : new Plane(width, height);
        }
    }

    /// <summary>
    /// A frame for a source that fills planes keeping 8-bit samples as bytes (<see cref="IBytePlaneSource"/>):
    /// such planes where the format is 8-bit, ordinary ones otherwise.
    /// </summary>
    internal static Frame ForSource(IFrameSource source) =>
        new(source.Format, keepBytes: source.Format.BytesPerSample == 1 && source is IBytePlaneSource { FillsBytePlanes: true });

    public FrameFormat Format { get; }

    public Plane Y => _planes[0];

    /// <summary>Cb; throws for a mono frame.</summary>
    public Plane U => _planes[1];

    /// <summary>Cr; throws for a mono frame.</summary>
    public Plane V => _planes[2];

    public int PlaneCount => _planes.Length;

    public Plane this[int plane] => _planes[plane];
}

/// <summary>A reference frame and its distorted twin, with the index they share.</summary>
public readonly record struct FramePair(Frame Reference, Frame Distorted, int Index);
