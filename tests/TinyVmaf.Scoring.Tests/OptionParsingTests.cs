namespace TinyVmaf.Scoring.Tests;

public sealed class OptionParsingTests
{
    [Theory]
    [InlineData(24.0, "fps=24")]
    [InlineData(25.0, "fps=25")]
    [InlineData(30000.0 / 1001, "fps=30000/1001")]
    [InlineData(24000.0 / 1001, "fps=24000/1001")]
    [InlineData(60000.0 / 1001, "fps=60000/1001")]
    [InlineData(12.5, "fps=12.5")]
    public void Frame_rates_are_written_for_ffmpegs_fps_filter_exactly(double rate, string filter) =>
        Assert.Equal(filter, FrameRates.Filter(rate));

    [Theory]
    [InlineData(25, 25.001, false)]
    [InlineData(30, 30000.0 / 1001, true)]
    [InlineData(0, 30, false)]
    public void Frame_rates_differ_only_beyond_rounding_and_when_both_are_known(double a, double b, bool differ) =>
        Assert.Equal(differ, FrameRates.Differ(a, b));

    [Fact]
    public void A_crop_is_placed_centred_unless_told()
    {
        Assert.Equal((0, 28), CropRect.Parse("384:160").Place(384, 216, "x"));
        Assert.Equal((8, 4), CropRect.Parse("100:50:8:4").Place(384, 216, "x"));
    }

    [Theory]
    [InlineData("100")]
    [InlineData("100:50:3")]
    [InlineData("0:50")]
    [InlineData("a:b")]
    public void A_malformed_crop_is_refused_naming_the_form(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => CropRect.Parse(text));
        Assert.Contains("is not W:H or W:H:X:Y", e.Message);
    }

    [Fact]
    public void Options_out_of_range_are_refused_when_the_scorer_is_made()
    {
        Assert.Contains("--frames", Assert.Throws<ArgumentException>(() => VmafScorer.Create(ScoringFixture.Options() with { Frames = 0 })).Message);
        Assert.Contains("--subsample", Assert.Throws<ArgumentException>(() => VmafScorer.Create(ScoringFixture.Options() with { Subsample = 0 })).Message);
        Assert.Contains("--sync", Assert.Throws<ArgumentException>(() => VmafScorer.Create(ScoringFixture.Options() with { SyncWindow = -1 })).Message);
    }
}
