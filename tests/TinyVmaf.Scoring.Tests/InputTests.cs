using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Scoring.Tests;

public sealed class InputTests : IDisposable
{
    private readonly ScoringFixture _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public void A_raw_format_after_the_path_is_read()
    {
        var input = VideoInput.Parse("ref.yuv:1920x1080:422:10:50");
        Assert.Equal("ref.yuv", input.Path);
        Assert.Equal(new RawVideoFormat(1920, 1080, ChromaSubsampling.Yuv422, 10, 50), input.Raw);
        Assert.Equal(new RawVideoFormat(64, 32, ChromaSubsampling.Yuv420, 8, 0), VideoInput.Parse("a.yuv:64x32").Raw);
    }

    [Fact]
    public void A_path_that_exists_with_a_colon_is_taken_whole()
    {
        string odd = _clips.PathOf("clip:64x32");
        File.WriteAllText(odd, "");
        Assert.Equal(odd, VideoInput.Parse(odd).Path);
    }

    [Fact]
    public void A_bad_bit_depth_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => VideoInput.Parse("a.yuv:64x32:420:9"));
        Assert.Contains("'a.yuv:64x32:420:9'", e.Message);
    }

    [Fact]
    public async Task A_raw_reference_scores_against_an_encoded_distorted_clip()
    {
        string source = ScoringFixture.Source();
        string raw = _clips.Ffmpeg(source, "ref.yuv", "-f", "rawvideo", "-pix_fmt", "yuv420p");
        string encoded = _clips.Ffmpeg(source, "enc.mp4", "-c:v", "libx264", "-crf", "30");

        using var scorer = VmafScorer.Create(ScoringFixture.Options());
        var result = await scorer.ScoreAsync(VideoInput.Parse(raw + ":384x216:420:8:24"), new VideoInput(encoded), null, TestContext.Current.CancellationToken);

        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(source, _clips.Ffmpeg(encoded, "enc.y4m")), result.Table);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task When_inputs_probed_and_opened_at_once_fail_the_reference_is_named_first(bool badReference, bool badDistorted)
    {
        string source = ScoringFixture.Source();
        string good = _clips.Ffmpeg(source, "good.mp4", "-c:v", "libx264", "-crf", "30");
        string junk = _clips.PathOf("junk.mp4");
        File.WriteAllBytes(junk, new byte[4096]);
        string reference = badReference ? junk : good;
        string distorted = badDistorted ? _clips.PathOf("junk2.mp4") : good;
        if (badDistorted)
        {
            File.WriteAllBytes(distorted, new byte[4096]);
        }

        using var scorer = VmafScorer.Create(ScoringFixture.Options());
        var e = await Assert.ThrowsAsync<VideoInputException>(() => scorer.ScoreAsync(new VideoInput(reference), new VideoInput(distorted), null, TestContext.Current.CancellationToken));
        Assert.Equal(badReference ? reference : distorted, e.Path);
    }

    [Fact]
    public async Task A_different_frame_rate_is_refused_with_the_command_that_would_convert_it()
    {
        string source = ScoringFixture.Source();
        string fast = _clips.Ffmpeg(source, "fast.mp4", "-r", "50", "-c:v", "libx264", "-crf", "30");
        using var scorer = VmafScorer.Create(ScoringFixture.Options());

        var e = await Assert.ThrowsAsync<VideoInputException>(() => scorer.ScoreAsync(new VideoInput(source), new VideoInput(fast), null, TestContext.Current.CancellationToken));
        Assert.Contains("fast.mp4: frame rate 50 differs from the reference's 24", e.Message);
        Assert.Contains($"ffmpeg -i {fast} -vf fps=24 ", e.Message);
    }

    [Fact]
    public async Task A_different_frame_rate_is_converted_as_ffmpegs_fps_filter_does()
    {
        string source = ScoringFixture.Source();
        string fast = _clips.Ffmpeg(source, "fast.y4m", "-vf", "fps=50");
        string back = _clips.Ffmpeg(fast, "back.y4m", "-vf", "fps=24");

        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { ConvertFrameRate = true });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(fast), null, TestContext.Current.CancellationToken);

        ScoringFixture.AssertSameFrames(ScoringFixture.Extract(source, back), result.Table);
        Assert.Contains("distorted converted from 50 to 24 fps (ffmpeg fps filter)", result.Preparation);
    }

    [Fact]
    public void An_unknown_codec_is_refused_when_the_scorer_is_made()
    {
        var e = Assert.Throws<ArgumentException>(() => VmafScorer.Create(ScoringFixture.Options() with { Codec = "mpeg2" }));
        Assert.Contains("--codec 'mpeg2' is not in codec vocabulary v1", e.Message);
    }

    [Fact]
    public void An_unknown_vmaf_model_names_the_built_in_ones()
    {
        var e = Assert.Throws<Model.Teacher.VmafModelException>(() => VmafScorer.Create(ScoringFixture.Options() with { VmafModel = "vmaf_v9" }));
        Assert.Contains("vmaf_v9", e.Message);
        Assert.Contains("built-in models are: ", e.Message);
        Assert.Contains("vmaf_v0.6.1,", e.Message);
    }

    [Fact]
    public async Task The_log_carries_vmaf_beside_the_models_score_and_says_what_was_done()
    {
        string source = ScoringFixture.Source();
        string half = _clips.Ffmpeg(source, "half.y4m", "-vf", "scale=192:108");
        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { Subsample = 3 });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(half), null, TestContext.Current.CancellationToken);

        string path = _clips.PathOf("log.json");
        result.WriteLogFile(path, Features.Logs.LogFormat.Json);
        var log = Features.Logs.LibvmafLog.Read(path);
        Assert.Equal([0, 3, 6, 9], result.Frames.Select(f => f.FrameNumber));
        Assert.Equal(result.Vmaf, Features.Logs.Pooling.Mean(log.Frames.Column("vmaf")), 12);
        Assert.Equal(result.Mos, Features.Logs.Pooling.Mean(log.Frames.Column(result.ModelId)), 5);
        string text = File.ReadAllText(path);
        Assert.Contains("\"vmaf_model\": \"vmaf_v0.6.1\"", text);
        Assert.Contains("distorted scaled from 192x108 to 384x216", text);
        Assert.Contains("\"vmaf_mean\"", text);

        string csv = _clips.PathOf("log.csv");
        result.WriteLogFile(csv, Features.Logs.LogFormat.Csv);
        Assert.Equal(["0", "3", "6", "9"], File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("vmaf_v0.6.1neg")]
    [InlineData("vmaf_4k_v0.6.1")]
    [InlineData("vmaf_b_v0.6.3")]
    public async Task Another_zoo_model_gives_the_vmaf_beside_the_mos_as_upstream_libvmaf_does(string model)
    {
        string source = ScoringFixture.Source();
        using var scorer = VmafScorer.Create(ScoringFixture.Options() with { VmafModel = model });
        var result = await scorer.ScoreAsync(new VideoInput(source), new VideoInput(SharedData.GoldenClip("hubble__x264")), null, TestContext.Current.CancellationToken);

        var upstream = Features.Logs.LibvmafLog.Read(Path.Combine(SharedData.Golden, "models", model, "hubble__x264.json")).Frames.Column("vmaf");
        Assert.Equal(upstream.Length, result.Frames.Count);
        for (int i = 0; i < upstream.Length; i++)
        {
            Assert.True(Math.Abs(upstream[i] - result.Frames[i].Vmaf) < 1e-3, $"frame {i}: upstream {upstream[i]}, ours {result.Frames[i].Vmaf}");
        }

        Assert.Equal(model, Path.GetFileNameWithoutExtension(result.VmafModel));
    }
}
