using TinyVmaf.Features.Cambi;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>checkasm-style: the AVX2 kernel and the vector filters against the scalar references, bit for bit.</summary>
public sealed class CambiKernelTests
{
    private static readonly CambiContrast DefaultContrast = new(2, 0.019, CambiEotf.Bt1886);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    public void The_vector_kernel_keeps_the_same_histograms_and_c_values_at_every_width(int pad)
    {
        Assert.SkipUnless(CambiVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        var random = new Random(pad);
        int positive = 0;
        for (int width = 1; width <= 80; width += width < 40 ? 1 : 7)
        {
            int height = 2 * pad + 5;
            var (image, mask) = RandomRows(random, width, height, DefaultContrast);
            var scalar = new CambiHistograms(width, pad, DefaultContrast);
            var vector = new CambiHistograms(width, pad, DefaultContrast);
            scalar.Reset(width);
            vector.Reset(width);
            var scalarValues = new float[width];
            var vectorValues = new float[width];
            ICambiKernel scalarKernel = new CambiScalarKernel(), vectorKernel = new CambiVectorKernel(width);
            for (int r = 0; r < Math.Min(pad, height); r++)
            {
                scalarKernel.Slide(scalar, image[r], mask[r], default, default);
                vectorKernel.Slide(vector, image[r], mask[r], default, default);
            }

            for (int i = 0; i < height; i++)
            {
                int entering = i + pad, leaving = i - pad - 1;
                ushort[] none = [];
                var (ei, em) = entering < height ? (image[entering], mask[entering]) : (none, none);
                var (li, lm) = leaving >= 0 ? (image[leaving], mask[leaving]) : (none, none);
                scalarKernel.Slide(scalar, ei, em, li, lm);
                vectorKernel.Slide(vector, ei, em, li, lm);
                AssertSameCounts(scalar, vector, $"width {width}, row {i}");

                int scalarCount = scalarKernel.CValuesRow(scalar, image[i], mask[i], scalarValues);
                int vectorCount = vectorKernel.CValuesRow(vector, image[i], mask[i], vectorValues);
                Assert.True(
                    scalarValues.AsSpan(0, scalarCount).SequenceEqual(vectorValues.AsSpan(0, vectorCount)),
                    $"c-values differ at width {width}, row {i}");
                Assert.DoesNotContain(0f, scalarValues[..scalarCount]);
                positive += scalarCount;
            }
        }

        Assert.True(pad == 0 || positive > 100, $"only {positive} positive c-values: the rows do not exercise the contrast");
    }

    [Theory]
    [InlineData(331, 219, 8)]
    [InlineData(347, 225, 10)]
    [InlineData(217, 403, 8)]
    [InlineData(401, 233, 10)]
    public void Vector_and_scalar_paths_score_odd_pictures_the_same_on_every_scale(int width, int height, int bitDepth)
    {
        Assert.SkipUnless(CambiVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv420, bitDepth);
        var frame = CambiPictures.Banded(format, width + height);
        using var scalar = new CambiExtractor(new ExtractorContext(format, KernelPath.Scalar), CambiOptions.Default);
        using var vector = new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), CambiOptions.Default);
        Assert.IsType<CambiScalarKernel>(scalar.Scorer.Kernel);
        Assert.IsType<CambiVectorKernel>(vector.Scorer.Kernel);
        var scalarSink = new RecordingSink();
        var vectorSink = new RecordingSink();

        scalar.Extract(new FramePair(frame, frame, 0), scalarSink);
        vector.Extract(new FramePair(frame, frame, 0), vectorSink);

        Assert.Equal(scalar.Scorer.ScaleScores, vector.Scorer.ScaleScores);
        Assert.Equal(scalarSink[0, "cambi"], vectorSink[0, "cambi"]);
        Assert.True(scalarSink[0, "cambi"] > 0, "the picture has visible bands, so its score is positive");
    }

    [Theory]
    [InlineData(1920, 1080, 8, 1080, 0.06)]
    [InlineData(401, 233, 10, 0, 0.5)]
    public void Vector_and_scalar_paths_agree_with_the_v1_models_options(int width, int height, int bitDepth, int speedup, double visLumThreshold)
    {
        Assert.SkipUnless(CambiVectorKernel.IsSupported, "this CPU has no AVX2: only the scalar kernel runs here");
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv420, bitDepth);
        var frame = CambiPictures.Banded(format, width + height);
        var options = new CambiOptions { HighResSpeedup = speedup, VisLumThreshold = visLumThreshold, CambiMaxVal = 17 };
        using var scalar = new CambiExtractor(new ExtractorContext(format, KernelPath.Scalar), options);
        using var vector = new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), options);
        using var plain = new CambiExtractor(new ExtractorContext(format, KernelPath.Auto), CambiOptions.Default);
        var scalarSink = new RecordingSink();
        var vectorSink = new RecordingSink();
        var plainSink = new RecordingSink();

        scalar.Extract(new FramePair(frame, frame, 0), scalarSink);
        vector.Extract(new FramePair(frame, frame, 0), vectorSink);
        plain.Extract(new FramePair(frame, frame, 0), plainSink);

        Assert.Equal(scalar.Scorer.ScaleScores, vector.Scorer.ScaleScores);
        Assert.Equal(scalarSink[0, "cambi"], vectorSink[0, "cambi"]);
        Assert.NotEqual(plainSink[0, "cambi"], vectorSink[0, "cambi"]);
        // At 1920x1080 the window is (65·3000/375) >> 4 = 32: 33 when made odd, ((32 + 1) >> 1) | 1 = 17 with the speedup.
        Assert.Equal(speedup != 0 ? 17 : plain.Scorer.WindowSize, vector.Scorer.WindowSize);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(17, 5)]
    [InlineData(33, 9)]
    [InlineData(67, 41)]
    public void The_vector_mode_filter_and_spatial_mask_equal_the_scalar_ones(int width, int height)
    {
        var random = new Random(width * height);
        var picture = new ushort[width * height];
        for (int i = 0; i < picture.Length; i++)
        {
            // Few distinct values, so that ties, modes and flat squares are common.
            picture[i] = (ushort)(random.Next(3) == 0 ? random.Next(1024) : 500 + random.Next(3));
        }

        var scalarMode = (ushort[])picture.Clone();
        var vectorMode = (ushort[])picture.Clone();
        CambiFilters.FilterMode(scalarMode, width, height, new ushort[3 * width], useSimd: false);
        CambiFilters.FilterMode(vectorMode, width, height, new ushort[3 * width], useSimd: true);
        Assert.Equal(scalarMode, vectorMode);

        var scalarMask = new ushort[width * height];
        var vectorMask = new ushort[width * height];
        CambiFilters.SpatialMask(picture, scalarMask, width, height, new CambiFilters.MaskScratch(width), useSimd: false);
        CambiFilters.SpatialMask(picture, vectorMask, width, height, new CambiFilters.MaskScratch(width), useSimd: true);
        Assert.Equal(scalarMask, vectorMask);
    }

    private static void AssertSameCounts(CambiHistograms expected, CambiHistograms actual, string where)
    {
        for (int value = 0; value <= expected.Contrast.BandTop; value++)
        {
            var e = expected.Counts.AsSpan(value * expected.Stride, expected.Width);
            var a = actual.Counts.AsSpan(value * actual.Stride, actual.Width);
            Assert.True(e.SequenceEqual(a), $"counts of value {value} differ at {where}");
        }
    }

    /// <summary>Rows of values clustered around a few levels (runs, steps, values above the band), 80% masked.</summary>
    private static (ushort[][] Image, ushort[][] Mask) RandomRows(Random random, int width, int height, CambiContrast contrast)
    {
        int[] levels = [0, 3, 100, 101, 103, contrast.MaxTvi, contrast.BandTop, contrast.BandTop + 1, 1023];
        var image = new ushort[height][];
        var mask = new ushort[height][];
        for (int r = 0; r < height; r++)
        {
            image[r] = new ushort[width];
            mask[r] = new ushort[width];
            int level = levels[random.Next(levels.Length)];
            for (int j = 0; j < width; j++)
            {
                if (random.Next(5) == 0)
                {
                    level = levels[random.Next(levels.Length)];
                }

                image[r][j] = (ushort)Math.Clamp(level + random.Next(-1, 2), 0, 1023);
                mask[r][j] = (ushort)(random.Next(5) == 0 ? 0 : 1);
            }
        }

        return (image, mask);
    }
}
