namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// Metrics per group of evaluation points (per codec, per dataset, per held-out source): points are indices into
/// parallel arrays of predictions and labels, split by a key, and each group is measured on its own points in the
/// order given, so that a group's numbers are those of <see cref="MetricSet.Compute"/> on its points as listed.
/// </summary>
internal static class GroupMetrics
{
    /// <summary>
    /// <paramref name="points"/> grouped by <paramref name="keyOf"/>: groups in key order (<paramref name="order"/>, the
    /// key's default order when null), each group's points in the order they were given.
    /// </summary>
    public static (TKey Key, int[] Points)[] Split<TKey>(IEnumerable<int> points, Func<int, TKey> keyOf, IComparer<TKey>? order = null)
        where TKey : notnull
        => points.GroupBy(keyOf).OrderBy(g => g.Key, order ?? Comparer<TKey>.Default).Select(g => (g.Key, g.ToArray())).ToArray();

    /// <summary>PLCC, SROCC, KROCC, RMSE and logistic PLCC of <paramref name="predicted"/> against <paramref name="actual"/> on <paramref name="points"/>.</summary>
    public static MetricSet On(IReadOnlyList<double> predicted, IReadOnlyList<double> actual, IReadOnlyList<int> points)
    {
        var x = new double[points.Count];
        var y = new double[points.Count];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = predicted[points[i]];
            y[i] = actual[points[i]];
        }

        return MetricSet.Compute(x, y);
    }
}
