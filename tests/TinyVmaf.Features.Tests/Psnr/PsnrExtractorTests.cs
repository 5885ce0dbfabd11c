using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Psnr;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Psnr;

public sealed class PsnrExtractorTests
{
    [Theory]
    [InlineData(8, 60)]
    [InlineData(10, 72)]
    [InlineData(12, 84)]
    public void Identical_planes_score_the_depths_cap_of_six_bpc_plus_twelve(int bitDepth, double cap)
    {
        var sink = Run(new FrameFormat(20, 10, ChromaSubsampling.Yuv420, bitDepth), PsnrOptions.Default, 100, 100, 100, 100);

        Assert.Equal(cap, sink[0, "psnr_y"]);
        Assert.Equal(cap, sink[0, "psnr_cb"]);
        Assert.Equal(cap, sink[0, "psnr_cr"]);
    }

    [Fact]
    public void A_uniform_error_gives_the_textbook_psnr_with_peak_255_at_eight_bits()
    {
        // Luma off by 10 (MSE 100), chroma by 1 (MSE 1).
        var sink = Run(new FrameFormat(16, 8, ChromaSubsampling.Yuv422, 8), PsnrOptions.Default, 100, 110, 50, 51);

        Assert.Equal(10 * Math.Log10(255.0 * 255 / 100), sink[0, "psnr_y"], 12);
        Assert.Equal(10 * Math.Log10(255.0 * 255), sink[0, "psnr_cb"], 12);
        Assert.Equal(10 * Math.Log10(255.0 * 255), sink[0, "psnr_cr"], 12);
    }

    [Fact]
    public void Above_eight_bits_the_peak_is_the_full_range_or_the_scaled_eight_bit_one()
    {
        var format = new FrameFormat(16, 8, ChromaSubsampling.Yuv444, 10);

        var full = Run(format, PsnrOptions.Default, 400, 410, 0, 0);
        var reduced = Run(format, PsnrOptions.Default with { ReducedHbdPeak = true }, 400, 410, 0, 0);

        Assert.Equal(10 * Math.Log10(1023.0 * 1023 / 100), full[0, "psnr_y"], 12);
        Assert.Equal(10 * Math.Log10(1020.0 * 1020 / 100), reduced[0, "psnr_y"], 12);
    }

    [Fact]
    public void Min_sse_replaces_the_cap_with_the_psnr_of_that_sse_rounded_up()
    {
        var format = new FrameFormat(16, 8, ChromaSubsampling.Yuv420, 8);

        var sink = Run(format, PsnrOptions.Default with { MinSse = 0.5 }, 7, 7, 7, 7);

        Assert.Equal(Math.Ceiling(10 * Math.Log10(255.0 * 255 * 128 / 0.5)), sink[0, "psnr_y"]);
        Assert.Equal(Math.Ceiling(10 * Math.Log10(255.0 * 255 * 32 / 0.5)), sink[0, "psnr_cb"]);
    }

    [Fact]
    public void Without_chroma_or_for_mono_frames_only_luma_is_written()
    {
        var noChroma = Run(new FrameFormat(16, 8, ChromaSubsampling.Yuv420, 8), PsnrOptions.Default with { EnableChroma = false }, 1, 2, 3, 4);
        var mono = Run(new FrameFormat(16, 8, ChromaSubsampling.Mono, 8), PsnrOptions.Default, 1, 2, 3, 4);

        Assert.Equal(["psnr_y"], noChroma.KeysOf(0));
        Assert.Equal(["psnr_y"], mono.KeysOf(0));
    }

    [Theory]
    [InlineData(KernelPath.Scalar)]
    [InlineData(KernelPath.Auto)]
    public void Both_kernel_paths_give_the_same_scores_on_odd_planes(KernelPath kernels)
    {
        var format = new FrameFormat(37, 23, ChromaSubsampling.Yuv444, 10);
        var random = new Random(5);
        var reference = new Frame(format);
        var distorted = new Frame(format);
        for (int p = 0; p < 3; p++)
        {
            for (int i = 0; i < reference[p].Data.Length; i++)
            {
                reference[p].Data[i] = (ushort)random.Next(1024);
                distorted[p].Data[i] = (ushort)random.Next(1024);
            }
        }

        var ours = new RecordingSink();
        using var psnr = new PsnrExtractor(new ExtractorContext(format, kernels), PsnrOptions.Default);
        psnr.Extract(new FramePair(reference, distorted, 0), ours);

        for (int p = 0; p < 3; p++)
        {
            double sse = 0;
            for (int i = 0; i < reference[p].Data.Length; i++)
            {
                double e = reference[p].Data[i] - distorted[p].Data[i];
                sse += e * e;
            }

            double expected = 10 * Math.Log10(1023.0 * 1023 / (sse / (37 * 23)));
            Assert.Equal(expected, ours.Writes[p].Value, 12);
        }
    }

    private static RecordingSink Run(FrameFormat format, PsnrOptions options, int lumaRef, int lumaDis, int chromaRef, int chromaDis)
    {
        var reference = new Frame(format);
        var distorted = new Frame(format);
        for (int p = 0; p < format.PlaneCount; p++)
        {
            reference[p].Data.AsSpan().Fill((ushort)(p == 0 ? lumaRef : chromaRef));
            distorted[p].Data.AsSpan().Fill((ushort)(p == 0 ? lumaDis : chromaDis));
        }

        var sink = new RecordingSink();
        using var psnr = new PsnrExtractor(new ExtractorContext(format, KernelPath.Auto), options);
        psnr.Extract(new FramePair(reference, distorted, 0), sink);
        return sink;
    }
}
