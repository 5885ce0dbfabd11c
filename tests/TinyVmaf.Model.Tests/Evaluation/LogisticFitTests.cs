using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Model.Tests.Evaluation;

public sealed class LogisticFitTests
{
    [Theory]
    [InlineData(95.0, 12.0, 0.6, 0.08)]   // an increasing curve on an adm2-like scale
    [InlineData(10.0, 90.0, 40.0, 7.0)]   // a decreasing one (β1 < β2) on a 0..100 scale
    public void A_noise_free_logistic_is_recovered_and_maps_to_a_perfect_plcc(double b1, double b2, double b3, double b4)
    {
        var truth = new LogisticFit(b1, b2, b3, b4);
        var x = Enumerable.Range(0, 60).Select(i => b3 + b4 * (-4 + 8.0 * i / 59)).ToArray();
        var y = truth.Evaluate(x);

        var fit = LogisticFit.Fit(x, y);
        Assert.NotNull(fit);
        Assert.Equal(b1, fit.Beta1, 6);
        Assert.Equal(b2, fit.Beta2, 6);
        Assert.Equal(b3, fit.Beta3, 6);
        Assert.Equal(b4, fit.Beta4, 6);
        Assert.Equal(1.0, LogisticFit.Plcc(x, y), 10);
        // The same points before the mapping are less than perfectly linear.
        Assert.True(Correlation.Plcc(x, y) < 0.99);
    }

    [Fact]
    public void On_noisy_linear_data_the_logistic_does_at_least_as_well_as_a_straight_line()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 10).ToArray();
        var y = x.Select(v => 3 * v + 5 + random.NextDouble() * 6).ToArray();
        double linear = Correlation.Plcc(x, y);
        Assert.True(LogisticFit.Plcc(x, y) >= linear - 1e-3, $"logistic {LogisticFit.Plcc(x, y)} vs linear {linear}");
    }

    [Fact]
    public void Too_few_points_or_a_constant_side_give_no_fit()
    {
        Assert.Null(LogisticFit.Fit([1, 2, 3, 4], [1, 2, 3, 5]));
        Assert.Null(LogisticFit.Fit([1, 1, 1, 1, 1], [1, 2, 3, 4, 5]));
        Assert.True(double.IsNaN(LogisticFit.Plcc([1, 2, 3, 4, 5], [2, 2, 2, 2, 2])));
    }
}
