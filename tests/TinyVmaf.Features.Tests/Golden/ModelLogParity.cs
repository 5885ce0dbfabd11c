using System.Globalization;
using System.Text;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Golden;

/// <summary>
/// Parity against upstream libvmaf 3.2's logs in <c>../shared/golden/models/&lt;label&gt;</c> (384x216 y4m pairs)
/// and <c>../shared/golden_v1/models/&lt;label&gt;</c> (1280x720 FFV1 pairs, decoded through ffmpeg). Runs a set of
/// extractor descriptors (each with its own options and key suffix) directly over every pair's frames, in order,
/// and measures the worst per-frame difference of every key the descriptors declare.
/// </summary>
internal static class ModelLogParity
{
    public sealed record Worst(string Key, double Delta, string Where, int FramesCompared);

    /// <summary>Which golden set: the small 384x216 one or the 1280x720 one made for VMAF v1.</summary>
    public enum GoldenSet
    {
        Small,
        V1,
    }

    public static string LabelFolder(GoldenSet set, string label) =>
        Path.Combine(SharedData.Require(), set == GoldenSet.Small ? "golden" : "golden_v1", "models", label);

    /// <summary>Skips unless the label's logs (and, for the v1 set, ffmpeg to decode its clips) are present.</summary>
    public static void RequireOrSkip(GoldenSet set, string label)
    {
        SharedData.RequireOrSkip();
        Assert.SkipUnless(Directory.Exists(LabelFolder(set, label)), $"needs {LabelFolder(set, label)}; it is absent");
        if (set == GoldenSet.V1)
        {
            TestClips.RequireFfmpeg();
        }
    }

    public static IReadOnlyList<string> Pairs(GoldenSet set, string label) =>
        Directory.EnumerateFiles(LabelFolder(set, label), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Opens a clip as upstream read it. Upstream's y4m reader refuses 8-bit 4:2:2, so its logs of those pairs
    /// come from raw copies of the samples, which our y4m reader would re-site (as the fork's did): such a
    /// clip is converted to raw YUV by ffmpeg once per test run and read as stored.
    /// </summary>
    public static IFrameSource Open(GoldenSet set, string clip)
    {
        if (set == GoldenSet.V1)
        {
            return new DecodedClip(clip, V1Clips.GetOrAdd(clip, name => new Lazy<Frame[]>(() => Decode(name))).Value);
        }

        var y4m = Y4mReader.Open(SharedData.GoldenClip(clip));
        if (!y4m.ResitesChroma)
        {
            return y4m;
        }

        var format = y4m.Format;
        y4m.Dispose();
        TestClips.RequireFfmpeg();
        // Lazy: GetOrAdd may run its factory on two threads at once, and two ffmpeg runs writing one file collide.
        string raw = RawCopies.GetOrAdd(clip, name => new Lazy<string>(() =>
        {
            string path = Path.Combine(Path.GetTempPath(), $"tinyvmaf-golden-{Environment.ProcessId}", name + ".yuv");
            return TestClips.Convert(SharedData.GoldenClip(name), path, "-f", "rawvideo", "-pix_fmt", "yuv422p");
        })).Value;
        return RawYuvReader.Open(raw, format);
    }

    // The 1280x720 FFV1 clips are decoded by ffmpeg once per test run (6 frames each, about 17 MB per clip
    // held as 16-bit samples) and shared by every test that reads them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Frame[]>> V1Clips = new();

    private static Frame[] Decode(string clip)
    {
        using var source = VideoSource.Open(Path.Combine(SharedData.Require(), "golden_v1", "clips", clip + ".mkv"));
        var frames = new List<Frame>();
        for (var frame = new Frame(source.Format); source.ReadFrame(frame); frame = new Frame(source.Format))
        {
            frames.Add(frame);
        }

        return frames.ToArray();
    }

    /// <summary>Frames already decoded, replayed into the caller's buffers.</summary>
    private sealed class DecodedClip(string clip, Frame[] frames) : IFrameSource
    {
        private int _next;

        public string Path => clip;

        public FrameFormat Format => frames[0].Format;

        public double FrameRate => 0;

        public bool ReadFrame(Frame frame)
        {
            if (_next == frames.Length)
            {
                return false;
            }

            var source = frames[_next++];
            for (int p = 0; p < frame.PlaneCount; p++)
            {
                source[p].Data.CopyTo(frame[p].Data, 0);
            }

            return true;
        }

        public void Dispose()
        {
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> RawCopies = CreateRawCopies();

    private static System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string>> CreateRawCopies()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"tinyvmaf-golden-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        };
        return new();
    }

    /// <summary>
    /// The worst |Δ| per declared key over <paramref name="pairs"/> (every logged pair when null), keys absent
    /// from a log counted as a failure (infinite Δ).
    /// </summary>
    public static IReadOnlyDictionary<string, Worst> Measure(
        GoldenSet set, string label, IReadOnlyList<ExtractorDescriptor> descriptors, KernelPath kernels,
        IReadOnlyList<string>? pairs = null) =>
        MeasureAgainst(set, LabelFolder(set, label), pairs ?? Pairs(set, label), descriptors, kernels);

    /// <summary>The logs in the project's own <c>TestData/upstream_options</c> (see its README): upstream on extractor options no model uses.</summary>
    public static string UpstreamOptionsFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "upstream_options");

    /// <summary>Like <see cref="Measure"/>, against the logs <c>&lt;pair&gt;.json</c> of <paramref name="logFolder"/>.</summary>
    public static IReadOnlyDictionary<string, Worst> MeasureAgainst(
        GoldenSet set, string logFolder, IReadOnlyList<string> pairs, IReadOnlyList<ExtractorDescriptor> descriptors, KernelPath kernels)
    {
        var keys = descriptors.SelectMany(d => d.Keys).ToArray();
        var worst = keys.ToDictionary(k => k, k => new Worst(k, 0, "none", 0));
        foreach (string pair in pairs)
        {
            var golden = LibvmafLog.Read(Path.Combine(logFolder, pair + ".json")).Frames;
            var ours = Extract(set, pair, descriptors, kernels);
            Assert.Equal(golden.FrameCount, ours.FrameCount);
            foreach (string key in keys)
            {
                var w = worst[key];
                if (!golden.HasKey(key))
                {
                    worst[key] = w with { Delta = double.PositiveInfinity, Where = $"{pair}: key absent from the log" };
                    continue;
                }

                var expected = golden.Column(key);
                var actual = ours.Column(key);
                for (int f = 0; f < expected.Length; f++)
                {
                    double delta = Math.Abs(actual[f] - expected[f]);
                    if (!(delta <= w.Delta))
                    {
                        w = w with { Delta = double.IsNaN(delta) ? double.PositiveInfinity : delta, Where = $"{pair} frame {f}: {actual[f]:R} vs libvmaf {expected[f]:R}" };
                    }
                }

                worst[key] = w with { FramesCompared = w.FramesCompared + expected.Length };
                GoldenComparisons.Record(expected.Length);
            }
        }

        return worst;
    }

    /// <summary>Every key's values over one pair, extractors created once and fed every frame in order.</summary>
    public static FeatureTable Extract(GoldenSet set, string pair, IReadOnlyList<ExtractorDescriptor> descriptors, KernelPath kernels)
    {
        using var reference = Open(set, pair.Split("__")[0]);
        using var distorted = Open(set, pair);
        var context = new ExtractorContext(reference.Format, kernels);
        var table = new FeatureTable(descriptors.SelectMany(d => d.Keys));
        var sink = new TableSink(table);
        var extractors = descriptors.Select(d => d.Create(context)).ToArray();
        try
        {
            var refFrame = new Frame(reference.Format);
            var disFrame = new Frame(distorted.Format);
            for (int index = 0; reference.ReadFrame(refFrame) && distorted.ReadFrame(disFrame); index++)
            {
                foreach (var extractor in extractors)
                {
                    extractor.Extract(new FramePair(refFrame, disFrame, index), sink);
                }
            }

            foreach (var extractor in extractors)
            {
                extractor.Flush(sink);
            }
        }
        finally
        {
            foreach (var extractor in extractors)
            {
                extractor.Dispose();
            }
        }

        return table;
    }

    /// <summary>Writes the report and asserts every key is within <paramref name="tolerance"/> over a nonzero number of frames.</summary>
    public static void AssertWithin(IReadOnlyDictionary<string, Worst> worst, double tolerance, ITestOutputHelper output, string title)
    {
        var report = new StringBuilder().AppendLine(title);
        foreach (var w in worst.Values)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{w.Key,-60} max |d| {w.Delta:E2} over {w.FramesCompared} frames  ({w.Where})");
        }

        output.WriteLine(report.ToString());
        Assert.True(worst.Values.All(w => w.FramesCompared > 0), "no frames compared\n" + report);
        Assert.True(worst.Values.All(w => w.Delta <= tolerance), report.ToString());
    }

    private sealed class TableSink(FeatureTable table) : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value) => table.Write(frameIndex, libvmafKey, value);
    }
}
