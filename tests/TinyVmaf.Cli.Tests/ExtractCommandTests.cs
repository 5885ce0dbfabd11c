using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_missing_reference_is_named_and_exits_non_zero()
    {
        string output = _cli.PathOf("out.json");
        var (exit, _, stderr) = _cli.Run("extract", "-r", _cli.PathOf("nope.y4m"), "-d", _cli.PathOf("nope2.y4m"), "-o", output);

        Assert.Equal(1, exit);
        Assert.Contains("nope.y4m: file not found", stderr);
        Assert.Empty(_cli.Files());
    }

    [Fact]
    public void Reference_and_distorted_of_different_sizes_are_refused_without_output()
    {
        string reference = _cli.WriteY4m("ref.y4m", 16, 8, frames: 2);
        string distorted = _cli.WriteY4m("dis.y4m", 32, 8, frames: 2);
        string output = _cli.PathOf("out.json");

        var (exit, _, stderr) = _cli.Run("extract", "-r", reference, "-d", distorted, "-o", output, "--features", "psnr_y");

        Assert.Equal(1, exit);
        Assert.Contains("dis.y4m: size 32x8 differs from the reference's 16x8", stderr);
        Assert.DoesNotContain("out.json", _cli.Files());
    }

    [Fact]
    public void A_truncated_distorted_clip_fails_and_leaves_no_output()
    {
        string reference = _cli.WriteY4m("ref.y4m", 16, 8, frames: 3);
        string distorted = _cli.WriteY4m("dis.y4m", 16, 8, frames: 3, cut: 20);
        string output = _cli.PathOf("out.json");

        var (exit, _, stderr) = _cli.Run("extract", "-r", reference, "-d", distorted, "-o", output, "--features", "psnr_y", "--threads", "2");

        Assert.NotEqual(0, exit);
        Assert.Contains("dis.y4m: truncated frame 2", stderr);
        Assert.Equal(["ref.y4m", "dis.y4m"], _cli.Files().Order().Reverse());
    }

    [Fact]
    public void An_unknown_feature_lists_the_valid_names()
    {
        string reference = _cli.WriteY4m("ref.y4m", 16, 8, frames: 1);
        var (exit, _, stderr) = _cli.Run("extract", "-r", reference, "-d", reference, "--features", "adm2,sharpness");

        Assert.Equal(1, exit);
        Assert.Contains("unknown feature name(s): sharpness", stderr);
        Assert.Contains("float_ms_ssim", stderr);
    }

    [Fact]
    public void Raw_yuv_needs_both_dimensions()
    {
        string raw = _cli.PathOf("clip.yuv");
        File.WriteAllBytes(raw, new byte[16 * 8 * 3 / 2]);
        var (exit, _, stderr) = _cli.Run("extract", "-r", raw, "-d", raw, "--width", "16");

        Assert.Equal(1, exit);
        Assert.Contains("--width and --height", stderr);
    }

    [Fact]
    public void Different_frame_rates_are_refused_naming_the_fix()
    {
        string reference = _cli.WriteY4m("ref.y4m", 64, 64, frames: 2, rate: "25:1");
        string distorted = _cli.WriteY4m("dis.y4m", 64, 64, frames: 2, rate: "50:1");
        var (exit, _, stderr) = _cli.Run("extract", "-r", reference, "-d", distorted, "-o", _cli.PathOf("f.json"));

        Assert.Equal(1, exit);
        Assert.Contains("dis.y4m: frame rate 50 differs from the reference's 25", stderr);
        Assert.Contains("-vf fps=25", stderr);
        Assert.DoesNotContain("f.json", _cli.Files());
    }

    [Fact]
    public void A_raw_reference_takes_its_format_after_its_path_and_a_y4m_distorted_clip_its_own()
    {
        SharedData.RequireOrSkip();
        TestClips.RequireFfmpeg();
        string raw = TestClips.Convert(SharedData.GoldenClip("coffee"), _cli.PathOf("ref.yuv"), "-f", "rawvideo");
        var (exit, _, stderr) = _cli.Run("extract", "-r", raw + ":384x216:420:8:24", "-d", SharedData.GoldenClip("coffee__x264"), "-o", _cli.PathOf("raw.json"));
        var (exit2, _, stderr2) = _cli.Run("extract", "-r", SharedData.GoldenClip("coffee"), "-d", SharedData.GoldenClip("coffee__x264"), "-o", _cli.PathOf("y4m.json"));

        Assert.True(exit == 0, stderr);
        Assert.True(exit2 == 0, stderr2);
        Assert.Equal(File.ReadAllText(_cli.PathOf("y4m.json")), File.ReadAllText(_cli.PathOf("raw.json")));
    }
}
