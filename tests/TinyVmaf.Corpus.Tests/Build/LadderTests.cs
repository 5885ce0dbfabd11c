using TinyVmaf.Corpus.Build;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class LadderTests
{
    [Fact]
    public void A_bare_crf_list_applies_to_every_encoder_and_an_encoder_entry_overrides_it()
    {
        var ladder = Ladder.Parse("x264,libsvtav1,vp9", ["30,20", "libsvtav1=40,50"], ["x264=fast,slow"]);

        Assert.Equal([LadderEncoder.X264, LadderEncoder.SvtAv1, LadderEncoder.Vp9], ladder.Encoders);
        Assert.Equal([20, 30], ladder.Crfs(LadderEncoder.X264));
        Assert.Equal([40, 50], ladder.Crfs(LadderEncoder.SvtAv1));
        Assert.Equal([20, 30], ladder.Crfs(LadderEncoder.Vp9));
        Assert.Equal(["fast", "slow"], ladder.Presets(LadderEncoder.X264));
        Assert.Equal(["8"], ladder.Presets(LadderEncoder.SvtAv1));
        Assert.Equal(2 * 2 + 2 + 2, ladder.Rungs().Count());
    }

    [Fact]
    public void Encoders_take_ffmpeg_names_or_codec_aliases()
    {
        Assert.Same(LadderEncoder.X264, LadderEncoder.Find("libx264"));
        Assert.Same(LadderEncoder.X264, LadderEncoder.Find("h264"));
        Assert.Same(LadderEncoder.X265, LadderEncoder.Find("HEVC"));
        Assert.Same(LadderEncoder.SvtAv1, LadderEncoder.Find("av1"));
        Assert.Same(LadderEncoder.Vp9, LadderEncoder.Find("libvpx-vp9"));
        Assert.Same(LadderEncoder.Vvenc, LadderEncoder.Find("vvc"));
        var error = Assert.Throws<ArgumentException>(() => LadderEncoder.Find("mpeg2video"));
        Assert.Contains("libvpx-vp9", error.Message);
    }

    [Theory]
    [InlineData("x264", "52", "0..51")]
    [InlineData("x265", "-1", "0..51")]
    [InlineData("libsvtav1", "64", "1..63")]
    [InlineData("libvpx-vp9", "64", "0..63")]
    [InlineData("libvvenc", "64", "0..63")]
    public void A_crf_outside_the_encoders_range_is_refused_naming_the_range(string encoder, string crf, string range)
    {
        var error = Assert.Throws<ArgumentException>(() => Ladder.Parse(encoder, [crf]));
        Assert.Contains(range, error.Message);
        Assert.StartsWith("--crf", error.Message);
    }

    [Fact]
    public void Svt_av1_crf_0_is_refused_because_ffmpeg_would_silently_encode_at_its_default()
    {
        Assert.Throws<ArgumentException>(() => Ladder.Parse("libsvtav1", ["0"]));
    }

    [Fact]
    public void Every_default_ladder_lies_in_its_encoders_range_and_its_default_preset_is_valid()
    {
        foreach (var encoder in LadderEncoder.All)
        {
            Assert.All(encoder.DefaultCrfs, crf => Assert.InRange(crf, encoder.CrfMin, encoder.CrfMax));
            Assert.Equal(encoder.DefaultPreset, encoder.CheckPreset(encoder.DefaultPreset));
            Assert.True(encoder.DefaultCrfs.Count >= 4, $"{encoder.Name}'s default ladder has {encoder.DefaultCrfs.Count} rungs");
        }
    }

    [Fact]
    public void A_preset_the_encoder_does_not_have_is_refused_naming_the_allowed_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Ladder.Parse("x264", presets: ["quick"]));
        Assert.Contains("veryfast", error.Message);
        error = Assert.Throws<ArgumentException>(() => Ladder.Parse("libsvtav1", presets: ["14"]));
        Assert.Contains("-1..13", error.Message);
    }

    [Fact]
    public void An_entry_for_an_encoder_not_in_the_ladder_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Ladder.Parse("x264", ["x265=30"]));
        Assert.Contains("libx265", error.Message);
    }

    [Fact]
    public void An_encoder_this_ffmpeg_lacks_is_reported_and_its_rungs_skipped()
    {
        var source = new LadderSource("clip", "clip", new VideoInput("clip.y4m"));
        var ladder = Ladder.Parse("x264,libvvenc", ["30,40"]);

        var plan = LadderPlanner.Plan([source], ladder, available: new HashSet<string> { "libx264" });

        Assert.Equal(["clip__x264_medium_30", "clip__x264_medium_40"], plan.Pairs.Select(p => p.Unit));
        Assert.All(plan.Pairs, p => Assert.Equal(("x264", "libx264"), (p.Codec, p.CodecRaw)));
        Assert.Contains(plan.Warnings, w => w.StartsWith("libvvenc", StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ladder_none_of_whose_encoders_this_ffmpeg_has_is_an_error()
    {
        var source = new LadderSource("clip", "clip", new VideoInput("clip.y4m"));
        var error = Assert.Throws<CorpusBuildException>(() => LadderPlanner.Plan([source], Ladder.Parse("libvvenc"), available: new HashSet<string>()));
        Assert.Contains("libvvenc", error.Message);
    }
}
