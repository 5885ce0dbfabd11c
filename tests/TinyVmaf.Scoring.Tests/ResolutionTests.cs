using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring.Tests;

public sealed class ResolutionTests : IDisposable
{
    private readonly ScoringFixture _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task A_half_size_x264_encode_scores_as_its_ffmpeg_bicubic_upscale_does()
    {
        string source = ScoringFixture.Source();
        string half = _clips.Ffmpeg(source, "half.mp4", "-vf", "scale=192:108", "-c:v", "libx264", "-crf", "30");
        string upscaled = _clips.Ffmpeg(half, "up.y4m", "-vf", "scale=384:216:flags=bicubic", "-pix_fmt", "yuv420p");

        using var scorer = VmafScorer.Create(ScoringFixture.Options());
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(half), null, TestContext.Current.CancellationToken);

        var expected = ScoringFixture.Extract(source, upscaled);
        ScoringFixture.AssertSameFrames(expected, result.Table);
        Assert.True(Math.Abs(Features.Logs.Pooling.Mean(expected.Column("vmaf")) - result.Vmaf) < 1e-3);
        Assert.Equal(new FrameSize(192, 108), result.DistortedSize);
        Assert.Equal(new FrameSize(384, 216), result.MeasuredSize);
        Assert.Contains("distorted scaled from 192x108 to 384x216 (ffmpeg scale, flags=bicubic)", result.Preparation);
        Assert.Equal("x264", result.Codec);
    }

    [Fact]
    public async Task Another_scaler_is_ffmpegs_scaler_of_that_name()
    {
        string source = ScoringFixture.Source();
        string half = _clips.Ffmpeg(source, "half.y4m", "-vf", "scale=192:108");
        string upscaled = _clips.Ffmpeg(half, "up.y4m", "-vf", "scale=384:216:flags=lanczos");

        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { Scaler = Scaler.Lanczos });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(half), null, TestContext.Current.CancellationToken);

        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(source, upscaled), result.Table);
    }

    [Fact]
    public async Task Measuring_at_another_size_scales_both_clips()
    {
        string source = ScoringFixture.Source();
        string half = _clips.Ffmpeg(source, "half.y4m", "-vf", "scale=192:108");
        string reference = _clips.Ffmpeg(source, "ref_big.y4m", "-vf", "scale=480:270:flags=bicubic");
        string distorted = _clips.Ffmpeg(half, "dis_big.y4m", "-vf", "scale=480:270:flags=bicubic");

        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { MeasureAt = FrameSize.Parse("480x270") });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(half), null, TestContext.Current.CancellationToken);

        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(reference, distorted), result.Table);
        Assert.Equal(new FrameSize(480, 270), result.MeasuredSize);
        Assert.Contains("reference scaled from 384x216 to 480x270 (ffmpeg scale, flags=bicubic)", result.Preparation);
    }

    [Fact]
    public async Task A_crop_measures_the_same_rectangle_of_both_clips()
    {
        string source = ScoringFixture.Source();
        string encoded = _clips.Ffmpeg(source, "enc.mp4", "-c:v", "libx264", "-crf", "32");
        string reference = _clips.Ffmpeg(source, "ref_crop.y4m", "-vf", "crop=384:160:0:28");
        string distorted = _clips.Ffmpeg(encoded, "dis_crop.y4m", "-vf", "crop=384:160:0:28");

        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { Crop = CropRect.Parse("384:160") });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(encoded), null, TestContext.Current.CancellationToken);

        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(reference, distorted), result.Table);
        Assert.Equal(new FrameSize(384, 160), result.MeasuredSize);
    }

    [Fact]
    public async Task A_crop_that_does_not_fit_is_refused_naming_the_file()
    {
        string source = ScoringFixture.Source();
        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { Crop = CropRect.Parse("400:100:0:0") });
        var e = await Assert.ThrowsAsync<VideoInputException>(() => scorer.ScoreAsync(new VideoInput(source), new VideoInput(source), null, TestContext.Current.CancellationToken));
        Assert.Contains("hubble.y4m: --crop 400:100:0:0 does not fit inside its 384x216 frames", e.Message);
    }

    [Theory]
    [InlineData("1080p", 1920, 1080)]
    [InlineData("2160p", 3840, 2160)]
    [InlineData("640x360", 640, 360)]
    public void Measure_sizes_parse_by_name_or_as_WxH(string text, int width, int height) =>
        Assert.Equal(new FrameSize(width, height), FrameSize.Parse(text));

    [Fact]
    public void Measure_at_reference_is_the_references_own_size() => Assert.Null(FrameSize.Parse("reference"));

    [Theory]
    [InlineData("1080")]
    [InlineData("0x10")]
    [InlineData("big")]
    public void A_bad_measure_size_is_refused_naming_the_forms(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => FrameSize.Parse(text));
        Assert.Contains("is not WxH, reference, 720p, 1080p, 1440p or 2160p", e.Message);
    }
}
