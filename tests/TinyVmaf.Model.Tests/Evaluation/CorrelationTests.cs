using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Model.Tests.Evaluation;

public sealed class CorrelationTests
{
    [Fact]
    public void Plcc_of_a_small_hand_example()
    {
        // Deviations (−1.5, −0.5, 0.5, 1.5) and (−1.75, 0.25, 1.25, 0.25): Σxy = 3.5, Σx² = 5, Σy² = 4.75.
        Assert.Equal(3.5 / Math.Sqrt(5 * 4.75), Correlation.Plcc([1, 2, 3, 4], [2, 4, 5, 4]), 14);
        Assert.Equal(-1.0, Correlation.Plcc([1, 2, 3], [30, 20, 10]), 14);
    }

    [Fact]
    public void Srocc_gives_tied_values_their_average_rank()
    {
        Assert.Equal([1, 2.5, 2.5, 4], Correlation.AverageRanks([10, 20, 20, 30]));
        Assert.Equal([2, 2, 2], Correlation.AverageRanks([5, 5, 5]));
        // Ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): Σxy = 4.5, Σx² = 4.5, Σy² = 5, so 4.5/√22.5 = 3/√10.
        Assert.Equal(3 / Math.Sqrt(10), Correlation.Srocc([1, 2, 2, 3], [1, 2, 3, 4]), 14);
    }

    [Fact]
    public void Rank_correlations_ignore_any_monotone_transform()
    {
        double[] x = [0.3, 1.7, -2, 5, 4.4, 0.1, 3];
        double[] y = [1, 3, 0, 6, 4, 2, 7];
        double[] expX = x.Select(Math.Exp).ToArray();
        Assert.Equal(Correlation.Srocc(x, y), Correlation.Srocc(expX, y), 14);
        Assert.Equal(Correlation.Krocc(x, y), Correlation.Krocc(expX, y), 14);
    }

    [Fact]
    public void Krocc_of_hand_examples_without_and_with_ties()
    {
        // Two swapped neighbours among 5: 8 concordant, 2 discordant of 10 pairs.
        Assert.Equal(0.6, Correlation.Krocc([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 14);
        // x ties once, y ties once (different pairs): 4 concordant, 0 discordant, n₀ = 6, n₁ = n₂ = 1:
        // tau-b = 4/√(5·5) = 0.8.
        Assert.Equal(0.8, Correlation.Krocc([1, 1, 2, 3], [1, 2, 2, 3]), 14);
        // A pair tied in both counts in n₁, n₂ and n₃: x (1,1,2), y (5,5,7): 2 concordant, n₁ = n₂ = 1,
        // tau-b = 2/√(2·2) = 1.
        Assert.Equal(1.0, Correlation.Krocc([1, 1, 2], [5, 5, 7]), 14);
        Assert.Equal(-1.0, Correlation.Krocc([1, 2, 3], [3, 2, 1]), 14);
    }

    [Fact]
    public void Krocc_agrees_with_the_quadratic_pair_count_on_random_data_with_many_ties()
    {
        var random = new Random(12);
        foreach (int n in new[] { 2, 3, 7, 50, 301 })
        {
            var x = Enumerable.Range(0, n).Select(_ => (double)random.Next(8)).ToArray();
            var y = x.Select(v => Math.Round(v / 2 + random.Next(4))).ToArray();
            Assert.Equal(NaiveTauB(x, y), Correlation.Krocc(x, y), 12);
        }
    }

    [Fact]
    public void Rmse_is_on_the_scores_own_scale()
    {
        Assert.Equal(Math.Sqrt(4.0 / 3), Correlation.Rmse([1, 2, 3], [1, 2, 5]), 14);
    }

    [Fact]
    public void Undefined_correlations_are_nan()
    {
        Assert.True(double.IsNaN(Correlation.Plcc([1, 1, 1], [1, 2, 3])));
        Assert.True(double.IsNaN(Correlation.Srocc([1], [1])));
        Assert.True(double.IsNaN(Correlation.Krocc([2, 2, 2], [1, 2, 3])));
        Assert.True(double.IsNaN(Correlation.Plcc([1, double.NaN, 3], [1, 2, 3])));
        Assert.Throws<ArgumentException>(() => Correlation.Plcc([1, 2], [1]));
    }

    private static double NaiveTauB(double[] x, double[] y)
    {
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0, pairs = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                pairs++;
                int sx = Math.Sign(x[i] - x[j]);
                int sy = Math.Sign(y[i] - y[j]);
                if (sx == 0)
                    tiedX++;
                if (sy == 0)
                    tiedY++;
                if (sx * sy > 0)
                    concordant++;
                else if (sx * sy < 0)
                    discordant++;
            }
        }
        double denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator > 0 ? (concordant - discordant) / denominator : double.NaN;
    }
}
