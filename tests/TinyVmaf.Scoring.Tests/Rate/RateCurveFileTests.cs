using TinyVmaf.Scoring.Rate;

namespace TinyVmaf.Scoring.Tests.Rate;

public sealed class RateCurveFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tinyvmaf-rate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_csv_with_the_metrics_column_is_read_in_any_row_order()
    {
        string path = Write("ladder.csv", "bitrate_kbps,vmaf,mos\n1000,80.5,70\n500,70.25,60\n\n2000,90,80\n");

        var curve = RateCurveFile.Read(path, "vmaf");

        Assert.Equal(path, curve.Source);
        Assert.Equal("ladder", curve.Label);
        Assert.Equal([new(1000, 80.5), new(500, 70.25), new(2000, 90)], curve.Points);
        Assert.Equal([70.0, 60, 80], RateCurveFile.Read(path, "mos").Points.Select(p => p.Score));
    }

    [Fact]
    public void A_score_column_serves_any_metric()
    {
        string path = Write("plain.csv", "bitrate_kbps,score\n100,30\n200,33\n");

        Assert.Equal([30.0, 33], RateCurveFile.Read(path, "mos").Points.Select(p => p.Score));
    }

    [Fact]
    public void A_score_summary_in_ndjson_or_csv_is_read_with_its_codec_as_the_label()
    {
        // The columns a 'score' run writes for several encodes of one reference (quoted where a value has a comma).
        string ndjson = Write("x265.ndjson",
            """
            {"clip":"a.mp4","reference":"ref.y4m","codec":"x265","resolution":"1920x1080","bitrate_kbps":1500.5,"frames":48,"vmaf":88.1,"mos":71.2,"mos_ci95_low":null}
            {"clip":"b.mp4","reference":"ref.y4m","codec":"x265","resolution":"1280x720","bitrate_kbps":800,"frames":48,"vmaf":79.4,"mos":64.0,"mos_ci95_low":null}

            """);
        string csv = Write("x264.csv",
            "clip,reference,codec,resolution,bitrate_kbps,frames,vmaf,mos,mos_ci95_low\n"
            + "\"a,1.mp4\",ref.y4m,x264,1920x1080,1500.5,48,88.1,71.2,\n"
            + "b.mp4,ref.y4m,x264,1280x720,800,48,79.4,64,\n");

        var fromNdjson = RateCurveFile.Read(ndjson, "vmaf");
        var fromCsv = RateCurveFile.Read(csv, "mos");

        Assert.Equal("x265", fromNdjson.Label);
        Assert.Equal([new(1500.5, 88.1), new(800, 79.4)], fromNdjson.Points);
        Assert.Equal("x264", fromCsv.Label);
        Assert.Equal([new(1500.5, 71.2), new(800, 64)], fromCsv.Points);
    }

    [Theory]
    [InlineData("rate,vmaf\n100,30\n", "no 'bitrate_kbps' column (it has: rate, vmaf)")]
    [InlineData("bitrate_kbps,psnr\n100,30\n", "no 'vmaf' or 'score' column (it has: bitrate_kbps, psnr)")]
    [InlineData("bitrate_kbps,vmaf\n100,\n", "line 2: no vmaf")]
    [InlineData("bitrate_kbps,vmaf\n100,good\n", "line 2: vmaf 'good' is not a number")]
    [InlineData("bitrate_kbps,vmaf\n100,30,7\n", "line 2: 3 fields under a header of 2")]
    [InlineData("bitrate_kbps,vmaf\n\"100,30\n", "line 2: a quoted field is not closed")]
    [InlineData("bitrate_kbps,vmaf\n", "no rows")]
    [InlineData("", "no rows")]
    [InlineData("bitrate_kbps,vmaf,reference\n100,30,a.y4m\n200,33,b.y4m\n", "rows of 2 different references (a.y4m, b.y4m)")]
    [InlineData("bitrate_kbps,vmaf,codec\n100,30,x264\n200,33,x265\n", "rows of 2 different codecs (x264, x265)")]
    public void A_table_bdrate_cannot_use_is_refused_naming_the_file_and_the_problem(string text, string problem)
    {
        string path = Write("bad.csv", text);

        var error = Assert.Throws<RateCurveException>(() => RateCurveFile.Read(path, "vmaf"));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"bitrate_kbps\": 100, \"vmaf\": 30}\n[1, 2]\n", "line 2: not a JSON object")]
    [InlineData("{\"bitrate_kbps\": 100, \"vmaf\": 30}\n{\"bitrate_kbps\": 20\n", "line 2: not JSON")]
    [InlineData("{\"bitrate_kbps\": \"fast\", \"vmaf\": 30}\n", "line 1: bitrate_kbps 'fast' is not a number")]
    public void A_broken_ndjson_line_is_refused_naming_the_line(string text, string problem)
    {
        string path = Write("bad.ndjson", text);

        var error = Assert.Throws<RateCurveException>(() => RateCurveFile.Read(path, "vmaf"));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        string path = Path.Combine(_dir, "binary.csv");
        File.WriteAllBytes(path, [0x62, 0xff, 0xfe, 0x2c, 0x0a]);

        var error = Assert.Throws<RateCurveException>(() => RateCurveFile.Read(path, "vmaf"));

        Assert.StartsWith($"{path}: not UTF-8 text", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
