using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Ssimulacra2;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

/// <summary>
/// The AVX2 kernel against the scalar reference on odd sizes, at 8 and 10 bits. Up to the blur the two must agree
/// bit for bit (the blur's recurrences do not forgive a rounding difference); the vector kernel takes the maps in
/// float, so their norms may differ by float rounding.
/// </summary>
public sealed class Ssimulacra2KernelTests
{
    /// <summary>
    /// A map norm's term carries a few float ulps of 1 (about 1e-7) where the scalar kernel's carries double
    /// rounding; a mean of such terms, or a 4-norm of values of 0.01 and more, moves by well under 1e-6.
    /// </summary>
    private const double NormTolerance = 1e-6;

    /// <summary>The score moves by the weighted norms: observed around 1e-5, a hundredth of the parity bar.</summary>
    private const double ScoreTolerance = 1e-4;

    public static TheoryData<int, int, ChromaSubsampling, int> Formats => new()
    {
        { 37, 29, ChromaSubsampling.Yuv420, 8 },
        { 61, 23, ChromaSubsampling.Yuv422, 10 },
        { 23, 19, ChromaSubsampling.Yuv444, 8 },
        { 9, 8, ChromaSubsampling.Yuv420, 10 },
        { 8, 13, ChromaSubsampling.Yuv444, 10 },
        { 203, 97, ChromaSubsampling.Yuv420, 8 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Both_kernels_make_the_same_linear_rgb_to_the_bit(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        var (scalar, vector) = Kernels(width, height, chroma, bitDepth);
        var format = new FrameFormat(width, height, chroma, bitDepth);
        var frame = RandomFrames.Reference(format, seed: width);
        var matrix = YuvToRgb.For(YuvMatrix.Bt709Limited, bitDepth);
        var expected = Rgb(width);
        var actual = Rgb(width);
        for (int row = 0; row < height; row++)
        {
            scalar.LinearRgbRow(frame, matrix, row, expected[0], expected[1], expected[2]);
            vector.LinearRgbRow(frame, matrix, row, actual[0], actual[1], actual[2]);
            for (int c = 0; c < 3; c++)
            {
                AssertBitwiseEqual(expected[c], actual[c], $"row {row} channel {c}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Both_kernels_make_the_same_xyb_to_the_bit(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        var (scalar, vector) = Kernels(width, height, chroma, bitDepth);
        var random = new Random(width + height);
        var rgb = Rgb(width);
        for (int c = 0; c < 3; c++)
        {
            for (int x = 0; x < width; x++)
            {
                // Linear light over [0, 1], its ends included.
                rgb[c][x] = x % 7 == 0 ? x % 2 : (float)Math.Pow(random.NextDouble(), 3);
            }
        }

        var expected = Rgb(width);
        var actual = Rgb(width);
        scalar.XybRow(rgb[0], rgb[1], rgb[2], expected[0], expected[1], expected[2]);
        vector.XybRow(rgb[0], rgb[1], rgb[2], actual[0], actual[1], actual[2]);
        for (int c = 0; c < 3; c++)
        {
            AssertBitwiseEqual(expected[c], actual[c], $"channel {c}");
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Both_kernels_halve_a_row_to_the_same_bits(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        var (scalar, vector) = Kernels(width, height, chroma, bitDepth);
        var random = new Random(width * 3);
        var top = Enumerable.Range(0, width).Select(_ => random.NextSingle()).ToArray();
        var bottom = Enumerable.Range(0, width).Select(_ => random.NextSingle()).ToArray();
        var expected = new float[(width + 1) / 2];
        var actual = new float[(width + 1) / 2];
        scalar.DownsampleRow(top, bottom, expected);
        vector.DownsampleRow(top, bottom, actual);
        AssertBitwiseEqual(expected, actual, "halved row");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Both_kernels_find_the_same_map_norms_up_to_float_rounding(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        var (scalar, vector) = Kernels(width, height, chroma, bitDepth);
        var random = new Random(width ^ height);
        var reference = Enumerable.Range(0, width * height).Select(_ => 0.2f + (0.6f * random.NextSingle())).ToArray();
        var distorted = reference.Select(v => v + (0.05f * (random.NextSingle() - 0.5f))).ToArray();
        var expected = scalar.CompareChannel(reference, distorted, width, height);
        var actual = vector.CompareChannel(reference, distorted, width, height);
        Assert.Equal(expected.SsimMean, actual.SsimMean, NormTolerance);
        Assert.Equal(expected.Ssim4Norm, actual.Ssim4Norm, NormTolerance);
        Assert.Equal(expected.ArtifactMean, actual.ArtifactMean, NormTolerance);
        Assert.Equal(expected.Artifact4Norm, actual.Artifact4Norm, NormTolerance);
        Assert.Equal(expected.DetailLossMean, actual.DetailLossMean, NormTolerance);
        Assert.Equal(expected.DetailLoss4Norm, actual.DetailLoss4Norm, NormTolerance);
        Assert.True(expected.SsimMean > 1e-3, "the test pictures should differ visibly");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Both_kernels_score_a_distorted_frame_alike(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        var format = new FrameFormat(width, height, chroma, bitDepth);
        SkipUnlessVectorized();
        var reference = RandomFrames.Reference(format, seed: 11);
        var distorted = RandomFrames.Distorted(reference, noise: 12, seed: 12);
        using var scalar = new Ssimulacra2Extractor(new ExtractorContext(format, KernelPath.Scalar), Ssimulacra2Options.Default);
        using var vector = new Ssimulacra2Extractor(new ExtractorContext(format, KernelPath.Auto), Ssimulacra2Options.Default);
        double expected = scalar.Score(reference, distorted);
        Assert.Equal(expected, vector.Score(reference, distorted), ScoreTolerance);

        // Again, with whatever the first frame left in the buffers.
        Assert.Equal(expected, vector.Score(reference, distorted), ScoreTolerance);
        Assert.InRange(expected, 0.0, 99.0);
    }

    private static (ISsimulacra2Kernel Scalar, ISsimulacra2Kernel Vector) Kernels(int width, int height, ChromaSubsampling chroma, int bitDepth)
    {
        SkipUnlessVectorized();
        var format = new FrameFormat(width, height, chroma, bitDepth);
        return (new Ssimulacra2ScalarKernel(format), new Ssimulacra2VectorKernel(format));
    }

    private static void SkipUnlessVectorized() =>
        Assert.SkipUnless(Ssimulacra2VectorKernel.IsSupported, "this CPU has no AVX2, so there is no vector kernel to compare");

    private static float[][] Rgb(int width) => [new float[width], new float[width], new float[width]];

    private static void AssertBitwiseEqual(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}, element {i}: scalar {expected[i]:R}, vector {actual[i]:R}");
        }
    }
}
