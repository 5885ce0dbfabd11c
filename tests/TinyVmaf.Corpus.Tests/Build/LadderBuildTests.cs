using TinyVmaf.Corpus.Build;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class LadderBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_ladder_of_two_encoders_and_two_crfs_gives_each_encode_its_rows_codec_crf_and_measured_bitrate()
    {
        TestClips.RequireEncoders("libx264", "libvpx-vp9");
        string clip = TestClips.Make(_dir.File("src/clip.y4m"), frames: 4, fps: 24);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264,libvpx-vp9", ["24,44"]));

        var result = CorpusBuilder.Build(plan, Options() with { EncodesDirectory = _dir.File("encodes") }, cancel: TestContext.Current.CancellationToken);

        var table = result.Table;
        string[] units = ["clip__libvpx-vp9_4_24", "clip__libvpx-vp9_4_44", "clip__x264_medium_24", "clip__x264_medium_44"];
        Assert.Equal((4, 4, 0), (result.Pairs, result.Computed, result.Cached));
        Assert.Equal(units.SelectMany(u => Enumerable.Repeat(u, 4)), table.Units);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i % 4), table.FrameIndices);
        Assert.All(table.Sources, s => Assert.Equal("clip", s));
        Assert.Equal(["libvpx-vp9", "libvpx-vp9", "x264", "x264"], Every4th(table.Codecs));
        Assert.Equal(["libvpx-vp9", "libvpx-vp9", "libx264", "libx264"], Every4th(table.Encoders!).Select(e => e!));
        Assert.Equal(["4", "4", "medium", "medium"], Every4th(table.Presets!).Select(p => p!));
        Assert.Equal([24.0, 44, 24, 44], Every4th(table.Crf!));
        Assert.Equal(FeatureNames.Canonical6, table.FeatureNames);

        for (int u = 0; u < units.Length; u++)
        {
            string encode = Directory.GetFiles(_dir.File("encodes"), units[u] + ".*").Single();

            // The bitrate is the kept encode's size over the clip's duration (4 frames at 24 fps).
            double bitrate = new FileInfo(encode).Length * 8.0 / 1000.0 / (4 / 24.0);
            Assert.Equal(bitrate, table.BitrateKbps![u * 4], 9);

            // Each unit's rows are the features of its own encode against the clip, frame by frame.
            using var reference = VideoSource.Open(clip);
            using var distorted = VideoSource.Open(encode);
            var expected = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = FeatureNames.Canonical6, Threads = 1 }, TestContext.Current.CancellationToken);
            foreach (string name in FeatureNames.Canonical6)
            {
                CorpusAssert.Same(expected.Column(FeatureNames.LibvmafKey(name)).ToArray(), table.Feature(name).Slice(u * 4, 4).ToArray());
            }
        }

        // A higher CRF spends fewer bits and keeps less detail, for each encoder.
        for (int u = 0; u < units.Length; u += 2)
        {
            Assert.True(table.BitrateKbps![u * 4] > table.BitrateKbps[(u + 1) * 4], $"{units[u]} should cost more than {units[u + 1]}");
            Assert.True(table.Feature("vif_scale0").Slice(u * 4, 4).ToArray().Average() > table.Feature("vif_scale0").Slice((u + 1) * 4, 4).ToArray().Average());
        }
    }

    [Fact]
    public void A_second_run_of_the_same_build_computes_no_pair_and_writes_the_same_corpus()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        var plan = Plan();

        var first = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        var written = CorpusTable.Read(_dir.File("c.parquet"));
        var second = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);

        Assert.Equal((4, 0), (first.Computed, first.Cached));
        Assert.Equal((0, 4), (second.Computed, second.Cached));
        CorpusAssert.Equal(written, CorpusTable.Read(_dir.File("c.parquet")));
    }

    [Fact]
    public void An_interrupted_build_writes_nothing_and_the_next_run_computes_only_the_pairs_it_had_not_finished()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        var plan = Plan();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var stopAfterOne = new Callback(p =>
        {
            if (p.Computed >= 1)
            {
                interrupt.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => CorpusBuilder.Build(plan, Options() with { Jobs = 1 }, stopAfterOne, interrupt.Token));
        Assert.False(File.Exists(_dir.File("c.parquet")));
        int finished = Directory.GetFiles(_dir.File("c.cache"), "*.json").Length;
        Assert.InRange(finished, 1, 3);

        var resumed = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        Assert.Equal((4 - finished, finished), (resumed.Computed, resumed.Cached));

        // The resumed corpus is the one an uninterrupted build makes.
        var clean = CorpusBuilder.Build(plan, Options("clean.parquet"), cancel: TestContext.Current.CancellationToken);
        Assert.Equal(4, clean.Computed);
        CorpusAssert.Equal(CorpusTable.Read(_dir.File("clean.parquet")), CorpusTable.Read(_dir.File("c.parquet")));
    }

    [Fact]
    public void Two_shards_built_apart_merge_into_the_single_build_row_for_row()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        var plan = Plan();

        CorpusBuilder.Build(plan, Options("whole.parquet"), cancel: TestContext.Current.CancellationToken);
        var shard0 = CorpusBuilder.Build(plan, Options("s0.parquet") with { Shard = new Shard(0, 2), Jobs = 2 }, cancel: TestContext.Current.CancellationToken);
        var shard1 = CorpusBuilder.Build(plan, Options("s1.parquet") with { Shard = new Shard(1, 2), Jobs = 2 }, cancel: TestContext.Current.CancellationToken);

        // Each shard computed its own half, in its own cache: nothing was taken from the whole build.
        Assert.Equal((2, 0, 2, 0), (shard0.Computed, shard0.Cached, shard1.Computed, shard1.Cached));
        Assert.Equal("0/2", CorpusTable.Read(_dir.File("s0.parquet")).Metadata[CorpusBuilder.ShardKey]);
        var merged = CorpusMerger.Merge([("s1", CorpusTable.Read(_dir.File("s1.parquet"))), ("s0", CorpusTable.Read(_dir.File("s0.parquet")))]);
        Assert.Empty(merged.Warnings);
        merged.Table.Write(_dir.File("merged.parquet"));
        CorpusAssert.Equal(CorpusTable.Read(_dir.File("whole.parquet")), CorpusTable.Read(_dir.File("merged.parquet")));
    }

    [Fact]
    public void A_raw_yuv_source_gives_the_rows_of_the_y4m_it_was_made_from()
    {
        TestClips.RequireEncoders("libx264");
        string y4m = TestClips.Make(_dir.File("src/clip.y4m"), frames: 3, fps: 25);
        string yuv = TestClips.Convert(y4m, _dir.File("raw/clipraw.yuv"), "-f", "rawvideo");
        var ladder = Ladder.Parse("x264", ["30"]);
        var sources = LadderPlanner.FindSources([y4m, yuv], new RawVideoFormat(96, 64, ChromaSubsampling.Yuv420, 8, 25));

        var table = CorpusBuilder.Build(LadderPlanner.Plan(sources, ladder), Options(), cancel: TestContext.Current.CancellationToken).Table;

        Assert.Equal(["clip__x264_medium_30", "clipraw__x264_medium_30"], table.Units.Distinct());
        foreach (string name in table.FeatureNames)
        {
            CorpusAssert.Same(table.Feature(name)[..3].ToArray(), table.Feature(name)[3..].ToArray());
        }

        // The same frames encode to the same bitstream, give or take a header that records where they came from.
        Assert.Equal(table.BitrateKbps![0], table.BitrateKbps[3], table.BitrateKbps[0] * 0.02);
    }

    [Fact]
    public void A_raw_source_without_a_frame_rate_leaves_the_bitrate_empty_and_says_so()
    {
        TestClips.RequireEncoders("libx264");
        string yuv = TestClips.Make(_dir.File("raw/clip.yuv"), frames: 2, output: ["-f", "rawvideo"]);
        var sources = LadderPlanner.FindSources([yuv], new RawVideoFormat(96, 64, ChromaSubsampling.Yuv420, 8));

        var result = CorpusBuilder.Build(LadderPlanner.Plan(sources, Ladder.Parse("x264", ["30"])), Options(), cancel: TestContext.Current.CancellationToken);

        Assert.All(result.Table.BitrateKbps!, b => Assert.True(double.IsNaN(b)));
        Assert.Contains(result.Warnings, w => w.Contains("clip.yuv", StringComparison.Ordinal) && w.Contains("--fps", StringComparison.Ordinal));
    }

    [Fact]
    public void A_source_an_encoder_cannot_take_is_named_with_the_formats_it_takes()
    {
        TestClips.RequireEncoders("libsvtav1");
        TestClips.Make(_dir.File("src/c444.y4m"), pixelFormat: "yuv444p", frames: 2);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("libsvtav1", ["40"]));

        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken));

        Assert.Contains("c444__libsvtav1_8_40", error.Message);
        Assert.Contains("c444.y4m", error.Message);
        Assert.Contains("cannot encode yuv444p", error.Message);
        Assert.False(File.Exists(_dir.File("c.parquet")));
    }

    [Fact]
    public void An_encoder_that_refuses_a_container_source_is_named_with_its_reason()
    {
        // SVT-AV1 takes nothing under 64x64. The source is a container, so ffmpeg decodes it into the encoder's input;
        // its frames (100 KiB) outgrow the pipe, so a decoder left writing after the encoder quit would wait for ever.
        TestClips.RequireEncoders("libsvtav1", "ffv1");
        TestClips.Make(_dir.File("src/small.mkv"), width: 48, height: 48, frames: 30, output: ["-c:v", "ffv1"]);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("libsvtav1", ["40"]));

        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken));

        Assert.Contains("small__libsvtav1_8_40", error.Message);
        Assert.Contains("small.mkv: libsvtav1 failed to encode it", error.Message);
        Assert.Contains("at least 64", error.Message);
    }

    [Fact]
    public void Sources_that_are_missing_or_share_a_name_are_all_named()
    {
        TestClips.RequireFfmpeg();
        TestClips.Make(_dir.File("a/clip.y4m"), frames: 1);
        TestClips.Make(_dir.File("b/clip.y4m"), frames: 1);
        File.WriteAllBytes(_dir.File("b/raw.yuv"), new byte[10]);

        var error = Assert.Throws<CorpusBuildException>(() => LadderPlanner.FindSources([_dir.File("a"), _dir.File("b"), _dir.File("nothere.y4m")]));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("nothere.y4m", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("raw.yuv", StringComparison.Ordinal) && p.Contains("--width", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("'clip' names 2 sources", StringComparison.Ordinal));
    }

    private static T[] Every4th<T>(IReadOnlyList<T> values) => values.Where((_, i) => i % 4 == 0).ToArray();

    private void MakeSources()
    {
        TestClips.Make(_dir.File("src/aa.y4m"), "testsrc2", frames: 3);
        TestClips.Make(_dir.File("src/bb.y4m"), "mandelbrot", frames: 3);
    }

    private BuildPlan Plan() => LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264", ["26,40"]));

    private BuildOptions Options(string output = "c.parquet") => new()
    {
        Features = FeatureNames.Canonical6,
        OutputPath = _dir.File(output),
        Jobs = 2,
        ThreadsPerPair = 1,
    };

    private sealed class Callback(Action<BuildProgress> action) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => action(value);
    }
}
