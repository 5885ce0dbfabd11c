using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Regressor;

public sealed class MlpNetworkTests
{
    private const int Inputs = 4;
    private const int Hidden = 5;
    private const int Depth = 2;
    private const int Rows = 9;
    private const float Dropout = 0.3f;
    private const ulong DropoutSeed = 11;

    private static (MlpNetwork<double> Network, double[] Input, double[] Labels) Problem(int outputs)
    {
        var network = new MlpNetwork<double>(Inputs, Hidden, Depth, outputs, Rows);
        network.Initialise(new SeededRandom(3));
        var random = new SeededRandom(5);
        var input = new double[Inputs * Rows];
        for (int i = 0; i < input.Length; i++)
            input[i] = 2 * random.NextDouble() - 1;
        var labels = new double[Rows];
        for (int i = 0; i < Rows; i++)
            labels[i] = 2 * random.NextDouble() - 1;
        return (network, input, labels);
    }

    // The loss with dropout masks drawn from a fresh stream with a fixed seed, so that every evaluation sees
    // the same masks: the finite differences then check dropout's backward pass too.
    private static double Loss(MlpNetwork<double> network, double[] input, double[] labels, double[]? gradient = null)
    {
        var output = network.Forward(input, Rows, new SeededRandom(DropoutSeed), Dropout);
        var outputGradient = new double[output.Length];
        double loss = RegressionLoss.Evaluate(output, labels, Rows, outputGradient);
        if (gradient is not null)
        {
            network.Backward(input, Rows, outputGradient);
            network.Gradients.CopyTo(gradient, 0);
        }
        return loss;
    }

    private static void AssertGradientMatchesCentralDifferences(MlpNetwork<double> network, double[] input, double[] labels)
    {
        var analytic = new double[network.Parameters.Length];
        Loss(network, input, labels, analytic);
        const double h = 1e-6;
        for (int i = 0; i < analytic.Length; i++)
        {
            double saved = network.Parameters[i];
            network.Parameters[i] = saved + h;
            double plus = Loss(network, input, labels);
            network.Parameters[i] = saved - h;
            double minus = Loss(network, input, labels);
            network.Parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-8 + 1e-6 * Math.Abs(numeric),
                $"parameter {i}: analytic {analytic[i]:R}, central difference {numeric:R}");
        }
    }

    private static double[] RawLogVariance(MlpNetwork<double> network, double[] input)
        => network.Forward(input, Rows, new SeededRandom(DropoutSeed), Dropout).Slice(Rows, Rows).ToArray();

    [Fact]
    public void Mse_gradients_match_central_finite_differences()
    {
        var (network, input, labels) = Problem(outputs: 1);
        AssertGradientMatchesCentralDifferences(network, input, labels);
    }

    [Fact]
    public void Gaussian_nll_gradients_match_central_finite_differences_with_rows_on_both_sides_of_the_clamp()
    {
        var (network, input, labels) = Problem(outputs: 2);
        // Put the floor between the two middle rows' log-variances: half the rows are clamped, half are not.
        var raw = RawLogVariance(network, input);
        var sorted = raw.Order().ToArray();
        double middle = 0.5 * (sorted[Rows / 2 - 1] + sorted[Rows / 2]);
        network.Bias(Depth)[1] += RegressionLoss.LogVarianceFloor - middle;
        raw = RawLogVariance(network, input);
        Assert.Contains(raw, v => v < RegressionLoss.LogVarianceFloor);
        Assert.Contains(raw, v => v > RegressionLoss.LogVarianceFloor);
        Assert.All(raw, v => Assert.True(Math.Abs(v - RegressionLoss.LogVarianceFloor) > 1e-4));

        AssertGradientMatchesCentralDifferences(network, input, labels);
    }

    [Fact]
    public void Below_the_clamp_the_log_variance_gets_no_gradient_but_the_score_still_does()
    {
        var (network, input, labels) = Problem(outputs: 2);
        network.Bias(Depth)[1] = -40;
        Assert.All(RawLogVariance(network, input), v => Assert.True(v < RegressionLoss.LogVarianceFloor - 1));

        AssertGradientMatchesCentralDifferences(network, input, labels);
        var gradient = new double[network.Parameters.Length];
        Loss(network, input, labels, gradient);
        // The last layer is stored last: W [2, Hidden] then b [2]; its row 1 and b[1] are the log-variance.
        int lastWeights = network.Parameters.Length - (2 * Hidden + 2);
        for (int k = 0; k < Hidden; k++)
            Assert.Equal(0.0, gradient[lastWeights + Hidden + k]);
        Assert.Equal(0.0, gradient[lastWeights + 2 * Hidden + 1]);
        Assert.NotEqual(0.0, gradient[lastWeights + 2 * Hidden]);
    }

    [Fact]
    public void The_float_pass_training_runs_gives_the_gradients_the_checked_double_pass_gives()
    {
        foreach (int outputs in new[] { 1, 2 })
        {
            var (reference, input, labels) = Problem(outputs);
            var network = new MlpNetwork<float>(Inputs, Hidden, Depth, outputs, Rows);
            for (int i = 0; i < reference.Parameters.Length; i++)
                network.Parameters[i] = (float)reference.Parameters[i];
            var inputF = Array.ConvertAll(input, v => (float)v);
            var labelsF = Array.ConvertAll(labels, v => (float)v);
            var outputF = network.Forward(inputF, Rows, new SeededRandom(DropoutSeed), Dropout);
            var gradientOut = new float[outputF.Length];
            RegressionLoss.Evaluate(outputF, labelsF, Rows, gradientOut);
            network.Backward(inputF, Rows, gradientOut);

            var expected = new double[reference.Parameters.Length];
            Loss(reference, input, labels, expected);
            double largest = expected.Max(Math.Abs);
            for (int i = 0; i < expected.Length; i++)
                Assert.InRange(Math.Abs(network.Gradients[i] - expected[i]), 0, 1e-5 * largest);
        }
    }

    [Fact]
    public void Initialisation_follows_pytorch_linear_bounds_of_one_over_root_fan_in()
    {
        var network = new MlpNetwork<float>(21, 64, 2, 1, 8);
        network.Initialise(new SeededRandom(1));
        foreach (var (layer, fanIn) in new[] { (0, 21), (1, 64), (2, 64) })
        {
            float bound = 1f / MathF.Sqrt(fanIn);
            var w = network.Weight(layer).ToArray();
            Assert.All(w, v => Assert.InRange(v, -bound, bound));
            Assert.All(network.Bias(layer).ToArray(), v => Assert.InRange(v, -bound, bound));
            // Uniform on (−bound, bound): variance bound²/3, so the spread is not a handful of values.
            double variance = w.Select(v => (double)v * v).Average();
            Assert.InRange(variance, bound * bound / 3 * 0.8, bound * bound / 3 * 1.2);
        }
    }

    [Fact]
    public void AdamW_first_step_decays_then_moves_each_weight_by_the_learning_rate_against_its_gradient()
    {
        // After one step the bias corrections make m̂ = g and v̂ = g², so the move is lr·g/(|g| + ε).
        var optimiser = new AdamW(3, learningRate: 1e-2f, weightDecay: 0.1f, 0.9f, 0.999f, 1e-8f);
        float[] p = [1f, -2f, 0.5f];
        float[] g = [0.3f, -4f, 0f];
        optimiser.Step(p, g);
        float decay = 1f - 1e-2f * 0.1f;
        Assert.Equal(1f * decay - 1e-2f, p[0], 1e-6f);
        Assert.Equal(-2f * decay + 1e-2f, p[1], 1e-6f);
        Assert.Equal(0.5f * decay, p[2], 1e-7f);
    }

    [Fact]
    public void Dropout_zeroes_a_fraction_p_of_units_and_scales_the_rest_by_one_over_one_minus_p()
    {
        const int n = 200_001;
        var a = Enumerable.Repeat(1f, n).ToArray();
        var g = Enumerable.Repeat(2f, n).ToArray();
        MlpNetwork<float>.ApplyDropout(a, g, new SeededRandom(6), 0.1f);
        int dropped = a.Count(v => v == 0f);
        // Binomial(n, 0.1): std √(n·0.09) ≈ 134; allow five of them.
        Assert.InRange(dropped, n * 0.1 - 670, n * 0.1 + 670);
        Assert.All(a, v => Assert.True(v == 0f || v == 1f / 0.9f));
        for (int i = 0; i < n; i++)
            Assert.Equal(2 * a[i], g[i]);
    }
}
