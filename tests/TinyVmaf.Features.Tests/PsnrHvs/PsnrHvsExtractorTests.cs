using System.Text.Json;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.PsnrHvs;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.PsnrHvs;

public sealed class PsnrHvsExtractorTests
{
    [Fact]
    public void The_full_features_name_resolves_to_the_psnr_hvs_extractor_and_its_four_keys()
    {
        Assert.Equal("psnr_hvs", FeatureNames.LibvmafKey("psnr_hvs"));
        var provider = ExtractorRegistry.FindProvider("psnr_hvs");

        Assert.Same(PsnrHvsExtractor.Descriptor, provider);
        Assert.Equal("psnr_hvs", provider!.Name);
        Assert.False(provider.IsTemporal);
        Assert.Equal(["psnr_hvs_y", "psnr_hvs_cb", "psnr_hvs_cr", "psnr_hvs"], provider.Keys);
        Assert.Equal([provider], ExtractorRegistry.Resolve(["psnr_hvs"]));
        Assert.Contains("psnr_hvs", ExtractorRegistry.ImplementedFeatures);
    }

    [Fact]
    public void The_scalar_path_can_be_forced_from_the_extraction_options()
    {
        var format = new FrameFormat(64, 64, ChromaSubsampling.Yuv420, 10);

        using var extractor = new PsnrHvsExtractor(new ExtractorContext(format, KernelPath.Scalar));

        Assert.IsType<PsnrHvsScalarKernel>(extractor.Kernel);
    }

    [Theory]
    [InlineData(KernelPath.Auto, 8)]
    [InlineData(KernelPath.Scalar, 8)]
    [InlineData(KernelPath.Auto, 10)]
    [InlineData(KernelPath.Auto, 12)]
    public void Identical_frames_have_no_error_and_score_positive_infinity(KernelPath kernels, int bitDepth)
    {
        var format = new FrameFormat(40, 24, ChromaSubsampling.Yuv420, bitDepth);
        var frame = RandomFrame(format, new Random(2));

        var sink = Extract(format, kernels, frame, frame);

        Assert.Equal(PsnrHvsExtractor.Keys, sink.KeysOf(0));
        Assert.All(sink.Writes, w => Assert.Equal(double.PositiveInfinity, w.Value));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    public void A_flat_error_scores_its_dc_error_against_the_peak_of_the_depth(int bitDepth)
    {
        // Flat planes have no texture and no AC coefficients, so nothing is masked: each block contributes
        // its DC difference times the CSF's DC weight, squared, over 64 coefficients.
        int peak = (1 << bitDepth) - 1;
        int level = peak / 2, error = 3;
        var format = new FrameFormat(64, 48, ChromaSubsampling.Yuv444, bitDepth);
        var reference = new Frame(format);
        var distorted = new Frame(format);
        for (int p = 0; p < 3; p++)
        {
            reference[p].Data.AsSpan().Fill((ushort)level);
            distorted[p].Data.AsSpan().Fill((ushort)(level + error));
        }

        var sink = Extract(format, KernelPath.Auto, reference, distorted);

        int dcError = Dc(level + error) - Dc(level);
        for (int p = 0; p < 3; p++)
        {
            double weighted = dcError * (double)PsnrHvsWeights.ForPlane(p).Csf[0];
            double expected = -10 * Math.Log10(weighted * weighted / 64 / ((double)peak * peak));
            Assert.Equal(expected, sink[0, PsnrHvsExtractor.Keys[p]], 4);
        }
    }

    [Fact]
    public void Psnr_hvs_weighs_the_planes_eight_tenths_luma_one_tenth_each_chroma()
    {
        var format = new FrameFormat(48, 32, ChromaSubsampling.Yuv420, 8);
        var random = new Random(4);

        var sink = Extract(format, KernelPath.Auto, RandomFrame(format, random), RandomFrame(format, random));

        double Error(string key) => Math.Pow(10, -sink[0, key] / 10);
        double expected = -10 * Math.Log10((0.8 * Error("psnr_hvs_y")) + (0.1 * (Error("psnr_hvs_cb") + Error("psnr_hvs_cr"))));
        Assert.Equal(expected, sink[0, "psnr_hvs"], 9);
    }

    [Fact]
    public void Luma_only_input_is_refused_as_libvmaf_does()
    {
        var format = new FrameFormat(64, 64, ChromaSubsampling.Mono, 8);

        var e = Assert.Throws<ArgumentException>(() => PsnrHvsExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
        Assert.Contains("chroma", e.Message);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(16)]
    public void More_than_twelve_bits_are_refused_as_libvmaf_does(int bitDepth)
    {
        var format = new FrameFormat(64, 64, ChromaSubsampling.Yuv444, bitDepth);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PsnrHvsExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
        Assert.Contains("12 bits", e.Message);
    }

    [Theory]
    [InlineData(16, 14, ChromaSubsampling.Yuv420)]
    [InlineData(14, 8, ChromaSubsampling.Yuv422)]
    [InlineData(7, 40, ChromaSubsampling.Yuv444)]
    public void A_plane_smaller_than_one_block_is_refused_rather_than_scored_nan(int width, int height, ChromaSubsampling chroma)
    {
        var format = new FrameFormat(width, height, chroma, 8);

        var e = Assert.Throws<ArgumentException>(() => PsnrHvsExtractor.Descriptor.Create(new ExtractorContext(format, KernelPath.Auto)));
        Assert.Contains("8x8 block", e.Message);
    }

    [Theory]
    [InlineData(KernelPath.Auto, 8)]
    [InlineData(KernelPath.Auto, 10)]
    [InlineData(KernelPath.Auto, 12)]
    [InlineData(KernelPath.Scalar, 10)]
    public void Extracting_a_frame_allocates_nothing(KernelPath kernels, int bitDepth)
    {
        var format = new FrameFormat(72, 40, ChromaSubsampling.Yuv420, bitDepth);
        var random = new Random(6);
        var pair = new FramePair(RandomFrame(format, random), RandomFrame(format, random), 0);
        using var extractor = PsnrHvsExtractor.Descriptor.Create(new ExtractorContext(format, kernels));
        var sink = new DiscardingSink();
        extractor.Extract(pair, sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        extractor.Extract(pair, sink);
        extractor.Extract(pair, sink);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void An_infinite_score_is_written_to_json_as_null_as_libvmaf_writes_it()
    {
        var table = new FeatureTable(["psnr_hvs", "psnr_y"]);
        table.Write(0, "psnr_hvs", double.PositiveInfinity);
        table.Write(0, "psnr_y", 60);
        table.Write(1, "psnr_hvs", 41.5);
        using var buffer = new MemoryStream();

        LibvmafLogWriter.Write(buffer, table, LogFormat.Json, new LogMetadata { Fps = 24 });

        using var json = JsonDocument.Parse(buffer.ToArray());
        var frames = json.RootElement.GetProperty("frames");
        Assert.Equal(JsonValueKind.Null, frames[0].GetProperty("metrics").GetProperty("psnr_hvs").ValueKind);
        Assert.Equal(60, frames[0].GetProperty("metrics").GetProperty("psnr_y").GetDouble());
        Assert.Equal(41.5, frames[1].GetProperty("metrics").GetProperty("psnr_hvs").GetDouble());
        Assert.False(frames[1].GetProperty("metrics").TryGetProperty("psnr_y", out _), "an unwritten value stays absent");
    }

    private static RecordingSink Extract(FrameFormat format, KernelPath kernels, Frame reference, Frame distorted)
    {
        var sink = new RecordingSink();
        using var extractor = PsnrHvsExtractor.Descriptor.Create(new ExtractorContext(format, kernels));
        extractor.Extract(new FramePair(reference, distorted, 0), sink);
        return sink;
    }

    private static int Dc(int sample)
    {
        var block = Enumerable.Repeat(sample, 64).ToArray();
        OdDct.Forward8x8(block, new int[64]);
        return block[0];
    }

    private static Frame RandomFrame(FrameFormat format, Random random)
    {
        var frame = new Frame(format);
        for (int p = 0; p < frame.PlaneCount; p++)
        {
            for (int i = 0; i < frame[p].Data.Length; i++)
            {
                frame[p].Data[i] = (ushort)random.Next(1 << format.BitDepth);
            }
        }

        return frame;
    }

    private sealed class DiscardingSink : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value)
        {
        }
    }
}
