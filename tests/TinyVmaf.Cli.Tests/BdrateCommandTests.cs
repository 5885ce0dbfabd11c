using System.Text.Json;

namespace TinyVmaf.Cli.Tests;

/// <summary>bdrate from the command line: tables in, deltas out (text or JSON), and clear refusals.</summary>
public sealed class BdrateCommandTests : IDisposable
{
    // The 'vmaf_six_points' set of tests/TinyVmaf.Scoring.Tests/Rate/bd_reference.py, whose numpy/SciPy numbers follow.
    internal const string AnchorCsv = "bitrate_kbps,vmaf,mos\n500,62.3,40\n1000,74.8,52\n1800,83.1,61\n3000,88.9,68\n4500,92.4,73\n7000,95.1,77\n";
    internal const string TestNdjson =
        """
        {"clip":"e1.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":400,"vmaf":63.0,"mos":41}
        {"clip":"e2.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":800,"vmaf":75.9,"mos":53}
        {"clip":"e3.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":1400,"vmaf":83.7,"mos":62}
        {"clip":"e4.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":2400,"vmaf":89.6,"mos":69}
        {"clip":"e5.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":3600,"vmaf":92.8,"mos":74}
        {"clip":"e6.mp4","reference":"ref.y4m","codec":"x265","bitrate_kbps":5500,"vmaf":95.4,"mos":78}

        """;

    private const double NumpyCubicRate = -24.955944177437928, NumpyCubicScore = 3.582969021509271;
    private const double ScipyPchipRate = -25.03150298443193, ScipyPchipScore = 3.575623273333605;

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Text_output_gives_both_curves_and_both_deltas()
    {
        var (anchor, test) = WriteCurves();

        var (exit, stdout, stderr) = _cli.Run("bdrate", "--anchor", anchor, "--test", test);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"anchor: anchor ({anchor}): 6 points, 500..7000 kbps, vmaf 62.3..95.1", stdout);
        Assert.Contains($"test:   x265 ({test}): 6 points, 400..5500 kbps, vmaf 63..95.4", stdout);
        Assert.Contains("BD-rate: -24.96 %  (cubic, VCEG-M33; over vmaf 63..95.1: the test needs 24.96 % fewer bits for the same vmaf)", stdout);
        Assert.Contains("BD-vmaf: +3.583  (over 500..5500 kbps", stdout);
    }

    [Theory]
    [InlineData("cubic", NumpyCubicRate, NumpyCubicScore)]
    [InlineData("pchip", ScipyPchipRate, ScipyPchipScore)]
    public void Json_output_holds_the_deltas_of_the_independent_implementation_and_both_curves(string interp, double rate, double score)
    {
        var (anchor, test) = WriteCurves();
        string output = _cli.PathOf("bd.json");

        var (exit, stdout, stderr) = _cli.Run("bdrate", "--anchor", anchor, "--test", test, "--interp", interp, "--format", "json", "-o", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("→ " + output, stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal("vmaf", root.GetProperty("metric").GetString());
        Assert.Equal(interp, root.GetProperty("interpolation").GetString());
        Assert.InRange(root.GetProperty("bd_rate_percent").GetDouble(), rate - 1e-6, rate + 1e-6);
        Assert.InRange(root.GetProperty("bd_score").GetDouble(), score - 1e-6, score + 1e-6);
        Assert.Equal([63.0, 95.1], root.GetProperty("score_range").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([500.0, 5500], root.GetProperty("bitrate_range_kbps").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("x265", root.GetProperty("test").GetProperty("label").GetString());
        Assert.Equal([400.0, 800, 1400, 2400, 3600, 5500],
            root.GetProperty("test").GetProperty("points").EnumerateArray().Select(p => p.GetProperty("bitrate_kbps").GetDouble()));
        Assert.DoesNotContain(_cli.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void The_metric_chooses_the_column()
    {
        var (anchor, test) = WriteCurves();

        var (exit, stdout, stderr) = _cli.Run("bdrate", "--anchor", anchor, "--test", test, "--metric", "mos", "--interp", "pchip");

        Assert.True(exit == 0, stderr);
        Assert.Contains("mos 40..77", stdout);
        Assert.Contains("BD-mos: +", stdout);
    }

    [Theory]
    [InlineData("bitrate_kbps,psnr\n100,30\n200,33\n400,36\n800,38\n", "no 'vmaf' or 'score' column (it has: bitrate_kbps, psnr)")]
    [InlineData("bitrate_kbps,vmaf\n100,30\n200,33\n400,36\n", "3 points; the cubic (VCEG-M33) fit needs at least 4")]
    [InlineData("bitrate_kbps,vmaf\n100,30\n200,33\n200,36\n800,38\n", "bitrate 200 kbps appears twice")]
    [InlineData("bitrate_kbps,vmaf\n100,30\n200,36\n400,33\n800,38\n", "the score does not rise with the bitrate")]
    [InlineData("bitrate_kbps,vmaf\n100,10\n200,13\n400,16\n800,18\n", "the scores do not overlap")]
    public void A_curve_bdrate_cannot_use_fails_naming_the_file_and_writes_nothing(string anchorText, string problem)
    {
        string anchor = _cli.PathOf("bad.csv");
        File.WriteAllText(anchor, anchorText);
        var (_, test) = WriteCurves();
        string output = _cli.PathOf("bd.json");

        var (exit, stdout, stderr) = _cli.Run("bdrate", "--anchor", anchor, "--test", test, "--format", "json", "-o", output);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"tinyvmaf: error: {anchor}", stderr, StringComparison.Ordinal);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(_cli.Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_interpolation_is_refused_naming_the_choices()
    {
        var (anchor, test) = WriteCurves();

        var (exit, _, stderr) = _cli.Run("bdrate", "--anchor", anchor, "--test", test, "--interp", "akima");

        Assert.NotEqual(0, exit);
        Assert.Contains("cubic", stderr, StringComparison.Ordinal);
        Assert.Contains("pchip", stderr, StringComparison.Ordinal);
    }

    internal (string Anchor, string Test) WriteCurves() => WriteCurves(_cli);

    internal static (string Anchor, string Test) WriteCurves(CliHarness cli)
    {
        string anchor = cli.PathOf("anchor.csv"), test = cli.PathOf("x265.ndjson");
        File.WriteAllText(anchor, AnchorCsv);
        File.WriteAllText(test, TestNdjson);
        return (anchor, test);
    }

}
