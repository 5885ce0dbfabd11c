namespace TinyVmaf.Features.Video;

/// <summary>A stream of frames read one at a time into caller-owned buffers.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The file (or description) the frames come from, for messages.</summary>
    string Path { get; }

    FrameFormat Format { get; }

    /// <summary>Frames per second, or 0 when the stream does not say.</summary>
    double FrameRate { get; }

    /// <summary>
    /// Fills <paramref name="frame"/> with the next frame. Returns false at a clean end of stream; throws
    /// <see cref="VideoInputException"/> on a truncated frame or a malformed header.
    /// </summary>
    bool ReadFrame(Frame frame);
}
