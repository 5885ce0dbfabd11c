using TinyVmaf.Features.Logs;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary><c>extract --vmaf-model</c>: built-in names, several models at once, and what is refused.</summary>
public sealed class ExtractVmafModelTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Two_built_in_models_share_their_extractors_and_each_logs_under_its_own_name()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("two.json");
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip("hubble"), "--distorted", SharedData.GoldenClip("hubble__x265"),
            "--vmaf-model", "vmaf_v0.6.1", "--vmaf-model", "version=vmaf_b_v0.6.3:name=b", "--output", output);
        Assert.True(exit == 0, stderr);

        var ours = LibvmafLog.Read(output).Frames;
        var single = LibvmafLog.Read(Path.Combine(SharedData.Golden, "models", "vmaf_v0.6.1", "hubble__x265.json")).Frames;
        var bootstrap = LibvmafLog.Read(Path.Combine(SharedData.Golden, "models", "vmaf_b_v0.6.3", "hubble__x265.json")).Frames;

        // The bootstrap log's keys with its scores renamed from vmaf… to b…, plus the single model's vmaf.
        var expected = bootstrap.Keys.Select(k => k.StartsWith("vmaf", StringComparison.Ordinal) ? "b" + k[4..] : k).Append("vmaf");
        Assert.Equal(expected.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        for (int f = 0; f < ours.FrameCount; f++)
        {
            Assert.True(Math.Abs(single[f, "vmaf"] - ours[f, "vmaf"]) <= 1e-3, $"frame {f} vmaf");
            Assert.True(Math.Abs(bootstrap[f, "vmaf_bagging"] - ours[f, "b_bagging"]) <= 1e-3, $"frame {f} b_bagging");
            Assert.True(Math.Abs(bootstrap[f, "vmaf_0013"] - ours[f, "b_0013"]) <= 1e-3, $"frame {f} b_0013");
        }
    }

    [Fact]
    public void Without_a_model_extract_still_writes_the_canonical_features()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("canonical.json");
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip("coffee"), "--distorted", SharedData.GoldenClip("coffee__x264"), "--output", output);
        Assert.True(exit == 0, stderr);

        var keys = LibvmafLog.Read(output).Frames.Keys;
        Assert.Subset(keys.ToHashSet(), new HashSet<string> { "integer_adm2", "integer_vif_scale0", "integer_vif_scale3", "integer_motion2" });
        Assert.DoesNotContain("vmaf", keys);
        Assert.DoesNotContain("VMAF_integer_feature_motion_sad_score", keys);
    }

    [Theory]
    [InlineData("vmaf_v9", "no such built-in model")]
    [InlineData("path=/nonexistent/m.json", "no such model file")]
    [InlineData("version=vmaf_v0.6.1:frobnicate", "bad option 'frobnicate'")]
    [InlineData("version=vmaf_v0.6.1:motion.motion_max_val=-3", "motion_max_val")]
    public void A_model_that_cannot_be_used_is_refused_and_nothing_is_written(string spec, string reason)
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("refused.json");
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip("coffee"), "--distorted", SharedData.GoldenClip("coffee__x264"),
            "--vmaf-model", spec, "--output", output);

        Assert.NotEqual(0, exit);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Two_models_under_one_name_are_refused()
    {
        SharedData.RequireOrSkip();
        var (exit, _, stderr) = _cli.Run("extract",
            "--reference", SharedData.GoldenClip("coffee"), "--distorted", SharedData.GoldenClip("coffee__x264"),
            "--vmaf-model", "vmaf_v0.6.1", "--vmaf-model", "vmaf_v0.6.1neg", "--output", _cli.PathOf("x.json"));

        Assert.NotEqual(0, exit);
        Assert.Contains("different :name=", stderr, StringComparison.Ordinal);
    }
}
