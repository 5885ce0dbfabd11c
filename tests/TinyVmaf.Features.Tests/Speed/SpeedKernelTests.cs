using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Speed;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Speed;

public sealed class SpeedKernelTests
{
    [Fact]
    public void The_decimating_filter_keeps_exactly_the_samples_of_the_whole_filtered_plane()
    {
        var random = new Random(3);
        const int w = 100, h = 70, stride = 104;
        float[] window = VifWindows.AntialiasWindow(4, 1.0f);
        float[] src = Enumerable.Range(0, stride * h).Select(_ => (float)random.Next(-128, 128)).ToArray();
        float[] whole = new float[stride * h], kept = new float[stride * h], row = new float[SeparableFilter.ScratchLength(stride, 4)];
        SpeedFilter.Filter(window, src, whole, row, w, h, stride, simd: false);
        SpeedFilter.FilterDecimate16(window, src, kept, row, w, h, stride, simd: true);
        for (int i = 0; i < h / 16; i++)
        {
            for (int j = 0; j < w / 16; j++)
            {
                Assert.Equal(whole[i * 16 * stride + j * 16], kept[i * stride + j]);
            }
        }
    }

    [Fact]
    public void The_windows_are_libvmafs_sizes_and_sum_to_one()
    {
        Assert.Equal(9, VifWindows.AntialiasWindow(4, 1.0f).Length);
        Assert.Equal(3, VifWindows.Window(4, 1.0f).Length);
        Assert.Equal(19, VifWindows.AntialiasWindow(4, 2.0f).Length);
        Assert.Equal(1.0, VifWindows.AntialiasWindow(4, 1.0f).Sum(), 6);
        Assert.Equal(1.0, VifWindows.Window(4, 1.0f).Sum(), 6);
    }

    [Fact]
    public void Eigenvalues_of_a_symmetric_matrix_match_an_independent_jacobi_solver()
    {
        const int n = 25;
        var random = new Random(11);
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                b[i, j] = random.NextDouble() - 0.5;
            }
        }

        // A = B B' + I: symmetric positive definite, like a covariance.
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = i == j ? 1 : 0;
                for (int k = 0; k < n; k++)
                {
                    sum += b[i, k] * b[j, k];
                }

                a[i, j] = sum;
            }
        }

        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                matrix[i * n + j] = (float)a[i, j];
            }
        }

        float[] eigen = new float[n];
        Assert.True(SpeedLinearAlgebra.Eigenvalues(matrix, eigen, n, new float[SpeedLinearAlgebra.EigenScratch(n)]));
        double[] expected = Jacobi(a, n);
        Array.Sort(expected);
        var actual = eigen.Select(e => (double)e).Order().ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4 * expected[^1]);
        }
    }

    [Fact]
    public void The_linear_solve_recovers_a_known_solution()
    {
        const int n = 25, m = 7;
        var random = new Random(5);
        float[] a = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                float v = (float)(random.NextDouble() - 0.5);
                a[i * n + j] = a[j * n + i] = v;
            }

            a[i * n + i] += n;
        }

        float[] x = Enumerable.Range(0, n * m).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] rhs = new float[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += a[i * n + k] * x[k * m + j];
                }

                rhs[i * m + j] = (float)sum;
            }
        }

        float[] solved = new float[n * m];
        Assert.True(SpeedLinearAlgebra.Solve(a, n, rhs, m, solved, new float[SpeedLinearAlgebra.SolveScratch(n, m)]));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], solved[i], 1e-4f);
        }
    }

    [Fact]
    public void Options_outside_libvmafs_ranges_are_refused_by_name()
    {
        Assert.Equal("speed_sigma_nn", Assert.Throws<ArgumentOutOfRangeException>(() => new SpeedOptions { SigmaNn = 3 }.Validate()).ParamName);
        Assert.Equal("speed_kernelscale", Assert.Throws<ArgumentOutOfRangeException>(() => new SpeedOptions { KernelScale = 1.3 }.Validate()).ParamName);
        Assert.Equal("speed_weight_var_mode", Assert.Throws<ArgumentOutOfRangeException>(() => new SpeedOptions { WeightVarMode = 7 }.Validate()).ParamName);
        Assert.Equal("speed_prescale_method", Assert.Throws<ArgumentOutOfRangeException>(() => SpeedOptions.ParseMethod("area")).ParamName);
        Assert.Equal(VifScalingMethod.Lanczos4, SpeedOptions.ParseMethod("lanczos4"));
    }

    [Fact]
    public void A_plane_too_small_for_the_blocks_is_refused_with_its_size()
    {
        // 384x216 4:2:0 prescaled by 0.5: the 96x54 chroma decimates to 6x3, under one 5x5 block (libvmaf crashes).
        var context = new ExtractorContext(new FrameFormat(384, 216, ChromaSubsampling.Yuv420, 8), KernelPath.Auto);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SpeedChromaExtractor(context, new SpeedOptions { Prescale = 0.5 }));
        Assert.Contains("192x108", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_pictures_score_zero_and_keys_carry_the_suffix()
    {
        var format = new FrameFormat(320, 320, ChromaSubsampling.Yuv444, 8);
        var frame = new Frame(format);
        var random = new Random(1);
        for (int p = 0; p < 3; p++)
        {
            var data = frame[p].Data;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (ushort)random.Next(256);
            }
        }

        var descriptor = SpeedChromaExtractor.Describe(new SpeedOptions(), "_x");
        using var extractor = descriptor.Create(new ExtractorContext(format, KernelPath.Auto));
        var sink = new RecordingSink();
        extractor.Extract(new FramePair(frame, frame, 0), sink);
        Assert.Equal(["speed_chroma_u_x", "speed_chroma_v_x", "speed_chroma_uv_x"], sink.KeysOf(0));
        Assert.All(sink.Writes, w => Assert.Equal(0.0, w.Value));
    }

    private static double[] Jacobi(double[,] input, int n)
    {
        var a = (double[,])input.Clone();
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                }
            }

            if (off < 1e-24)
            {
                break;
            }
        }

        return Enumerable.Range(0, n).Select(i => a[i, i]).ToArray();
    }
}
