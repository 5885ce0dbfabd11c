using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace TinyVmaf.Features.Video;

/// <summary>
/// Reads one frame source ahead of its consumer on a thread of its own, into a fixed ring of frames: parsing a
/// Y4M file, or an ffmpeg decoder filling its pipe, runs while the frames before are being measured, and the
/// reference and the distorted video (each with its own read-ahead) are decoded at the same time. Frames come
/// out in order and go back with <see cref="Return"/>; nothing is allocated per frame. The queues block the
/// waiting thread itself (a short spin, then a kernel wait), so a frame handed over wakes its consumer directly,
/// not through a continuation the thread pool must first find a thread for.
/// </summary>
internal sealed class FrameReadAhead : IFrameFeed
{
    private readonly IFrameSource _source;
    private readonly BlockingCollection<Frame> _free;
    private readonly BlockingCollection<Frame> _filled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private ExceptionDispatchInfo? _failure;

    /// <param name="source">Read only by this object's thread from now until <see cref="Dispose"/>.</param>
    /// <param name="depth">Frames in the ring: how far reading may run ahead, plus those the consumer holds.</param>
    public FrameReadAhead(IFrameSource source, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _source = source;
        _free = new BlockingCollection<Frame>(new ConcurrentQueue<Frame>(), depth);
        _filled = new BlockingCollection<Frame>(new ConcurrentQueue<Frame>(), depth);
        for (int i = 0; i < depth; i++)
        {
            _free.Add(Frame.ForSource(source));
        }

        // A plain background thread: it blocks in reads and waits, which the thread pool should not absorb.
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "tinyvmaf read-ahead" };
        _reader.Start();
    }

    /// <summary>
    /// The next frame in stream order, or null at a clean end of the stream. Rethrows what reading threw
    /// (a truncated frame, a malformed header) when the consumer reaches it.
    /// </summary>
    public Frame? Next(CancellationToken cancel)
    {
        // False once the reader has completed the queue and it is empty: the end, or the reader's failure.
        if (_filled.TryTake(out var frame, Timeout.Infinite, cancel))
        {
            return frame;
        }

        _failure?.Throw();
        return null;
    }

    /// <summary>Gives a frame from <see cref="Next"/> back to be read into again.</summary>
    public void Return(Frame frame) => _free.TryAdd(frame);

    public void Dispose()
    {
        _stop.Cancel();
        _reader.Join();
        _stop.Dispose();
        _free.Dispose();
        _filled.Dispose();
    }

    private void ReadLoop()
    {
        try
        {
            while (true)
            {
                var frame = _free.Take(_stop.Token);
                if (!_source.ReadFrame(frame))
                {
                    break;
                }

                // The ring holds every frame there is, so the filled queue always has room.
                _filled.Add(frame);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer is done (or gave up) before the end of the stream.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }

        _filled.CompleteAdding();
    }
}
