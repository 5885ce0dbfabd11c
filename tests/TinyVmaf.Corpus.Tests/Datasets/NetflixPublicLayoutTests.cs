using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Datasets;
using TinyVmaf.Corpus.Tests.Build;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Datasets;

/// <summary>A tiny Netflix Public tree: 64x64 raw 8-bit 4:2:0 references and distortions named as the dataset names them.</summary>
public sealed class NetflixPublicLayoutTests(NetflixPublicLayoutTests.Tree tree) : IClassFixture<NetflixPublicLayoutTests.Tree>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Each_distortion_pairs_with_its_reference_and_takes_its_bitrate_from_its_name_and_its_dmos_from_the_score_file()
    {
        TestClips.RequireFfmpeg();
        string scores = _dir.Write("NFLX_dataset_public.py", NetflixScoresTests.DmosFile);

        var plan = NetflixPublicLayout.Plan(Options() with { ScoresPath = scores });
        var table = CorpusBuilder.Build(plan, Build(), cancel: TestContext.Current.CancellationToken).Table;

        Assert.Equal(["Bar_90_1080_4300", "Foo_20_288_375"], table.Units.Distinct());
        Assert.Equal(["Bar", "Bar", "Bar", "Foo", "Foo", "Foo"], table.Sources);
        Assert.All(table.Codecs, c => Assert.Equal("unknown", c));
        Assert.All(table.CodecRaw, c => Assert.Equal("", c));
        Assert.Equal([4300.0, 4300, 4300, 375, 375, 375], table.BitrateKbps!);
        Assert.Equal([87.25, 87.25, 87.25, 42.5, 42.5, 42.5], table.Mos!);
        Assert.Null(table.Encoders);
        Assert.Null(table.Crf);
        Assert.Equal(NetflixPublicLayout.DatasetName, table.Metadata["tinyvmaf.dataset"]);
        Assert.Equal("dmos", table.Metadata["tinyvmaf.mos_kind"]);

        // The distortion the score file does not rate is left out, and said to be.
        Assert.Contains(plan.Warnings, w => w.Contains("Foo_90_1080_4300", StringComparison.Ordinal));

        // The rows are the features of the raw files read at the stated size.
        var raw = new RawVideoFormat(64, 64, ChromaSubsampling.Yuv420, 8, 24);
        using var reference = VideoSource.Open(Path.Combine(tree.Root, "ref", "Foo_24fps.yuv"), raw);
        using var distorted = VideoSource.Open(Path.Combine(tree.Root, "dis", "Foo_20_288_375.yuv"), raw);
        var expected = FeaturePipeline.Run(reference, distorted, new ExtractionOptions { Features = ["psnr_y", "vif_scale0"], Threads = 1 },
            TestContext.Current.CancellationToken);
        CorpusAssert.Same(expected.Column("psnr_y").ToArray(), table.Feature("psnr_y")[3..].ToArray());
        CorpusAssert.Same(expected.Column("integer_vif_scale0").ToArray(), table.Feature("vif_scale0")[3..].ToArray());
    }

    [Fact]
    public void Without_a_score_file_every_distortion_is_built_and_the_corpus_has_no_mos()
    {
        TestClips.RequireFfmpeg();

        var plan = NetflixPublicLayout.Plan(Options());

        Assert.Equal(["Bar_90_1080_4300", "Foo_20_288_375", "Foo_90_1080_4300"], plan.Pairs.Select(p => p.Unit));
        Assert.False(plan.HasMos);
        Assert.All(plan.Pairs, p => Assert.Equal(new RawVideoFormat(64, 64, ChromaSubsampling.Yuv420, 8, p.Source == "Foo" ? 24 : 25), p.Distorted!.Raw));
    }

    [Fact]
    public void Codec_names_every_row_and_codec_from_source_reads_raw_yuv_as_unknown()
    {
        TestClips.RequireFfmpeg();

        var named = NetflixPublicLayout.Plan(Options() with { Codec = DatasetCodec.Named("h264") });
        var probed = NetflixPublicLayout.Plan(Options() with { Codec = DatasetCodec.FromSourceStream });

        Assert.All(named.Pairs, p => Assert.Equal(("x264", "h264"), (p.Codec, p.CodecRaw)));
        Assert.All(probed.Pairs, p => Assert.Equal(("unknown", ""), (p.Codec, p.CodecRaw)));
        Assert.Throws<ArgumentException>(() => DatasetCodec.Named("theora"));
    }

    [Fact]
    public void A_distortion_whose_reference_is_missing_is_named_by_the_build()
    {
        TestClips.RequireFfmpeg();

        // Foo's reference is there; Lost has none, and Bar's is missing.
        Directory.CreateDirectory(_dir.File("lost/ref"));
        Directory.CreateDirectory(_dir.File("lost/dis"));
        File.Copy(Path.Combine(tree.Root, "ref", "Foo_24fps.yuv"), _dir.File("lost/ref/Foo_24fps.yuv"));
        File.Copy(Path.Combine(tree.Root, "dis", "Foo_20_288_375.yuv"), _dir.File("lost/dis/Lost_20_288_375.yuv"));
        File.Copy(Path.Combine(tree.Root, "dis", "Bar_90_1080_4300.yuv"), _dir.File("lost/dis/Bar_90_1080_4300.yuv"));

        var plan = NetflixPublicLayout.Plan(new NetflixPublicOptions(_dir.File("lost")) { Width = 64, Height = 64 });
        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, Build(), cancel: TestContext.Current.CancellationToken));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("Lost_20_288_375:", StringComparison.Ordinal) && p.Contains("Lost_<fps>fps.yuv: file not found", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Bar_90_1080_4300:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_root_without_ref_and_dis_is_not_the_layout()
    {
        var error = Assert.Throws<CorpusBuildException>(() => NetflixPublicLayout.Plan(new NetflixPublicOptions(_dir.Path)));
        Assert.Contains("ref/<src>_<fps>fps.yuv", error.Message);
    }

    private NetflixPublicOptions Options() => new(tree.Root) { Width = 64, Height = 64 };

    private BuildOptions Build() => new()
    {
        Features = ["vif_scale0", "psnr_y"],
        OutputPath = _dir.File("nflx.parquet"),
        Jobs = 2,
        ThreadsPerPair = 1,
    };

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
            string[] raw = ["-f", "rawvideo"];
            TestClips.Make(_dir.File("nflx/ref/Foo_24fps.yuv"), "testsrc2", 64, 64, frames: 3, fps: 24, output: raw);
            TestClips.Make(_dir.File("nflx/ref/Bar_25fps.yuv"), "mandelbrot", 64, 64, frames: 3, fps: 25, output: raw);

            // As the dataset made its distortions: scaled down (and encoded), then scaled back up to the reference's size.
            TestClips.Make(_dir.File("nflx/dis/Foo_20_288_375.yuv"), "testsrc2", 64, 64, frames: 3, fps: 24, output: ["-vf", "scale=24:24,scale=64:64", .. raw]);
            TestClips.Make(_dir.File("nflx/dis/Foo_90_1080_4300.yuv"), "testsrc2", 64, 64, frames: 3, fps: 24, output: ["-vf", "scale=48:48,scale=64:64", .. raw]);
            TestClips.Make(_dir.File("nflx/dis/Bar_90_1080_4300.yuv"), "mandelbrot", 64, 64, frames: 3, fps: 25, output: ["-vf", "scale=48:48,scale=64:64", .. raw]);
            _dir.Write("nflx/dis/README.txt", "not a video");
            return _dir.File("nflx");
        }
    }
}
