using System.Text.Json;
using TinyVmaf.Features;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Onnx;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Sample(string name) => Path.Combine(SharedData.RepositoryRoot, "samples", name);

    private static string ShippedModel => Path.Combine(SharedData.RepositoryRoot, "models", "fr_regressor_v1.onnx");

    private static string DefaultModel => Path.Combine(SharedData.RepositoryRoot, "models", "fr_mos_v1.onnx");

    [Fact]
    public void The_sample_scores_with_the_default_model_and_its_codec_is_detected_from_the_stream()
    {
        TestClips.RequireFfmpeg();
        string output = _cli.PathOf("score.json");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", Sample("reference.mp4"), "-d", Sample("distorted_x265.mp4"), "-o", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("codec: x265 (detected: ffprobe codec_name 'hevc'", stdout);
        using var log = JsonDocument.Parse(File.ReadAllText(output));
        var root = log.RootElement;
        Assert.Equal("fr_mos_v1", root.GetProperty("model").GetString());
        Assert.Equal("x265", root.GetProperty("codec").GetString());
        var frames = root.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(72, frames.Length);

        // The model clamps its output to 0..100, so a range check could not fail. Instead: each frame's score is the
        // model run on the features logged beside it, and none sits on a clamp (this x265 encode scores 38..70).
        var logged = LibvmafLog.Read(output).Frames;
        using var model = RegressorModel.Load(DefaultModel);
        var expected = model.Predict(model.FeatureOrder.ToDictionary(name => name, name => logged.Column(FeatureNames.LibvmafKey(name)).ToArray())).Scores;
        var scores = frames.Select(f => f.GetProperty("metrics").GetProperty("fr_mos_v1").GetDouble()).ToArray();
        Assert.Equal(expected.Length, scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - scores[i]) <= 1e-4, $"frame {i}: the model on the logged features gives {expected[i]}, the log {scores[i]}");
            Assert.True(scores[i] > 0 && scores[i] < 100, $"frame {i}: {scores[i]} sits on the model's clamp");
        }

        Assert.True(scores.Max() - scores.Min() > 1, "every frame scores the same");
        Assert.True(root.GetProperty("aggregate_metrics").TryGetProperty("fr_mos_v1_mean", out _));
    }

    [Fact]
    public void Scores_on_a_golden_pair_equal_the_model_run_on_libvmafs_own_features()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("score.json");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", SharedData.GoldenClip("hubble"), "-d", SharedData.GoldenClip("hubble__libsvtav1"),
            "-m", ShippedModel, "-o", output);
        Assert.True(exit == 0, stderr);
        Assert.Contains("codec: unknown (raw video carries no codec", stdout);

        // The same model through ONNX Runtime on the features libvmaf itself logged for these frames.
        var golden = LibvmafLog.Read(SharedData.GoldenLog("hubble__libsvtav1")).Frames;
        using var model = RegressorModel.Load(ShippedModel);
        var columns = model.FeatureOrder.ToDictionary(name => name, name => golden.Column(FeatureNames.LibvmafKey(name)).ToArray());
        var expected = model.Predict(columns).Scores;
        var ours = LibvmafLog.Read(output).Frames.Column("fr_regressor_v1").ToArray();
        Assert.Equal(golden.FrameCount, ours.Length);
        Assert.Equal(expected.Length, ours.Length);
        GoldenComparisons.Record(ours.Length);
        for (int i = 0; i < ours.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - ours[i]) <= 1e-4, $"frame {i}: libvmaf features give {expected[i]}, ours {ours[i]}");
        }
    }

    [Fact]
    public void Different_frame_rates_are_refused()
    {
        string reference = _cli.WriteY4m("ref.y4m", 64, 64, frames: 2, rate: "25:1");
        string distorted = _cli.WriteY4m("dis.y4m", 64, 64, frames: 2, rate: "30:1");
        var (exit, _, stderr) = _cli.Run("score", "-r", reference, "-d", distorted, "-m", ShippedModel, "-o", _cli.PathOf("s.json"));

        Assert.Equal(1, exit);
        Assert.Contains("dis.y4m: frame rate 30 differs from the reference's 25", stderr);
        Assert.DoesNotContain("s.json", _cli.Files());
    }

    [Fact]
    public void A_codec_outside_the_vocabulary_is_refused_naming_the_valid_ones()
    {
        string clip = _cli.WriteY4m("ref.y4m", 64, 64, frames: 1);
        var (exit, _, stderr) = _cli.Run("score", "-r", clip, "-d", clip, "-m", ShippedModel, "--codec", "mpeg2");

        Assert.Equal(1, exit);
        Assert.Contains("--codec 'mpeg2' is not in codec vocabulary v1 (x264, x265, libsvtav1, libvvenc, libvpx-vp9, unknown)", stderr);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_shipped_ones()
    {
        string clip = _cli.WriteY4m("ref.y4m", 64, 64, frames: 1);
        var (exit, _, stderr) = _cli.Run("score", "-r", clip, "-d", clip, "-m", "fr_regressor_v9");

        Assert.Equal(1, exit);
        Assert.Contains("no model 'fr_regressor_v9'", stderr);
        Assert.Contains("fr_regressor_v1", stderr);
    }

    [Fact]
    public void Every_summary_line_carries_vmaf_beside_the_models_score()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("score.json");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", SharedData.GoldenClip("coffee"), "-d", SharedData.GoldenClip("coffee__x264"), "-o", output);

        Assert.True(exit == 0, stderr);
        // libvmaf's own pooled vmaf_v0.6.1 for this pair is 78.4746 (golden log).
        Assert.Contains("vmaf: 78.47 (vmaf_v0.6.1, mean of 10 frames)", stdout);
        var golden = LibvmafLog.Read(SharedData.GoldenLog("coffee__x264")).Frames.Column("vmaf").ToArray();
        var ours = LibvmafLog.Read(output).Frames.Column("vmaf").ToArray();
        Assert.Equal(golden.Length, ours.Length);
        GoldenComparisons.Record(golden.Length);
        Assert.All(golden.Zip(ours), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-3, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void Many_encodes_print_the_same_lines_as_single_runs_and_write_a_log_each_and_a_summary()
    {
        SharedData.RequireOrSkip();
        string reference = SharedData.GoldenClip("coffee");
        string[] clips = [SharedData.GoldenClip("coffee__x264"), SharedData.GoldenClip("coffee__x265"), SharedData.GoldenClip("coffee__scale")];
        string list = _cli.PathOf("clips.txt");
        File.Copy(clips[2], _cli.PathOf("beside.y4m"));
        File.WriteAllLines(list, ["# three encodes", clips[1], "", "beside.y4m"]);
        clips[2] = _cli.PathOf("beside.y4m");
        string summary = _cli.PathOf("summary.csv");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", reference, "-d", clips[0], "--distorted-list", list,
            "-m", ShippedModel, "--log-dir", _cli.PathOf("logs"), "--summary", summary);
        Assert.True(exit == 0, stderr);

        // Each clip's block: its header, then exactly the lines a single run prints, then where its log went.
        string[] blocks = stdout.Split("clip ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, blocks.Length);
        for (int i = 0; i < clips.Length; i++)
        {
            var (singleExit, single, singleErr) = _cli.Run("score", "-r", reference, "-d", clips[i], "-m", ShippedModel);
            Assert.True(singleExit == 0, singleErr);
            string log = Path.Combine(_cli.PathOf("logs"), Path.GetFileNameWithoutExtension(clips[i]) + ".json");
            Assert.Equal($"{i + 1}/3: {clips[i]}\n{single}log: {log}\n" + (i == 2 ? $"summary: {summary}\n" : ""), blocks[i]);
            Assert.True(File.Exists(log));
        }

        string[] rows = File.ReadAllLines(summary);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("clip,reference,codec,resolution,bitrate_kbps,frames,vmaf,mos,", rows[0]);
    }

    [Fact]
    public void Several_clips_and_one_output_file_are_refused()
    {
        string clip = _cli.WriteY4m("ref.y4m", 64, 64, frames: 1);
        var (exit, _, stderr) = _cli.Run("score", "-r", clip, "-d", clip, "-d", clip, "-m", ShippedModel, "-o", _cli.PathOf("s.json"));

        Assert.Equal(1, exit);
        Assert.Contains("--output names one log, but there are 2 distorted clips", stderr);
    }

    [Fact]
    public void A_csv_log_numbers_subsampled_frames_as_the_source_does()
    {
        SharedData.RequireOrSkip();
        string output = _cli.PathOf("score.csv");
        var (exit, _, stderr) = _cli.Run("score", "-r", SharedData.GoldenClip("coffee"), "-d", SharedData.GoldenClip("coffee__x264"),
            "-m", ShippedModel, "--subsample", "4", "-o", output);

        Assert.True(exit == 0, stderr);
        Assert.Equal(["0", "4", "8"], File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Per_input_raw_formats_let_a_raw_reference_score_against_a_y4m_clip()
    {
        SharedData.RequireOrSkip();
        TestClips.RequireFfmpeg();
        string raw = TestClips.Convert(SharedData.GoldenClip("coffee"), _cli.PathOf("ref.yuv"), "-f", "rawvideo");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", raw, "--ref-width", "384", "--ref-height", "216", "--ref-fps", "24",
            "-d", SharedData.GoldenClip("coffee__x264"), "-m", ShippedModel);
        var (exit2, stdout2, stderr2) = _cli.Run("score", "-r", raw + ":384x216:420:8:24", "-d", SharedData.GoldenClip("coffee__x264"), "-m", ShippedModel);

        Assert.True(exit == 0, stderr);
        Assert.True(exit2 == 0, stderr2);
        Assert.Contains("vmaf: 78.47 (vmaf_v0.6.1", stdout);
        Assert.Equal(stdout, stdout2);
    }

    [Fact]
    public void Sync_auto_prints_the_offset_it_found()
    {
        SharedData.RequireOrSkip();
        TestClips.RequireFfmpeg();
        string late = TestClips.Convert(SharedData.GoldenClip("coffee"), _cli.PathOf("late.y4m"), "-vf", @"select=gte(n\,3)", "-fps_mode", "passthrough");
        var (exit, stdout, stderr) = _cli.Run("score", "-r", SharedData.GoldenClip("coffee"), "-d", late, "-m", ShippedModel, "--sync", "auto:5");

        Assert.True(exit == 0, stderr);
        Assert.Contains("sync: offset +3 (distorted frame 0 is reference frame 3)", stdout);
        Assert.Contains("skipped: 3 reference and 0 distorted frames at the start (not measured)", stdout);
        Assert.Contains("(mean of 7 frames)", stdout);
    }
}
