using System.Text;
using TinyVmaf.Features.Ciede;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ciede;

public sealed class CiedeExtractorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "ciede");

    [Fact]
    public void The_registry_finds_the_ciede_extractor_by_name_and_by_its_feature()
    {
        var byName = ExtractorRegistry.FindByName("ciede");
        Assert.NotNull(byName);
        Assert.Equal(["ciede2000"], byName.Keys);
        Assert.False(byName.IsTemporal);
        Assert.Same(byName, ExtractorRegistry.FindProvider("ciede2000"));
    }

    [Theory]
    [InlineData(ChromaSubsampling.Mono, 8, "luma-only")]
    [InlineData(ChromaSubsampling.Yuv420, 9, "8, 10, 12 or 16 bits")]
    [InlineData(ChromaSubsampling.Yuv444, 14, "8, 10, 12 or 16 bits")]
    public void Formats_libvmaf_refuses_are_refused(ChromaSubsampling chroma, int bitDepth, string reason)
    {
        var context = new ExtractorContext(new FrameFormat(16, 16, chroma, bitDepth), KernelPath.Auto);
        var error = Assert.Throws<ArgumentException>(() => CiedeExtractor.Descriptor.Create(context));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KernelPath.Auto)]
    [InlineData(KernelPath.Scalar)]
    public void A_picture_identical_to_its_reference_scores_infinity(KernelPath kernels)
    {
        var format = new FrameFormat(37, 20, ChromaSubsampling.Yuv420, 10);
        var frame = Noise(format, seed: 1);
        var sink = new RecordingSink();
        using var extractor = CiedeExtractor.Descriptor.Create(new ExtractorContext(format, kernels));

        extractor.Extract(new FramePair(frame, frame, 4), sink);

        Assert.Equal(double.PositiveInfinity, sink[4, "ciede2000"]);
    }

    [Fact]
    public void The_scalar_path_can_be_forced_and_the_vector_one_is_taken_otherwise()
    {
        var format = new FrameFormat(32, 8, ChromaSubsampling.Yuv444, 8);
        var scalar = new CiedeExtractor(new ExtractorContext(format, KernelPath.Scalar));
        var auto = new CiedeExtractor(new ExtractorContext(format, KernelPath.Auto));

        Assert.False(scalar.IsVectorized);
        Assert.Equal(CiedeVectorKernel.IsSupported && !ExtractorContext.ScalarForcedByEnvironment, auto.IsVectorized);
    }

    [Theory]
    [InlineData(KernelPath.Auto, ChromaSubsampling.Yuv420)]
    [InlineData(KernelPath.Auto, ChromaSubsampling.Yuv422)]
    [InlineData(KernelPath.Scalar, ChromaSubsampling.Yuv422)]
    [InlineData(KernelPath.Auto, ChromaSubsampling.Yuv444)]
    public void Computing_a_frame_allocates_nothing(KernelPath kernels, ChromaSubsampling chroma)
    {
        var format = new FrameFormat(66, 12, chroma, 8);
        var pair = new FramePair(Noise(format, seed: 2), Noise(format, seed: 3), 0);
        var sink = new NullSink();
        using var extractor = CiedeExtractor.Descriptor.Create(new ExtractorContext(format, kernels));
        extractor.Extract(pair, sink);

        long before = GC.GetAllocatedBytesForCurrentThread();
        extractor.Extract(pair, sink);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("testsrc422w200", KernelPath.Scalar, CiedeParityTests.ScalarTolerance)]
    [InlineData("testsrc422w200", KernelPath.Auto, 1e-3)]
    [InlineData("testsrc422p10w200", KernelPath.Scalar, CiedeParityTests.ScalarTolerance)]
    [InlineData("testsrc422p10w200", KernelPath.Auto, 1e-3)]
    public void Four_two_two_with_padded_chroma_rows_matches_libvmaf(string source, KernelPath kernels, double tolerance)
    {
        using var reference = Y4mReader.Open(Path.Combine(Folder, source + ".y4m"));
        using var distorted = Y4mReader.Open(Path.Combine(Folder, source + "__noise.y4m"));
        var ours = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
        {
            Features = ["ciede2000"], Threads = 1, Kernels = kernels,
        }, TestContext.Current.CancellationToken);
        var golden = LibvmafLog.Read(Path.Combine(Folder, source + "__noise.json")).Frames;

        Assert.Equal(golden.FrameCount, ours.FrameCount);
        Assert.True(golden.FrameCount > 0, "the golden log has no frames");
        for (int f = 0; f < golden.FrameCount; f++)
        {
            Assert.Equal(golden[f, "ciede2000"], ours[f, "ciede2000"], tolerance);
        }

        GoldenComparisons.Record(golden.FrameCount);
    }

    [Fact]
    public void An_infinite_score_is_written_as_libvmaf_writes_it()
    {
        var table = new FeatureTable(["ciede2000", "psnr_y"]);
        table.Write(0, "ciede2000", double.PositiveInfinity);
        table.Write(0, "psnr_y", 60);

        string Write(LogFormat format)
        {
            using var buffer = new MemoryStream();
            LibvmafLogWriter.Write(buffer, table, format, new LogMetadata { Fps = 25 });
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        string json = Write(LogFormat.Json);
        Assert.Contains("\"ciede2000\": null", json, StringComparison.Ordinal);
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(json)))
        {
            var log = LibvmafLog.Read(stream, "memory");
            Assert.True(double.IsNaN(log.Frames[0, "ciede2000"]));
            Assert.Equal(60, log.Frames[0, "psnr_y"]);
        }

        Assert.Contains("ciede2000=\"inf\"", Write(LogFormat.Xml), StringComparison.Ordinal);
        Assert.StartsWith("Frame,ciede2000,psnr_y,\n0,inf,60,", Write(LogFormat.Csv), StringComparison.Ordinal);
    }

    private static Frame Noise(FrameFormat format, int seed)
    {
        var random = new Random(seed);
        var frame = new Frame(format);
        for (int p = 0; p < frame.PlaneCount; p++)
        {
            var data = frame[p].Data;
            for (int k = 0; k < data.Length; k++)
            {
                data[k] = (ushort)random.Next(1 << format.BitDepth);
            }
        }

        return frame;
    }

    private sealed class NullSink : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value)
        {
        }
    }
}
