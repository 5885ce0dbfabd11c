namespace TinyVmaf.Features.Video;

/// <summary>
/// A frame source that can fill planes keeping 8-bit samples as bytes (<see cref="Plane.Bytes"/>) as well as
/// ordinary ones. Sources that write frames through <see cref="Plane.Data"/> (a test's replay, a wrapper) do not
/// implement it, and get ordinary planes.
/// </summary>
internal interface IBytePlaneSource
{
    bool FillsBytePlanes { get; }
}
