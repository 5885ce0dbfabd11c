namespace TinyVmaf.Features.Video;

/// <summary>Frames of one source in stream order, each given back with <see cref="Return"/> when measured.</summary>
internal interface IFrameFeed : IDisposable
{
    /// <summary>The next frame, or null at a clean end of the stream.</summary>
    Frame? Next(CancellationToken cancel);

    /// <summary>Gives a frame from <see cref="Next"/> back to be read into again; from any thread.</summary>
    void Return(Frame frame);
}

/// <summary>The feed that suits a source: read where asked for stored frames, read ahead on a thread of its own otherwise.</summary>
internal static class FrameFeed
{
    /// <param name="depth">Frames a read-ahead may hold: how far it may run ahead, plus those its consumers hold.</param>
    public static IFrameFeed For(IFrameSource source, int depth) =>
        source is IStoredFrameSource { ReadsStoredFrames: true } ? new DirectFrameFeed(source) : new FrameReadAhead(source, depth);
}

/// <summary>
/// Reads on the calling thread into frames it recycles, allocating one only when all are out: as many frames as
/// are being measured at once. Not thread-safe for <see cref="Next"/> (callers take turns); <see cref="Return"/> is.
/// </summary>
internal sealed class DirectFrameFeed(IFrameSource source) : IFrameFeed
{
    private readonly Stack<Frame> _free = new();
    private readonly Lock _gate = new();

    public Frame? Next(CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        Frame? frame;
        lock (_gate)
        {
            _free.TryPop(out frame);
        }

        frame ??= Frame.ForSource(source);
        if (source.ReadFrame(frame))
        {
            return frame;
        }

        Return(frame);
        return null;
    }

    public void Return(Frame frame)
    {
        lock (_gate)
        {
            _free.Push(frame);
        }
    }

    public void Dispose()
    {
    }
}
