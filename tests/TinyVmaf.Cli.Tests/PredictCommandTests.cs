using System.Text.Json;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

public sealed class PredictCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Interop(string file) => Path.Combine(SharedData.Require(), "interop", "lusoris-fr-regressor", file);

    [Fact]
    public void The_forks_v1_model_scores_every_frame_of_a_golden_log_close_to_its_vmaf()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("scores.json");
        string model = ForkModels.RegisteredV1(Directory.CreateDirectory(_cli.PathOf("fork")).FullName);
        var (exit, _, stderr) = _cli.Run("predict", "-m", model, "--log", SharedData.GoldenLog("hubble__x265"), "-o", output);

        Assert.True(exit == 0, stderr);
        using var scores = JsonDocument.Parse(File.ReadAllText(output));
        using var golden = JsonDocument.Parse(File.ReadAllText(SharedData.GoldenLog("hubble__x265")));
        var frames = scores.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        var goldenFrames = golden.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(goldenFrames.Length, frames.Length);
        Assert.NotEmpty(frames);
        GoldenComparisons.Record(frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            double predicted = frames[i].GetProperty("metrics").GetProperty("fr_regressor_v1").GetDouble();
            double vmaf = goldenFrames[i].GetProperty("metrics").GetProperty("vmaf").GetDouble();
            Assert.InRange(predicted, vmaf - 5, vmaf + 5);
        }

        Assert.Equal("fr_regressor_v1", scores.RootElement.GetProperty("model").GetString());
        Assert.True(scores.RootElement.GetProperty("pooled_metrics").TryGetProperty("fr_regressor_v1", out _));
    }

    [Fact]
    public void A_model_whose_codec_vocabulary_differs_is_refused_with_the_reason()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("scores.json");
        var (exit, _, stderr) = _cli.Run("predict", "-m", Interop("fr_regressor_v2.onnx"), "--log", SharedData.GoldenLog("coffee__x264"), "-o", output);

        Assert.Equal(1, exit);
        Assert.Contains("codec vocabulary", stderr);
        Assert.Empty(_cli.Files());
    }

    [Fact]
    public void A_log_without_the_models_features_names_what_is_missing()
    {
        SharedData.RequireOrSkip();
        string log = _cli.PathOf("psnr_only.json");
        File.WriteAllText(log, """{"version":"3.0.0","frames":[{"frameNum":0,"metrics":{"psnr_y":40.0}}]}""");
        string model = ForkModels.RegisteredV1(Directory.CreateDirectory(_cli.PathOf("fork")).FullName);
        var (exit, _, stderr) = _cli.Run("predict", "-m", model, "--log", log);

        Assert.Equal(1, exit);
        Assert.Contains("psnr_only.json lacks feature(s) the model fr_regressor_v1 needs: adm2, vif_scale0", stderr);
    }

    [Fact]
    public void A_shipped_models_id_is_resolved()
    {
        SharedData.RequireOrSkip();
        var (exit, _, stderr) = _cli.Run("predict", "-m", "fr_regressor_v1", "--log", SharedData.GoldenLog("hubble__x265"), "-o", _cli.PathOf("s.json"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("fr_regressor_v1: mean", stderr);
    }

    [Fact]
    public void A_codec_outside_the_vocabulary_is_refused_as_score_refuses_it()
    {
        SharedData.RequireOrSkip();
        var (exit, _, stderr) = _cli.Run("predict", "-m", "fr_regressor_v1", "--log", SharedData.GoldenLog("hubble__x265"), "--codec", "mpeg2", "-o", _cli.PathOf("s.json"));

        Assert.Equal(1, exit);
        Assert.Contains("--codec 'mpeg2' is not in codec vocabulary v1", stderr);
        Assert.Empty(_cli.Files());
    }

    [Fact]
    public void A_log_with_invalid_utf8_is_refused_in_one_line_naming_the_file_and_nothing_is_written()
    {
        // The first hole, found from outside: predict died with an unhandled InvalidOperationException.
        string log = _cli.PathOf("bad.json");
        File.WriteAllBytes(log, [.. "{\"frames\":[{\"frameNum\":0,\"metrics\":{\"adm"u8, 0xE7, .. "2\":0.9}}]}"u8]);
        string output = _cli.PathOf("scores.json");
        var (exit, _, stderr) = _cli.Run("predict", "--log", log, "--codec", "x264", "-o", output);

        Assert.Equal(1, exit);
        Assert.StartsWith($"tinyvmaf: error: {log}: ", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void An_unregistered_model_runs_on_its_sidecar_pin_and_the_cli_says_it_is_unregistered()
    {
        SharedData.RequireOrSkip();
        string model = Path.Combine(SharedData.RepositoryRoot, "models", "fr_regressor_v2_codec_aware.onnx");
        var (exit, _, stderr) = _cli.Run("predict", "-m", model, "--log", SharedData.GoldenLog("coffee__x264"), "--codec", "x264", "-o", _cli.PathOf("s.json"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("tinyvmaf: notice: model 'fr_regressor_v2_codec_aware'", stderr);
        Assert.Contains("is unregistered", stderr);
    }

    [Fact]
    public void A_registered_model_runs_without_the_notice_and_a_swapped_external_data_file_is_refused()
    {
        SharedData.RequireOrSkip();
        string model = ForkModels.RegisteredV1(Directory.CreateDirectory(_cli.PathOf("fork")).FullName);
        var (exit, _, stderr) = _cli.Run("predict", "-m", model, "--log", SharedData.GoldenLog("coffee__x264"), "-o", _cli.PathOf("ok.json"));
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("unregistered", stderr);

        byte[] data = File.ReadAllBytes(model + ".data");
        data[100] ^= 0x01;
        File.WriteAllBytes(model + ".data", data);
        string output = _cli.PathOf("swapped.json");
        (exit, _, stderr) = _cli.Run("predict", "-m", model, "--log", SharedData.GoldenLog("coffee__x264"), "-o", output);

        Assert.Equal(1, exit);
        Assert.Contains("fr_regressor_v1.onnx.data: sha256", stderr);
        Assert.Contains("does not match the pin", stderr);
        Assert.False(File.Exists(output));
    }
}
