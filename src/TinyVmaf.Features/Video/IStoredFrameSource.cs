namespace TinyVmaf.Features.Video;

/// <summary>
/// A frame source whose frames are stored bytes (a file): reading one costs only its copy, with no producer behind
/// it to keep busy. The threads that measure read such a source themselves, in turn, instead of a read-ahead thread
/// that would hand each frame over (on two cores every hand-off to a sleeping thread cost milliseconds).
/// </summary>
internal interface IStoredFrameSource
{
    bool ReadsStoredFrames { get; }
}
