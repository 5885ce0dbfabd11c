namespace TinyVmaf.Features.Video;

/// <summary>A planar YUV frame. Buffers are allocated once and refilled by a reader.</summary>
public sealed class Frame
{
    private readonly Plane[] _planes;

    public Frame(FrameFormat format)
    {
        Format = format;
        _planes = new Plane[format.PlaneCount];
        for (int p = 0; p < _planes.Length; p++)
        {
            _planes[p] = new Plane(format.PlaneWidth(p), format.PlaneHeight(p));
        }
    }

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
