using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Scoring.Tests.Alignment;

public sealed class SyncTests : IDisposable
{
    private readonly ScoringFixture _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task A_clip_missing_its_first_two_frames_is_aligned_and_measured_as_the_aligned_pair()
    {
        string source = ScoringFixture.Source();
        string late = _clips.Ffmpeg(source, "late.mp4", "-vf", @"select=gte(n\,2)", "-fps_mode", "passthrough", "-c:v", "libx264", "-crf", "30");
        string trimmed = _clips.Ffmpeg(source, "trimmed.y4m", "-vf", @"select=gte(n\,2)", "-fps_mode", "passthrough");

        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { SyncWindow = 30 });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(late), null, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Sync!.Offset);
        Assert.Equal(2, result.ReferenceSkip);
        Assert.Equal(0, result.DistortedSkip);
        Assert.True(result.Sync.MeanPsnr > result.Sync.MeanPsnrAtZero + 5, $"{result.Sync.MeanPsnr} dB aligned vs {result.Sync.MeanPsnrAtZero} dB at 0");

        // The trimmed reference is what libvmaf would be given: motion starts at its first frame.
        var expected = ScoringFixture.Extract(trimmed, _clips.Ffmpeg(late, "late.y4m"));
        ScoringFixture.AssertSameFrames(expected, result.Table);
        Assert.Equal(0, result.Table.Column("integer_motion2")[0]);

        using var skipping = VmafScorer.Create(ScoringFixture.Options());
        var skipped = await skipping.ScoreAsync(new VideoInput(source) { Skip = 2 }, new VideoInput(late), null, TestContext.Current.CancellationToken);
        ScoringFixture.AssertSameFrames(expected, skipped.Table);
    }

    [Fact]
    public async Task A_clip_starting_early_is_aligned_by_skipping_its_own_frames()
    {
        string source = ScoringFixture.Source();
        // Two frames of another picture first, then the source.
        string early = _clips.Ffmpeg(source, "early.y4m", "-vf", "loop=loop=2:size=1:start=0,setpts=N/FRAME_RATE/TB");
        var result = await Score(source, early, 5);

        Assert.Equal(-2, result.Sync!.Offset);
        Assert.Equal(2, result.DistortedSkip);
        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(source, source), result.Table);
    }

    [Fact]
    public async Task Aligned_clips_keep_offset_zero()
    {
        string source = ScoringFixture.Source();
        var result = await Score(source, _clips.Ffmpeg(source, "enc.mp4", "-c:v", "libx264", "-crf", "30"), 4);
        Assert.Equal(0, result.Sync!.Offset);
        Assert.Equal(10, result.Frames.Count);
    }

    [Fact]
    public async Task Frames_limits_the_pairs_measured()
    {
        string source = ScoringFixture.Source();
        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { Frames = 4 });
        var result = await scorer.ScoreAsync(new VideoInput(source) { Skip = 3 }, new VideoInput(source) { Skip = 3 }, null, TestContext.Current.CancellationToken);

        string trimmed = _clips.Ffmpeg(source, "t.y4m", "-vf", @"select=gte(n\,3)", "-fps_mode", "passthrough", "-frames:v", "4");
        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(trimmed, trimmed), result.Table);
    }

    private static async Task<ScoreResult> Score(string reference, string distorted, int window)
    {
        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { SyncWindow = window });
        return await scorer.ScoreAsync(new VideoInput(reference), new VideoInput(distorted), null, TestContext.Current.CancellationToken);
    }
}
