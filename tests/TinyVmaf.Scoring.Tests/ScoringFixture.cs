using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Scoring.Tests;

/// <summary>
/// A temporary folder, clips made from the golden <c>hubble</c> source by ffmpeg, and the independent answer: our
/// extraction pipeline (held equal to libvmaf by the golden parity tests) run on clips that ffmpeg itself prepared.
/// </summary>
public sealed class ScoringFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("tinyvmaf-scoring-").FullName;

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>The models the tool ships (the repository's <c>models/</c>).</summary>
    public static string ModelsFolder => Path.Combine(SharedData.RepositoryRoot, "models");

    public static ScoringOptions Options(int threads = 2) => new() { ModelsFolder = ModelsFolder, Threads = threads };

    /// <summary>The golden source (384x216, 10 frames, 8-bit 4:2:0), skipping the test when ../shared or ffmpeg is absent.</summary>
    public static string Source()
    {
        SharedData.RequireOrSkip();
        TestClips.RequireFfmpeg();
        return SharedData.GoldenClip("hubble");
    }

    /// <summary>ffmpeg <c>-i input [options] output</c>.</summary>
    public string Ffmpeg(string input, string output, params string[] options) => TestClips.Convert(input, PathOf(output), options);

    /// <summary>Features, <c>vmaf</c> (v0.6.1) and nothing else, extracted from two clips read as they are.</summary>
    public static FeatureTable Extract(string reference, string distorted)
    {
        var vmaf = VmafModel.Load(Path.Combine(ModelsFolder, "vmaf_v0.6.1.json"));
        using var r = VideoSource.Open(reference);
        using var d = VideoSource.Open(distorted);
        var table = FeaturePipeline.Run(r, d, new ExtractionOptions { Features = FeatureNames.Canonical6, Threads = 1 });
        table.SetColumn("vmaf", vmaf.PredictFrames(key => table.Column(key)));
        return table;
    }

    /// <summary>Asserts that every key of <paramref name="expected"/> has the same per-frame values in <paramref name="actual"/>.</summary>
    public static void AssertSameFrames(FeatureTable expected, FeatureTable actual, double tolerance = 0)
    {
        Assert.Equal(expected.FrameCount, actual.FrameCount);
        foreach (string key in expected.Keys)
        {
            var e = expected.Column(key);
            var a = actual.Column(key);
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"{key} frame {i}: expected {e[i]}, got {a[i]}");
            }
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
