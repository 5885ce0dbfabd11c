using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Datasets;
using TinyVmaf.Corpus.Tests.Build;
using TinyVmaf.Features;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Datasets;

/// <summary>A tiny BVI-DVC tree: 10-bit 4:2:0 clips named by tier, scene, size and rate, as mp4 and raw YUV.</summary>
public sealed class BviDvcLayoutTests(BviDvcLayoutTests.Tree tree) : IClassFixture<BviDvcLayoutTests.Tree>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Each_clip_is_encoded_by_x264_crf_35_preset_fast_in_10_bit_and_labelled_by_the_teacher()
    {
        SharedData.RequireOrSkip();
        TestClips.RequireEncoders("libx264", "libx265");

        var plan = BviDvcLayout.Plan(new BviDvcOptions(tree.Root) { Tiers = ['C', 'D'] });
        var result = CorpusBuilder.Build(plan, new BuildOptions
        {
            Features = FeatureNames.Canonical6,
            Teacher = VmafModel.Load(SharedData.VmafModel),
            OutputPath = _dir.File("bvi.parquet"),
            EncodesDirectory = _dir.File("encodes"),
            Jobs = 2,
            ThreadsPerPair = 1,
        }, cancel: TestContext.Current.CancellationToken);

        var table = CorpusTable.Read(_dir.File("bvi.parquet"));
        Assert.Empty(result.Failures);
        Assert.Equal(["DBar__x264_fast_35", "CFoo__x264_fast_35", "DFoo__x264_fast_35"], table.Units.Distinct());

        // A scene's tiers share its source, so leave-one-source-out keeps them together.
        Assert.Equal(["Bar", "Foo", "Foo"], table.Sources.Where((_, i) => table.FrameIndices[i] == 0));
        Assert.All(table.Codecs, c => Assert.Equal("x264", c));
        Assert.All(table.Encoders!, e => Assert.Equal("libx264", e));
        Assert.All(table.Presets!, p => Assert.Equal("fast", p));
        Assert.All(table.Crf!, c => Assert.Equal(35, c));
        Assert.All(table.BitrateKbps!, b => Assert.True(b > 0));
        Assert.Null(table.Mos);

        // The teacher clamps to 0..100, so a range check could not fail: the label must be the teacher's score of
        // the row's own features, and an encode at CRF 35 must not score on the clamp.
        var teacher = VmafModel.Load(SharedData.VmafModel);
        var inputs = new double[teacher.FeatureKeys.Count];
        for (int row = 0; row < table.RowCount; row++)
        {
            for (int k = 0; k < inputs.Length; k++)
            {
                inputs[k] = table.Feature(FeatureNames.FromLibvmafKey(teacher.FeatureKeys[k])!)[row];
            }

            Assert.Equal(teacher.Predict(inputs), table.Vmaf![row], 1e-9);
            Assert.True(table.Vmaf[row] > 0 && table.Vmaf[row] < 100, $"row {row}: vmaf {table.Vmaf[row]} sits on the teacher's clamp");
        }
        Assert.Equal(BviDvcLayout.DatasetName, table.Metadata["tinyvmaf.dataset"]);

        // The encodes keep the sources' 10 bits.
        foreach (string encode in Directory.GetFiles(_dir.File("encodes")))
        {
            Assert.Equal("yuv420p10le", TestClips.Probe(encode, "pix_fmt"));
        }
    }

    [Fact]
    public void Tiers_choose_clips_by_their_letter_and_codec_from_source_reads_each_clips_own_codec()
    {
        TestClips.RequireEncoders("libx265");
        var encoders = new HashSet<string> { "libx264" };

        var d = BviDvcLayout.Plan(new BviDvcOptions(tree.Root) { Tiers = ['D'] }, encoders);
        var probed = BviDvcLayout.Plan(new BviDvcOptions(tree.Root) { Codec = DatasetCodec.FromSourceStream }, encoders);

        Assert.Equal(["DBar__x264_fast_35", "DFoo__x264_fast_35"], d.Pairs.Select(p => p.Unit));
        var byUnit = probed.Pairs.ToDictionary(p => p.Unit);
        Assert.Equal(("x265", "hevc"), (byUnit["CFoo__x264_fast_35"].Codec, byUnit["CFoo__x264_fast_35"].CodecRaw));
        Assert.Equal(("unknown", ""), (byUnit["DBar__x264_fast_35"].Codec, byUnit["DBar__x264_fast_35"].CodecRaw));
        Assert.Throws<ArgumentException>(() => BviDvcLayout.Plan(new BviDvcOptions(tree.Root) { Tiers = ['E'] }, encoders));
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
            // The published clips are 10-bit mp4s; a lossless HEVC stands in for them, and one clip is raw YUV.
            string[] lossless = ["-c:v", "libx265", "-x265-params", "lossless=1:log-level=error"];
            TestClips.Make(_dir.File("bvi/Videos/DFoo_64x64_25fps_10bit_420.mp4"), "testsrc2", 64, 64, frames: 3, fps: 25, pixelFormat: "yuv420p10le", output: lossless);
            TestClips.Make(_dir.File("bvi/Videos/CFoo_96x64_25fps_10bit_420.mp4"), "testsrc2", 96, 64, frames: 3, fps: 25, pixelFormat: "yuv420p10le", output: lossless);
            TestClips.Make(_dir.File("bvi/Videos/DBar_64x64_25fps_10bit_420.yuv"), "mandelbrot", 64, 64, frames: 3, fps: 25, pixelFormat: "yuv420p10le", output: ["-f", "rawvideo"]);
            _dir.Write("bvi/Videos/notes.txt", "not a clip");
            return _dir.File("bvi");
        }
    }
}
