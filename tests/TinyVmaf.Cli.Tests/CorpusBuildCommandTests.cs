using TinyVmaf.Corpus;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

public sealed class CorpusBuildCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_second_build_computes_no_pair_and_describe_reports_the_ladder()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        string[] build = ["corpus", "build", "--sources", _cli.PathOf("src"), "--encoders", "x264", "--crf", "26,40", "--jobs", "2", "-o", _cli.PathOf("c.parquet")];

        var (exit, stdout, stderr) = _cli.Run(build);
        Assert.True(exit == 0, stderr);
        Assert.Contains("4 pairs (4 computed, 0 from the cache, 0 failed): 12 rows, 4 videos, 6 features", stdout);

        (exit, stdout, stderr) = _cli.Run(build);
        Assert.True(exit == 0, stderr);
        Assert.Contains("4 pairs (0 computed, 4 from the cache, 0 failed)", stdout);

        (exit, stdout, stderr) = _cli.Run("corpus", "describe", _cli.PathOf("c.parquet"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("sources   2: aa, bb", stdout);
        Assert.Contains("x264 (4 videos, 12 rows)", stdout);
        Assert.Contains("encoders  libx264", stdout);
        Assert.Contains("crf       26 .. 40", stdout);
    }

    [Fact]
    public void Shards_built_apart_and_merged_equal_the_single_build()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        string[] build = ["corpus", "build", "--sources", _cli.PathOf("src"), "--encoders", "x264", "--crf", "26,40", "--features", "vif_scale0,psnr_y"];

        Assert.Equal(0, _cli.Run([.. build, "-o", _cli.PathOf("whole.parquet")]).Exit);
        Assert.Equal(0, _cli.Run([.. build, "-o", _cli.PathOf("s0.parquet"), "--shard", "0/2"]).Exit);
        var (exit, stdout, stderr) = _cli.Run([.. build, "-o", _cli.PathOf("s1.parquet"), "--shard", "1/2"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 pairs (2 computed", stdout);

        (exit, stdout, stderr) = _cli.Run("corpus", "merge", _cli.PathOf("s0.parquet"), _cli.PathOf("s1.parquet"), "-o", _cli.PathOf("merged.parquet"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 corpora, 12 rows (4 videos)", stdout);

        var whole = CorpusTable.Read(_cli.PathOf("whole.parquet"));
        var merged = CorpusTable.Read(_cli.PathOf("merged.parquet"));
        Assert.Equal(whole.Units, merged.Units);
        Assert.Equal(whole.FrameIndices, merged.FrameIndices);
        Assert.Equal(whole.Crf, merged.Crf);
        Assert.Equal(whole.BitrateKbps, merged.BitrateKbps);
        Assert.Equal(whole.FeatureNames, merged.FeatureNames);
        foreach (string name in whole.FeatureNames)
        {
            Assert.Equal(whole.Feature(name).ToArray(), merged.Feature(name).ToArray());
        }

        Assert.Equal(whole.Metadata.OrderBy(kv => kv.Key), merged.Metadata.OrderBy(kv => kv.Key));

        // The file itself: a corpus's bytes depend only on its rows and notes, not on how it was put together.
        Assert.Equal(File.ReadAllBytes(_cli.PathOf("whole.parquet")), File.ReadAllBytes(_cli.PathOf("merged.parquet")));
    }

    [Fact]
    public void A_failed_pair_stops_the_build_naming_it_and_keep_going_writes_the_rest_and_a_failures_file()
    {
        TestClips.RequireFfmpeg();
        string[] raw = ["-f", "rawvideo"];
        TestClips.Make(_cli.PathOf("nflx/ref/Foo_24fps.yuv"), width: 64, height: 64, frames: 2, output: raw);
        TestClips.Make(_cli.PathOf("nflx/dis/Foo_20_288_375.yuv"), width: 64, height: 64, frames: 2, output: ["-vf", "scale=32:32,scale=64:64", .. raw]);
        TestClips.Make(_cli.PathOf("nflx/dis/Bar_20_288_375.yuv"), width: 64, height: 64, frames: 2, output: raw);
        string[] build = ["corpus", "netflix", "--root", _cli.PathOf("nflx"), "--width", "64", "--height", "64", "--features", "psnr_y", "-o", _cli.PathOf("n.parquet")];

        var (exit, _, stderr) = _cli.Run(build);
        Assert.Equal(1, exit);
        Assert.Contains("Bar_20_288_375: ", stderr);
        Assert.Contains("Bar_<fps>fps.yuv: file not found", stderr);
        Assert.False(File.Exists(_cli.PathOf("n.parquet")));

        (exit, var stdout, stderr) = _cli.Run([.. build, "--keep-going"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 pairs (1 computed, 0 from the cache, 1 failed): 2 rows", stdout);
        Assert.Contains(_cli.PathOf("n.failures.tsv"), stderr);
        Assert.Contains("Bar_20_288_375\t", File.ReadAllText(_cli.PathOf("n.failures.tsv")));
    }

    [Theory]
    [InlineData("--shard", "2/2", "--shard")]
    [InlineData("--crf", "60", "0..51")]
    [InlineData("--encoders", "mpeg2video", "libsvtav1")]
    [InlineData("--presets", "quick", "veryfast")]
    public void A_bad_build_option_is_a_clear_error(string option, string value, string expected)
    {
        TestClips.RequireFfmpeg();
        MakeSources();

        string[] encoders = option == "--encoders" ? [] : ["--encoders", "x264"];
        var (exit, _, stderr) = _cli.Run(["corpus", "build", "--sources", _cli.PathOf("src"), .. encoders, option, value, "-o", _cli.PathOf("c.parquet")]);

        Assert.Equal(1, exit);
        Assert.Contains(expected, stderr);
        Assert.False(File.Exists(_cli.PathOf("c.parquet")));
    }

    [Fact]
    public void A_dataset_takes_either_a_codec_name_or_the_sources_codec_not_both()
    {
        Directory.CreateDirectory(_cli.PathOf("k"));

        var (exit, _, stderr) = _cli.Run("corpus", "konvid", "--root", _cli.PathOf("k"), "--codec", "theora", "-o", _cli.PathOf("k.parquet"));
        Assert.Equal(1, exit);
        Assert.Contains("codec vocabulary", stderr);

        (exit, _, stderr) = _cli.Run("corpus", "konvid", "--root", _cli.PathOf("k"), "--codec", "x264", "--codec-from-source", "-o", _cli.PathOf("k.parquet"));
        Assert.Equal(1, exit);
        Assert.Contains("exclude each other", stderr);
    }

    private void MakeSources()
    {
        TestClips.Make(_cli.PathOf("src/aa.y4m"), "testsrc2", frames: 3);
        TestClips.Make(_cli.PathOf("src/bb.y4m"), "mandelbrot", frames: 3);
    }
}
