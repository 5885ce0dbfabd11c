using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Speed;

namespace TinyVmaf.Features.Tests.Speed;

/// <summary>SpEED's vector kernels against their scalar references, bit for bit.</summary>
public sealed class SpeedSimdTests
{
    [Theory]
    [InlineData(5, 5, 0)]
    [InlineData(6, 9, 1)]
    [InlineData(26, 11, 2)]
    [InlineData(56, 26, 3)]
    [InlineData(33, 17, 4)]
    public void The_vector_covariance_equals_the_scalar_one(int across, int down, int seed)
    {
        var random = new Random(seed);
        int stride = across + 4 + 3 + random.Next(3);
        int rows = down + 4;
        foreach (var plane in Planes(random, stride * rows))
        {
            float[] meansScalar = new float[SpeedCovariance.Elements], meansVector = new float[SpeedCovariance.Elements];
            float[] covScalar = new float[SpeedCovariance.Elements * SpeedCovariance.Elements];
            float[] covVector = new float[covScalar.Length];
            SpeedCovariance.Scalar(plane, stride, across, down, meansScalar, covScalar);
            var kernel = new SpeedCovariance(across, down, simd: true);
            kernel.Compute(plane, stride, meansVector, covVector);
            Assert.Equal(meansScalar, meansVector);
            Assert.Equal(covScalar, covVector);
        }
    }

    [Theory]
    [InlineData(25, 25, 25)]
    [InlineData(25, 25, 72)]
    [InlineData(3, 7, 8)]
    [InlineData(9, 4, 13)]
    [InlineData(5, 5, 3)]
    public void The_vector_matrix_product_equals_the_scalar_one(int rows, int inner, int cols)
    {
        var random = new Random(rows * 100 + cols);
        float[] x = Enumerable.Range(0, rows * inner).Select(_ => (float)(random.NextDouble() * 2 - 1) * (random.Next(4) == 0 ? 1e6f : 1f)).ToArray();
        float[] y = Enumerable.Range(0, inner * cols).Select(_ => random.Next(5) == 0 ? -0.0f : (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] scalar = new float[rows * cols], vector = new float[rows * cols];
        SpeedLinearAlgebra.MultiplyScalar(scalar, x, y, rows, inner, cols);
        SpeedLinearAlgebra.MultiplyVector(vector, x, y, rows, inner, cols);
        Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(25)]
    [InlineData(33)]
    public void The_vector_eigenvalues_equal_the_scalar_ones(int n)
    {
        var random = new Random(n);
        for (int round = 0; round < 3; round++)
        {
            // Covariance-like (B B'), and with a share of exact zeros and large entries.
            float[] matrix = new float[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    float value = round switch
                    {
                        0 => (float)(random.NextDouble() - 0.5),
                        1 => random.Next(3) == 0 ? 0 : (float)(random.NextDouble() * 1e4),
                        _ => (float)((random.NextDouble() - 0.5) * 1e-3),
                    };
                    matrix[i * n + j] = matrix[j * n + i] = value;
                }

                matrix[i * n + i] += round == 1 ? 0 : n;
            }

            float[] scalar = new float[n], vector = new float[n];
            bool scalarConverged = SpeedLinearAlgebra.Eigenvalues(matrix, scalar, n, new float[SpeedLinearAlgebra.EigenScratch(n)], simd: false);
            bool vectorConverged = SpeedLinearAlgebra.Eigenvalues(matrix, vector, n, new float[SpeedLinearAlgebra.EigenScratch(n)], simd: true);
            Assert.Equal(scalarConverged, vectorConverged);
            Assert.Equal(scalar.Select(BitConverter.SingleToInt32Bits), vector.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void The_vector_solve_equals_the_scalar_one()
    {
        const int n = 25, m = 72;
        var random = new Random(9);
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i * n + j] = a[j * n + i] = (float)(random.NextDouble() - 0.5);
            }

            a[i * n + i] += n;
        }

        float[] b = Enumerable.Range(0, n * m).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
        float[] scalar = new float[n * m], vector = new float[n * m];
        Assert.True(SpeedLinearAlgebra.Solve(a, n, b, m, scalar, new float[SpeedLinearAlgebra.SolveScratch(n, m)], simd: false));
        Assert.True(SpeedLinearAlgebra.Solve(a, n, b, m, vector, new float[SpeedLinearAlgebra.SolveScratch(n, m)], simd: true));
        Assert.Equal(scalar, vector);
    }

    [Theory]
    [InlineData(8, 160, 160, 1.0)]
    [InlineData(8, 413, 301, 1.0)]
    [InlineData(10, 330, 250, 1.0)]
    [InlineData(10, 661, 499, 0.5)]
    [InlineData(12, 365, 285, 1.0)]
    [InlineData(16, 163, 88, 1.0)]
    public void The_vector_estimator_scores_as_the_scalar_one(int bitDepth, int width, int height, double prescale)
    {
        var random = new Random(width + bitDepth);
        int max = (1 << bitDepth) - 1;
        int stride = width + 3;
        var options = new SpeedOptions { NnFloor = 0.1, SigmaNn = 0.19, WeightVarMode = 5, Prescale = prescale, PrescaleMethod = VifScalingMethod.Bilinear };
        var scalar = new SpeedEstimator(width, height, options, useSimd: false);
        var vector = new SpeedEstimator(width, height, options, useSimd: true);
        for (int round = 0; round < 3; round++)
        {
            // Smooth content with noise, and a share of samples at the extremes 0 and max.
            var reference = new ushort[stride * height];
            var distorted = new ushort[stride * height];
            for (int i = 0; i < reference.Length; i++)
            {
                int smooth = (int)(max * (0.5 + 0.4 * Math.Sin(i % stride * 0.07 + i / stride * 0.05)));
                reference[i] = (ushort)Math.Clamp(smooth + random.Next(-max / 8, max / 8 + 1), 0, max);
                distorted[i] = round switch
                {
                    0 => (ushort)Math.Clamp(reference[i] + random.Next(-max / 16, max / 16 + 1), 0, max),
                    1 => (ushort)(random.Next(6) == 0 ? (random.Next(2) == 0 ? 0 : max) : reference[i]),
                    _ => (ushort)random.Next(max + 1),
                };
            }

            bool okScalar = scalar.Score(reference, stride, distorted, stride, bitDepth, out float expected);
            bool okVector = vector.Score(reference, stride, distorted, stride, bitDepth, out float actual);
            Assert.Equal(okScalar, okVector);
            Assert.Equal(expected, actual);
            if (bitDepth == 8)
            {
                // Planes kept as bytes (as the readers fill them) load through the same kernel.
                byte[] referenceBytes = reference.Select(v => (byte)v).ToArray(), distortedBytes = distorted.Select(v => (byte)v).ToArray();
                bool okBytes = vector.Score<byte>(referenceBytes, stride, distortedBytes, stride, bitDepth, out float fromBytes);
                Assert.Equal(okScalar, okBytes);
                Assert.Equal(expected, fromBytes);
            }
        }
    }

    /// <summary>Planes of the decimated range: random in [−128, 128), at the two extremes only, and smooth.</summary>
    private static IEnumerable<float[]> Planes(Random random, int length)
    {
        yield return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 256 - 128)).ToArray();
        yield return Enumerable.Range(0, length).Select(_ => random.Next(2) == 0 ? -128f : 127f).ToArray();
        yield return Enumerable.Range(0, length).Select(i => (float)(100 * Math.Sin(i * 0.01)) + (float)random.NextDouble() * 1e-3f).ToArray();
    }
}
