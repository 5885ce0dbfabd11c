using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Datasets;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Corpus.Tests.Build;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Datasets;

/// <summary>A tiny KoNViD-1k tree: user videos named by flickr id, and the MOS table on 1..5.</summary>
public sealed class KonvidLayoutTests(KonvidLayoutTests.Tree tree) : IClassFixture<KonvidLayoutTests.Tree>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Each_rated_video_is_encoded_by_x264_crf_35_veryfast_and_carries_its_mos_rescaled_to_0_100()
    {
        TestClips.RequireEncoders("libx264", "libvpx-vp9");

        var plan = KonvidLayout.Plan(new KonvidOptions(tree.Root));
        var result = CorpusBuilder.Build(plan, new BuildOptions
        {
            Features = ["vif_scale0", "psnr_y"],
            OutputPath = _dir.File("konvid.parquet"),
            EncodesDirectory = _dir.File("encodes"),
            Jobs = 2,
            ThreadsPerPair = 1,
        }, cancel: TestContext.Current.CancellationToken);

        var table = CorpusTable.Read(_dir.File("konvid.parquet"));
        Assert.Equal(2, result.Computed);
        Assert.Equal(["1001__x264_veryfast_35", "1002__x264_veryfast_35"], table.Units.Distinct());
        Assert.Equal([50.0, 50, 50, 87.5, 87.5, 87.5], table.Mos!);
        Assert.All(table.Codecs, c => Assert.Equal("x264", c));
        Assert.All(table.Presets!, p => Assert.Equal("veryfast", p));
        Assert.All(table.Crf!, c => Assert.Equal(35, c));
        Assert.Equal("1:5", table.Metadata[CorpusImporter.MosScaleKey]);
        Assert.Contains(plan.Warnings, w => w.Contains("1003", StringComparison.Ordinal) && w.Contains("no MOS", StringComparison.Ordinal));

        // A container source reaches the encoder through ffmpeg's decode, so both sides hold the same frames.
        using var reference = VideoSource.Open(Path.Combine(tree.Root, "KoNViD_1k_videos", "1002.mp4"));
        using var distorted = VideoSource.Open(_dir.File("encodes/1002__x264_veryfast_35.h264"));
        var expected = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = ["psnr_y"], Threads = 1 }, TestContext.Current.CancellationToken);
        CorpusAssert.Same(expected.Column("psnr_y").ToArray(), table.Feature("psnr_y")[3..].ToArray());
    }

    [Fact]
    public void Codec_from_source_labels_rows_with_each_uploads_own_codec()
    {
        TestClips.RequireEncoders("libx264", "libvpx-vp9");

        var plan = KonvidLayout.Plan(new KonvidOptions(tree.Root) { Codec = DatasetCodec.FromSourceStream }, new HashSet<string> { "libx264" });

        Assert.Equal([("x264", "h264"), ("libvpx-vp9", "vp9")], plan.Pairs.Select(p => (p.Codec, p.CodecRaw)));
    }

    [Fact]
    public void A_rated_video_that_is_not_there_is_named_by_the_build_and_keep_going_builds_the_rest()
    {
        TestClips.RequireEncoders("libx264", "libvpx-vp9");
        string table = _dir.Write("mos.csv", File.ReadAllText(Path.Combine(tree.Root, "KoNViD_1k_metadata", "KoNViD_1k_mos.csv")) + "1004,2.0\n");
        var plan = KonvidLayout.Plan(new KonvidOptions(tree.Root) { MosPath = table });
        var options = new BuildOptions { Features = ["psnr_y"], OutputPath = _dir.File("k.parquet"), Jobs = 2 };

        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, options, cancel: TestContext.Current.CancellationToken));
        var result = CorpusBuilder.Build(plan, options with { KeepGoing = true }, cancel: TestContext.Current.CancellationToken);

        Assert.Contains("1004.mp4: file not found", error.Message);
        Assert.Equal(["1004__x264_veryfast_35"], result.Failures.Select(f => f.Unit));
        Assert.Equal(2, result.Table.Units.Distinct().Count());
    }

    [Fact]
    public void A_mos_table_without_flickr_id_and_mos_is_refused_naming_its_columns()
    {
        _dir.Write("k/KoNViD_1k_mos.csv", "id,score\n1,2\n");
        var error = Assert.Throws<CorpusBuildException>(() => KonvidLayout.Plan(new KonvidOptions(_dir.File("k")), new HashSet<string> { "libx264" }));
        Assert.Contains("flickr_id and mos", error.Message);
        Assert.Contains("id, score", error.Message);
    }

    /// <summary>The tree, made once for the class on first use (after the test has checked for ffmpeg); tests only read it.</summary>
    public sealed class Tree : IDisposable
    {
        private readonly TempDirectory _dir = new();
        private readonly Lazy<string> _root;

        public Tree() => _root = new Lazy<string>(Make);

        public string Root => _root.Value;

        public void Dispose() => _dir.Dispose();

        private string Make()
        {
            TestClips.Make(_dir.File("konvid/KoNViD_1k_videos/1001.mp4"), "testsrc2", 64, 64, frames: 3, output: ["-c:v", "libx264", "-crf", "10"]);
            TestClips.Make(_dir.File("konvid/KoNViD_1k_videos/1002.mp4"), "mandelbrot", 64, 64, frames: 3, output: ["-c:v", "libvpx-vp9", "-crf", "10", "-b:v", "0"]);
            TestClips.Make(_dir.File("konvid/KoNViD_1k_videos/1003.mp4"), "testsrc2", 64, 64, frames: 2, output: ["-c:v", "libx264"]);
            _dir.Write("konvid/KoNViD_1k_metadata/KoNViD_1k_mos.csv", "flickr_id,mos\n1001,3.0\n1002,4.5\n");
            return _dir.File("konvid");
        }
    }
}
