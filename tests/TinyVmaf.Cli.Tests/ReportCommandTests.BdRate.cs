using TinyVmaf.Cli.Reports;

namespace TinyVmaf.Cli.Tests;

/// <summary>report on a BD-rate comparison: from two tables, or from bdrate's JSON, the same page.</summary>
public sealed partial class ReportCommandTests
{
    [Fact]
    public void Two_rate_quality_tables_become_a_page_with_both_curves_and_the_deltas()
    {
        var (anchor, test) = BdrateCommandTests.WriteCurves(_cli);

        var (exit, stdout, stderr) = _cli.Run("report", "--anchor", anchor, "--test", test, "-o", _cli.PathOf("bd.html"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("BD-rate → ", stdout);
        string html = File.ReadAllText(_cli.PathOf("bd.html"));
        AssertSelfContained(html);
        Assert.Contains("BD-rate -24.96 %, BD-vmaf +3.583", html);
        var images = Images(html);
        Assert.Single(images);
        Assert.Equal((Charts.Width * Charts.Density, 420 * Charts.Density), PngSize(images[0]));
        Assert.Equal(["500", "62.3000"], Row(html, "anchor", "500"));
        Assert.Equal(["5500", "95.4000"], Row(html, "test", "5500"));
    }

    [Fact]
    public void A_bdrate_json_result_draws_the_same_page_as_its_tables()
    {
        var (anchor, test) = BdrateCommandTests.WriteCurves(_cli);
        string json = _cli.PathOf("bd.json");
        Assert.Equal(0, _cli.Run("bdrate", "--anchor", anchor, "--test", test, "--interp", "pchip", "--format", "json", "-o", json).Exit);

        var (exit, stdout, stderr) = _cli.Run("report", json);
        Assert.Equal(0, _cli.Run("report", "--anchor", anchor, "--test", test, "--interp", "pchip", "-o", _cli.PathOf("direct.html")).Exit);

        Assert.True(exit == 0, stderr);
        Assert.Contains("BD-rate → " + _cli.PathOf("bd.html"), stdout);
        string fromJson = File.ReadAllText(_cli.PathOf("bd.html"));
        Assert.Contains("BD-rate -25.03 %", fromJson);
        Assert.Contains("pchip", fromJson);
        Assert.Equal(File.ReadAllText(_cli.PathOf("direct.html")), fromJson);
    }

    [Theory]
    [InlineData("--anchor", "only")]
    [InlineData("--test", "only")]
    [InlineData("both", "with-input")]
    public void Report_needs_either_an_input_or_both_tables(string given, string mode)
    {
        var (anchor, test) = BdrateCommandTests.WriteCurves(_cli);
        string[] args = (given, mode) switch
        {
            ("--anchor", _) => ["report", "--anchor", anchor, "-o", _cli.PathOf("x.html")],
            ("--test", _) => ["report", "--test", test, "-o", _cli.PathOf("x.html")],
            _ => ["report", anchor, "--anchor", anchor, "--test", test, "-o", _cli.PathOf("x.html")],
        };

        var (exit, _, stderr) = _cli.Run(args);

        Assert.Equal(1, exit);
        Assert.StartsWith("tinyvmaf: error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("--anchor", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf("x.html")));
    }
}
