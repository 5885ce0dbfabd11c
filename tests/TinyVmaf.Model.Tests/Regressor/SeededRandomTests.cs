using TinyVmaf.Model.Regressor;

namespace TinyVmaf.Model.Tests.Regressor;

public sealed class SeededRandomTests
{
    [Fact]
    public void The_same_seed_gives_the_same_stream_and_another_seed_another()
    {
        var a = new SeededRandom(5);
        var b = new SeededRandom(5);
        var c = new SeededRandom(6);
        var first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
        Assert.NotEqual(SeededRandom.Mix(1, 2), SeededRandom.Mix(2, 1));
    }

    [Fact]
    public void Uniform_draws_stay_in_range_and_a_shuffle_is_a_permutation()
    {
        var random = new SeededRandom(9);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            float f = random.NextSingle();
            double d = random.NextDouble();
            Assert.True(f is >= 0f and < 1f);
            Assert.True(d is >= 0.0 and < 1.0);
            counts[random.NextInt(7)]++;
        }
        // 10 000 expected per value, binomial std ≈ 93: five of them either side.
        Assert.All(counts, n => Assert.InRange(n, 10_000 - 465, 10_000 + 465));

        var items = Enumerable.Range(0, 1000).ToArray();
        random.Shuffle(items);
        Assert.Equal(Enumerable.Range(0, 1000), items.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), items);
    }
}
