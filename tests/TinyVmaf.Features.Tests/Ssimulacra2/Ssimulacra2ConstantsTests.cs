using TinyVmaf.Features.Ssimulacra2;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

/// <summary>
/// The tables and constants of SSIMULACRA 2 against independent numbers: the weight table's fingerprint taken
/// from the fork's source, libjxl's pooling formula evaluated outside C#, the Gaussian the blur approximates,
/// the exact sRGB curve and cube root, and the BT.709 primaries.
/// </summary>
public sealed class Ssimulacra2ConstantsTests
{
    [Fact]
    public void The_weight_table_is_libjxls_108_weights()
    {
        // Fingerprint of kWeights in the fork's ssimulacra2.c (libjxl tools/ssimulacra2.cc), computed from that source.
        var weights = Ssimulacra2Pooling.Weights.ToArray();
        Assert.Equal(108, weights.Length);
        Assert.Equal(52, weights.Count(w => w != 0.0));
        Assert.Equal(888.3148365876134, weights.Sum(), 1e-9);
        Assert.Equal(59243.59081404306, weights.Select((w, i) => i * w).Sum(), 1e-7);
        Assert.All(weights, w => Assert.True(w >= 0.0));

        // The heaviest weight is the mean SSIM error of Y at the third scale.
        Assert.Equal(48, Array.IndexOf(weights, weights.Max()));
        Assert.Equal(225.20515300849274, weights[(1 * 36) + (2 * 6) + (0 * 3) + 0]);
    }

    [Fact]
    public void Pooling_follows_libjxls_polynomial_and_power()
    {
        // Expected values: libjxl's formula evaluated in Python on the fork's weight table.
        var norms = new ChannelNorms[Ssimulacra2Pooling.ScaleCount * Ssimulacra2Pooling.ChannelCount];
        Assert.Equal(100.0, Ssimulacra2Pooling.Score(norms, Ssimulacra2Pooling.ScaleCount));

        norms[(2 * 3) + 1].SsimMean = 0.01;
        Assert.Equal(72.83602981458463, Ssimulacra2Pooling.Score(norms, Ssimulacra2Pooling.ScaleCount), 1e-10);

        for (int i = 0; i < norms.Length; i++)
        {
            norms[i] = new ChannelNorms
            {
                SsimMean = 0.02, Ssim4Norm = 0.02, ArtifactMean = 0.02, Artifact4Norm = 0.02, DetailLossMean = 0.02, DetailLoss4Norm = 0.02,
            };
        }

        Assert.Equal(8.869968945910927, Ssimulacra2Pooling.Score(norms, Ssimulacra2Pooling.ScaleCount), 1e-10);
    }

    [Fact]
    public void Scales_a_small_picture_lacks_count_as_no_error()
    {
        var norms = new ChannelNorms[Ssimulacra2Pooling.ScaleCount * Ssimulacra2Pooling.ChannelCount];
        for (int i = 0; i < norms.Length; i++)
        {
            norms[i].Ssim4Norm = 0.05;
        }

        double firstOnly = Ssimulacra2Pooling.Score(norms, scales: 1);
        var onlyFirst = new ChannelNorms[norms.Length];
        Array.Copy(norms, onlyFirst, Ssimulacra2Pooling.ChannelCount);
        Assert.Equal(Ssimulacra2Pooling.Score(onlyFirst, Ssimulacra2Pooling.ScaleCount), firstOnly);
        Assert.True(firstOnly > Ssimulacra2Pooling.Score(norms, Ssimulacra2Pooling.ScaleCount));
    }

    [Fact]
    public void The_recursive_blur_approximates_a_gaussian_of_sigma_one_and_a_half()
    {
        var blur = RecursiveGaussian.Ssimulacra2;
        Assert.Equal(5, blur.Radius);

        const int size = 64, centre = 32;
        var impulse = new float[size];
        impulse[centre] = 1.0f;
        var response = new float[size];
        blur.FilterLine(impulse, response);

        double sigma = RecursiveGaussian.Sigma, worst = 0.0;
        for (int x = 0; x < size; x++)
        {
            double d = x - centre;
            double gaussian = Math.Exp(-d * d / (2 * sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));
            worst = Math.Max(worst, Math.Abs(response[x] - gaussian));
        }

        // Zero phase: the two taps straddle the output symmetrically.
        for (int k = 1; k < centre; k++)
        {
            Assert.Equal(response[centre - k], response[centre + k], 1e-6);
        }

        // Charalampidis' three-cosine fit is close to, not equal to, the Gaussian; the fork keeps its own shape.
        Assert.True(worst < 2e-3, $"largest difference from the Gaussian: {worst}");
        Assert.Equal(1.0, response.Sum(), 1e-4);
        TestContext.Current.TestOutputHelper?.WriteLine($"largest difference from the Gaussian {worst:G3}, sum {response.Sum():R}");
    }

    /// <remarks>
    /// The fork's snapshot test states the table's accuracy as about 5e-7 (its header comment says 2e-7; the
    /// worst error, near the end of the linear segment, is 4.5e-7).
    /// </remarks>
    [Fact]
    public void The_srgb_table_stays_within_the_forks_stated_accuracy_of_the_exact_curve()
    {
        Assert.Equal(0.0f, SrgbEotf.ToLinear(0.0f));
        Assert.Equal(0.0f, SrgbEotf.ToLinear(-0.5f));
        Assert.Equal(1.0f, SrgbEotf.ToLinear(1.0f));
        Assert.Equal(1.0f, SrgbEotf.ToLinear(1.5f));

        double worst = 0.0;
        float previous = 0.0f;
        for (int i = 0; i <= 100_000; i++)
        {
            float v = i / 100_000f;
            float linear = SrgbEotf.ToLinear(v);
            worst = Math.Max(worst, Math.Abs(linear - ExactEotf(v)));
            Assert.True(linear >= previous, $"the curve falls at {v}");
            previous = linear;
        }

        Assert.True(worst < 5e-7, $"largest error {worst}");
    }

    /// <remarks>
    /// The relative error roughly squares at each Newton step, so two steps from a bit-level guess up to ~3.5% off
    /// leave up to (0.035²)² ≈ 1.5e-6. (The fork's comment promises under an ulp; it is up to ~20 ulps.) Parity
    /// needs this cube root, not a better one.
    /// </remarks>
    [Fact]
    public void The_newton_cube_root_is_within_two_parts_per_million()
    {
        Assert.Equal(0.0f, OpsinXyb.CubeRoot(0.0f));
        Assert.Equal(0.0f, OpsinXyb.CubeRoot(-1.0f));
        var random = new Random(7);
        double worst = 0.0;
        for (int i = 0; i < 100_000; i++)
        {
            // The range XYB feeds it: opsin bias (~0.0038) to a little over 1, and a few decades either side.
            float x = i < 1000 ? OpsinXyb.OpsinBias + (i / 1000f) : (float)Math.Pow(10, -6 + (8 * random.NextDouble()));
            double exact = Math.Cbrt(x);
            worst = Math.Max(worst, Math.Abs(OpsinXyb.CubeRoot(x) - exact) / exact);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"largest relative error {worst:G3}");
        Assert.True(worst < 2e-6, $"largest relative error {worst}");
    }

    [Fact]
    public void Bt709_limited_range_takes_the_standards_primaries_to_rgb()
    {
        var matrix = YuvToRgb.For(YuvMatrix.Bt709Limited, 8);
        foreach (var rgb in Primaries)
        {
            AssertRgb(matrix, StudioCodes(rgb, kr: 0.2126, kb: 0.0722), rgb);
        }
    }

    [Fact]
    public void Bt601_full_range_takes_its_primaries_to_rgb()
    {
        var matrix = YuvToRgb.For(YuvMatrix.Bt601Full, 8);
        foreach (var rgb in Primaries)
        {
            AssertRgb(matrix, FullCodes(rgb, kr: 0.299, kb: 0.114), rgb);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Yuv_matrix_must_be_one_of_the_forks_four(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ssimulacra2Options { YuvMatrix = (YuvMatrix)value });

    private static double ExactEotf(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    private static readonly (double R, double G, double B)[] Primaries = [(1, 1, 1), (0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)];

    /// <summary>8-bit studio-range codes of an RGB colour by the standard's forward equations (BT.709-6 / BT.601-7).</summary>
    private static (int Y, int Cb, int Cr) StudioCodes((double R, double G, double B) c, double kr, double kb)
    {
        double y = (kr * c.R) + ((1 - kr - kb) * c.G) + (kb * c.B);
        return ((int)Math.Round(16 + (219 * y)), (int)Math.Round(128 + (224 * (c.B - y) / (2 * (1 - kb)))), (int)Math.Round(128 + (224 * (c.R - y) / (2 * (1 - kr)))));
    }

    /// <summary>8-bit full-range (JFIF) codes of an RGB colour, clipped to the code range.</summary>
    private static (int Y, int Cb, int Cr) FullCodes((double R, double G, double B) c, double kr, double kb)
    {
        double y = (kr * c.R) + ((1 - kr - kb) * c.G) + (kb * c.B);
        return ((int)Math.Round(255 * y), Math.Clamp((int)Math.Round(128 + (255 * (c.B - y) / (2 * (1 - kb)))), 0, 255), Math.Clamp((int)Math.Round(128 + (255 * (c.R - y) / (2 * (1 - kr)))), 0, 255));
    }

    /// <summary>
    /// Non-linear RGB, before clamping, of one 8-bit YUV triple. Codes are whole numbers, so the colour comes back
    /// within half a code of each component, spread by the matrix: about 0.01. Full range also centres chroma at
    /// 0.5 of 255 rather than at code 128, as the fork does (another 0.004 on blue).
    /// </summary>
    private static void AssertRgb(YuvToRgb m, (int Y, int Cb, int Cr) yuv, (double R, double G, double B) expected)
    {
        const double tolerance = 0.012;
        float y = ((yuv.Y * m.InversePeak) - m.YOffset) * m.YScale;
        float u = ((yuv.Cb * m.InversePeak) - m.COffset) * m.CScale;
        float v = ((yuv.Cr * m.InversePeak) - m.COffset) * m.CScale;
        Assert.Equal(expected.R, y + (m.CrToR * v), tolerance);
        Assert.Equal(expected.G, y + (m.CbToG * u) + (m.CrToG * v), tolerance);
        Assert.Equal(expected.B, y + (m.CbToB * u), tolerance);
    }
}
