using TinyVmaf.Corpus.Build;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class ShardTests
{
    [Fact]
    public void Shards_are_disjoint_cover_the_build_and_differ_by_at_most_one_pair()
    {
        var pairs = Enumerable.Range(0, 23).Select(i => Pair($"unit{i:D2}")).Reverse().ToArray();

        var shards = Enumerable.Range(0, 4).Select(i => new Shard(i, 4).Select(pairs)).ToArray();

        var all = shards.SelectMany(s => s.Select(p => p.Unit)).ToArray();
        Assert.Equal(pairs.Length, all.Length);
        Assert.Equal(pairs.Select(p => p.Unit).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.InRange(shards.Max(s => s.Count) - shards.Min(s => s.Count), 0, 1);
    }

    [Fact]
    public void A_shard_does_not_depend_on_the_order_pairs_were_listed_in()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => Pair($"u{i}")).ToArray();
        var shuffled = pairs.OrderBy(p => p.Unit.GetHashCode(StringComparison.Ordinal) * 31 % 7).ToArray();

        Assert.Equal(new Shard(1, 3).Select(pairs), new Shard(1, 3).Select(shuffled));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 1 / 2 ", 1, 2)]
    public void Shards_parse_as_index_over_count_counting_from_zero(string text, int index, int count)
    {
        Assert.Equal(new Shard(index, count), Shard.Parse(text));
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1/0")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void A_shard_outside_its_count_or_malformed_is_refused(string text)
    {
        var error = Assert.Throws<FormatException>(() => Shard.Parse(text));
        Assert.Contains("is not a shard", error.Message);
    }

    private static CorpusPair Pair(string unit) => new()
    {
        Source = "s",
        Unit = unit,
        Reference = new VideoInput("r.y4m"),
        Distorted = new VideoInput(unit + ".y4m"),
        Codec = "unknown",
    };
}
