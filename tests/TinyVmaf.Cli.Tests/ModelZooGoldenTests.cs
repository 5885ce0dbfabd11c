using System.Collections.Concurrent;
using System.Diagnostics;
using TinyVmaf.Features.Logs;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// The model-zoo issue's acceptance check: every (model, golden pair) log of upstream libvmaf 3.2 in
/// <c>../shared/golden/models</c> and <c>../shared/golden_v1/models</c> reproduced with
/// <c>extract -r REF -d DIS --vmaf-model path=FILE[:enable_transform]</c> (in-process) and compared key by key,
/// frame by frame: every key upstream writes must be present, scores within 1e-3, CAMBI and SpEED within 1e-3,
/// motion within 1e-4, every other feature within 1e-5. <c>rocket422</c> pairs are read as raw 4:2:2, as
/// upstream read them. Each case prints how many values it compared and the largest difference per key family.
/// </summary>
public sealed class ModelZooGoldenTests(ITestOutputHelper output, ModelZooGoldenTests.Clips clips) : IDisposable, IClassFixture<ModelZooGoldenTests.Clips>
{
    private readonly CliHarness _cli = new();

    public static readonly string[] Labels =
    [
        "vmaf_v0.6.1", "vmaf_v0.6.1_phone", "vmaf_v0.6.1neg", "vmaf_4k_v0.6.1", "vmaf_4k_v0.6.1neg", "vmaf_b_v0.6.3",
        "vmaf_float_v0.6.1",
        "vmaf_v1.0.16_3d0h", "vmaf_v1.0.16_1d5h_2160", "vmaf_v1.0.16_3d0h_2160", "vmaf_v1.0.16_5d0h",
        "vmaf_v1.0.16_hfr_3d0h", "vmaf_v1.0.16_hfr_1d5h_2160", "vmaf_v1.0.16_hfr_3d0h_2160", "vmaf_v1.0.16_hfr_5d0h",
    ];

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string set in new[] { "golden", "golden_v1" })
        {
            foreach (string label in Labels)
            {
                data.Add(set, label);
            }
        }

        return data;
    }

    /// <summary>The tolerance and family of a key upstream writes.</summary>
    public static (string Family, double Tolerance) Classify(string key) => key switch
    {
        _ when key == "vmaf" || key.StartsWith("vmaf_", StringComparison.Ordinal) => ("score", 1e-3),
        _ when key.StartsWith("cambi", StringComparison.Ordinal) => ("cambi", 1e-3),
        _ when key.StartsWith("speed_chroma", StringComparison.Ordinal) => ("speed_chroma", 1e-3),
        _ when key.Contains("motion", StringComparison.Ordinal) => ("motion", 1e-4),
        _ when key.Contains("adm", StringComparison.Ordinal) || key.Contains("aim", StringComparison.Ordinal) => ("adm", 1e-5),
        _ when key.Contains("vif", StringComparison.Ordinal) => ("vif", 1e-5),
        _ => (key, 1e-5),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Extract_with_the_model_reproduces_upstreams_log(string set, string label)
    {
        SharedData.RequireOrSkip();
        string logs = Path.Combine(SharedData.Require(), set, "models", label);
        Assert.SkipUnless(Directory.Exists(logs), $"{set} has no logs for {label} (upstream was not run with it there)");
        if (set == "golden_v1")
        {
            TestClips.RequireFfmpeg();
        }

        string spec = SpecOf(label);
        var worst = new SortedDictionary<string, double>(StringComparer.Ordinal);
        int pairs = 0, frames = 0, values = 0;
        var failures = new List<string>();
        foreach (string log in Directory.EnumerateFiles(logs, "*.json").Order(StringComparer.Ordinal))
        {
            string pair = Path.GetFileNameWithoutExtension(log);
            string ours = _cli.PathOf(pair + ".json");
            var (exit, _, stderr) = _cli.Run(["extract", .. Inputs(set, pair), "--vmaf-model", spec, "--output", ours]);
            Assert.True(exit == 0, $"{pair}: {stderr}");

            var golden = LibvmafLog.Read(log).Frames;
            var mine = LibvmafLog.Read(ours).Frames;
            Assert.Equal(golden.FrameCount, mine.FrameCount);
            Assert.Equal(golden.Keys.Order(StringComparer.Ordinal), mine.Keys.Order(StringComparer.Ordinal));
            foreach (string key in golden.Keys)
            {
                var (family, tolerance) = Classify(key);
                for (int f = 0; f < golden.FrameCount; f++)
                {
                    double delta = Math.Abs(golden[f, key] - mine[f, key]);
                    worst[family] = Math.Max(worst.GetValueOrDefault(family), double.IsNaN(delta) ? double.PositiveInfinity : delta);
                    if (!(delta <= tolerance) && failures.Count < 20)
                    {
                        failures.Add($"{pair} frame {f} {key}: libvmaf {golden[f, key]:R}, ours {mine[f, key]:R}");
                    }

                    values++;
                }
            }

            pairs++;
            frames += golden.FrameCount;
        }

        output.WriteLine($"{set}/{label}: {pairs} pairs, {frames} frames, {values} values compared; max |Δ| " +
                         string.Join(", ", worst.Select(w => $"{w.Key} {w.Value:E2}")));
        GoldenComparisons.Record(values);
        Assert.True(values > 0, "nothing was compared");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The <c>--vmaf-model</c> upstream was run with for <paramref name="label"/> (golden/models/README.md).</summary>
    public static string SpecOf(string label)
    {
        string models = Path.Combine(SharedData.Require(), "models");
        return label switch
        {
            "vmaf_v0.6.1_phone" => $"path={Path.Combine(models, "vmaf_v0.6.1.json")}:enable_transform",
            _ when label.StartsWith("vmaf_v1.0.16_hfr", StringComparison.Ordinal) => $"path={Path.Combine(models, "vmaf_v1.0.16_hfr", label + ".json")}",
            _ when label.StartsWith("vmaf_v1.0.16", StringComparison.Ordinal) => $"path={Path.Combine(models, "vmaf_v1.0.16", label + ".json")}",
            _ => $"path={Path.Combine(models, label + ".json")}",
        };
    }

    /// <summary>
    /// The reference and distorted arguments of a pair: the golden y4m clips, raw 4:2:2 for <c>rocket422</c> (as
    /// upstream, whose y4m reader refuses 8-bit 4:2:2, read them), or the golden_v1 FFV1 clips decoded to y4m.
    /// </summary>
    private string[] Inputs(string set, string pair)
    {
        string source = SharedData.SourceOf(pair);
        if (set == "golden_v1")
        {
            return ["--reference", clips.DecodeV1(source), "--distorted", clips.DecodeV1(pair)];
        }

        if (source == "rocket422")
        {
            return ["--reference", clips.RawOf(source), "--distorted", clips.RawOf(pair), "--width", "384", "--height", "216", "--pixel-format", "422", "--bitdepth", "8"];
        }

        return ["--reference", SharedData.GoldenClip(source), "--distorted", SharedData.GoldenClip(pair)];
    }

    /// <summary>The decoded golden_v1 clips and raw copies of the 4:2:2 golden clips, made once per run and deleted after it.</summary>
    public sealed class Clips : IDisposable
    {
        // Lazy: GetOrAdd may run its factory on two threads at once, and two writers of one file collide.
        private readonly ConcurrentDictionary<string, Lazy<string>> _decoded = new(StringComparer.Ordinal);
        private readonly string _folder = Directory.CreateTempSubdirectory("tinyvmaf-zoo-clips-").FullName;

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        public string DecodeV1(string clip) => _decoded.GetOrAdd("v1/" + clip, _ => new Lazy<string>(() =>
        {
            string mkv = Path.Combine(SharedData.Require(), "golden_v1", "clips", clip + ".mkv");
            string y4m = Path.Combine(_folder, clip + ".y4m");
            using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", mkv, "-map", "0:v:0", "-strict", "-1", y4m])
            {
                RedirectStandardError = true,
            })!;
            string errors = ffmpeg.StandardError.ReadToEnd();
            ffmpeg.WaitForExit();
            Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not decode {mkv}: {errors}");
            return y4m;
        })).Value;

        /// <summary>The samples of a golden y4m as raw planar YUV (frame headers dropped).</summary>
        public string RawOf(string clip) => _decoded.GetOrAdd("raw/" + clip, _ => new Lazy<string>(() =>
        {
            byte[] y4m = File.ReadAllBytes(SharedData.GoldenClip(clip));
            string raw = Path.Combine(_folder, clip + ".yuv");
            const int frameBytes = (384 * 216) + (2 * 192 * 216);
            using var output = File.Create(raw);
            int at = Array.IndexOf(y4m, (byte)'\n') + 1;
            while (at < y4m.Length)
            {
                at = Array.IndexOf(y4m, (byte)'\n', at) + 1;
                output.Write(y4m, at, frameBytes);
                at += frameBytes;
            }

            return raw;
        })).Value;
    }
}
