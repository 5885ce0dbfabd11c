using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring.Alignment;

/// <summary>
/// A source seen from frame <c>skip</c> on, for at most <c>count</c> frames: skipped frames are read and dropped,
/// so an extractor never sees them (motion starts at the first measured frame, as with libvmaf's skip options).
/// </summary>
internal sealed class FrameWindow(IFrameSource inner, int skip, int? count) : IFrameSource, IBytePlaneSource, IStoredFrameSource
{
    private int _skipped;
    private int _delivered;

    public string Path => inner.Path;

    public FrameFormat Format => inner.Format;

    public double FrameRate => inner.FrameRate;

    public bool FillsBytePlanes => inner is IBytePlaneSource { FillsBytePlanes: true };

    public bool ReadsStoredFrames => inner is IStoredFrameSource { ReadsStoredFrames: true };

    public bool ReadFrame(Frame frame)
    {
        for (; _skipped < skip; _skipped++)
        {
            if (!inner.ReadFrame(frame))
            {
                throw new VideoInputException(Path, $"has fewer frames than the {skip} to skip");
            }
        }

        if (count is int limit && _delivered >= limit)
        {
            return false;
        }

        if (!inner.ReadFrame(frame))
        {
            return false;
        }

        _delivered++;
        return true;
    }

    public void Dispose() => inner.Dispose();
}
