using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Ssim;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Ssim;

/// <summary>
/// What the golden clips (384x216 8-bit, 10-bit 4:2:0) never reach: libvmaf's downscaling before SSIM (factors
/// 2, 3 and 4, odd sides), 12- and 16-bit samples, the <c>scale</c> option and the decibel form. The expected
/// numbers are libvmaf's (the reference fork's CLI, <c>--precision max</c>) on the pairs of
/// <see cref="SyntheticPictures"/> with the given seed (frame 0) and seed + 10 (frame 1), written out as
/// 4:4:4 Y4M (raw YUV at 16 bits).
/// </summary>
public sealed class SsimSyntheticParityTests
{
    private static readonly double Tolerance = GoldenTolerance.For("float_ssim");

    public static TheoryData<int, int, int, int, double, double> Default => new()
    {
        { 577, 385, 8, 1, 0.9732359051704407, 0.9730861186981201 },    // downscaled by 2, odd sides
        { 700, 650, 10, 2, 0.9882279634475708, 0.9882552623748779 },   // by 3
        { 1030, 900, 12, 3, 0.9931061267852783, 0.9929916262626648 },  // by 4
        { 400, 300, 16, 4, 0.8860823512077332, 0.8858842253684998 },   // not downscaled
    };

    public static TheoryData<int, int, int, int, double, double> ScaleThree => new()
    {
        { 577, 385, 8, 1, 0.9894547462463379, 0.9891342520713806 },
        { 700, 650, 10, 2, 0.9882279634475708, 0.9882552623748779 },
        { 1030, 900, 12, 3, 0.9883619546890259, 0.9882715344429016 },
        { 400, 300, 16, 4, 0.9881342649459839, 0.9875646829605103 },
    };

    [Theory]
    [MemberData(nameof(Default))]
    public void Downscaled_and_high_bit_depth_pictures_match_libvmaf_on_both_kernel_paths(
        int width, int height, int bitDepth, int seed, double frame0, double frame1)
    {
        foreach (var kernels in new[] { KernelPath.Auto, KernelPath.Scalar })
        {
            var scores = Scores(width, height, bitDepth, seed, SsimOptions.Default, kernels);
            Assert.True(Math.Abs(scores[0] - frame0) <= Tolerance, $"{kernels} frame 0: ours {scores[0]:R}, libvmaf {frame0:R}");
            Assert.True(Math.Abs(scores[1] - frame1) <= Tolerance, $"{kernels} frame 1: ours {scores[1]:R}, libvmaf {frame1:R}");
        }
    }

    [Theory]
    [MemberData(nameof(ScaleThree))]
    public void An_explicit_scale_option_replaces_the_automatic_factor_as_in_libvmaf(
        int width, int height, int bitDepth, int seed, double frame0, double frame1)
    {
        var scores = Scores(width, height, bitDepth, seed, SsimOptions.Default with { Scale = 3 }, KernelPath.Auto);

        Assert.True(Math.Abs(scores[0] - frame0) <= Tolerance, $"frame 0: ours {scores[0]:R}, libvmaf {frame0:R}");
        Assert.True(Math.Abs(scores[1] - frame1) <= Tolerance, $"frame 1: ours {scores[1]:R}, libvmaf {frame1:R}");
    }

    [Fact]
    public void The_decibel_form_matches_libvmaf_and_clips_an_identical_pair_at_its_cap()
    {
        var scores = Scores(577, 385, 8, 1, new SsimOptions { EnableDb = true, ClipDb = true }, KernelPath.Auto);
        Assert.True(Math.Abs(FromDb(scores[0]) - FromDb(15.724474400135986)) <= Tolerance, $"ours {scores[0]:R} dB");
        Assert.True(Math.Abs(FromDb(scores[1]) - FromDb(15.700236672886652)) <= Tolerance, $"ours {scores[1]:R} dB");

        // libvmaf: ceil(10·log10(peak² / (0.5 / (w·h)))) for an identical pair, whose SSIM is exactly 1.
        Assert.Equal(105, Identical(577, 385, 8, new SsimOptions { EnableDb = true, ClipDb = true }));
        Assert.Equal(120, Identical(700, 650, 10, new SsimOptions { EnableDb = true, ClipDb = true }));
        Assert.Equal(double.PositiveInfinity, Identical(577, 385, 8, new SsimOptions { EnableDb = true }));
    }

    private static double FromDb(double db) => 1 - Math.Pow(10, -db / 10);

    private static double[] Scores(int width, int height, int bitDepth, int seed, SsimOptions options, KernelPath kernels)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        using var extractor = new SsimExtractor(new ExtractorContext(format, kernels), options);
        var sink = new RecordingSink();
        for (int frame = 0; frame < 2; frame++)
        {
            var (reference, distorted) = SyntheticPictures.Pair(format, seed + 10 * frame);
            extractor.Extract(new FramePair(reference, distorted, frame), sink);
        }

        return [sink[0, SsimExtractor.Key], sink[1, SsimExtractor.Key]];
    }

    private static double Identical(int width, int height, int bitDepth, SsimOptions options)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        var (reference, _) = SyntheticPictures.Pair(format, 1);
        using var extractor = new SsimExtractor(new ExtractorContext(format, KernelPath.Auto), options);
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(reference, reference, 0), sink);
        return sink[0, SsimExtractor.Key];
    }
}
