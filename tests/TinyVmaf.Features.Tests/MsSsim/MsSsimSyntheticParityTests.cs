using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.MsSsim;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Tests.Ssim;
using TinyVmaf.Features.Video;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.MsSsim;

/// <summary>
/// MS-SSIM where the golden clips do not reach: odd sides through all five scales, 12- and 16-bit samples,
/// larger pictures and the decibel form. The expected numbers are libvmaf's (the reference fork's CLI,
/// <c>--precision max</c>) on the pairs of <see cref="SyntheticPictures"/> with the given seed (frame 0) and
/// seed + 10 (frame 1), written out as 4:4:4 Y4M (raw YUV at 16 bits).
/// </summary>
public sealed class MsSsimSyntheticParityTests
{
    private static readonly double Tolerance = GoldenTolerance.For("float_ms_ssim");

    public static TheoryData<int, int, int, int, double, double, KernelPath> Cases => new()
    {
        { 577, 385, 8, 1, 0.9801322552668703, 0.9801372611531436, KernelPath.Auto },   // odd sides at every scale
        { 577, 385, 8, 1, 0.9801322552668703, 0.9801372611531436, KernelPath.Scalar },
        { 700, 650, 10, 2, 0.9793695869081503, 0.9794305056577455, KernelPath.Auto },
        { 700, 650, 10, 2, 0.9793695869081503, 0.9794305056577455, KernelPath.Scalar },
        { 1030, 900, 12, 3, 0.9793936215057897, 0.979372843061708, KernelPath.Auto },
        { 400, 300, 16, 4, 0.9789742728107594, 0.9789825085221034, KernelPath.Auto },
        { 400, 300, 16, 4, 0.9789742728107594, 0.9789825085221034, KernelPath.Scalar },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Odd_sides_and_high_bit_depths_match_libvmaf(
        int width, int height, int bitDepth, int seed, double frame0, double frame1, KernelPath kernels)
    {
        var scores = Scores(width, height, bitDepth, seed, MsSsimOptions.Default, kernels);

        Assert.True(Math.Abs(scores[0] - frame0) <= Tolerance, $"frame 0: ours {scores[0]:R}, libvmaf {frame0:R}");
        Assert.True(Math.Abs(scores[1] - frame1) <= Tolerance, $"frame 1: ours {scores[1]:R}, libvmaf {frame1:R}");
    }

    [Fact]
    public void The_decibel_form_matches_libvmaf_including_an_identical_pair()
    {
        var scores = Scores(577, 385, 8, 1, new MsSsimOptions { EnableDb = true, ClipDb = true }, KernelPath.Auto);
        Assert.True(Math.Abs(FromDb(scores[0]) - FromDb(17.01851428589507)) <= Tolerance, $"ours {scores[0]:R} dB");
        Assert.True(Math.Abs(FromDb(scores[1]) - FromDb(17.01960867418392)) <= Tolerance, $"ours {scores[1]:R} dB");

        // An identical pair is not exactly 1 here (1 − 8e-9: the luminance and contrast ratios round differently
        // in their numerators and denominators), so libvmaf's decibels stay below the 105 dB cap at 8 bits. So
        // close to 1 the score tolerance says nothing; 0.01 dB is 2e-11 in the score.
        double identical8 = Identical(577, 385, 8);
        Assert.True(Math.Abs(identical8 - 80.99889713567086) <= 0.01, $"ours {identical8:R} dB, libvmaf 80.99889713567086");

        // At 10 bits the pair reaches the 120 dB cap.
        Assert.Equal(120, Identical(700, 650, 10));
    }

    private static double FromDb(double db) => 1 - Math.Pow(10, -db / 10);

    private static double[] Scores(int width, int height, int bitDepth, int seed, MsSsimOptions options, KernelPath kernels)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        using var extractor = new MsSsimExtractor(new ExtractorContext(format, kernels), options);
        var sink = new RecordingSink();
        for (int frame = 0; frame < 2; frame++)
        {
            var (reference, distorted) = SyntheticPictures.Pair(format, seed + 10 * frame);
            extractor.Extract(new FramePair(reference, distorted, frame), sink);
        }

        return [sink[0, MsSsimExtractor.Key], sink[1, MsSsimExtractor.Key]];
    }

    private static double Identical(int width, int height, int bitDepth)
    {
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, bitDepth);
        var (reference, _) = SyntheticPictures.Pair(format, 1);
        using var extractor = new MsSsimExtractor(
            new ExtractorContext(format, KernelPath.Auto), new MsSsimOptions { EnableDb = true, ClipDb = true });
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(reference, reference, 0), sink);
        return sink[0, MsSsimExtractor.Key];
    }
}
