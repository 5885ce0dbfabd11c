using System.Text.Json.Serialization;

namespace TinyVmaf.Model.Evaluation;

/// <summary>
/// One evaluation's numbers: PLCC, SROCC, KROCC (tau-b), RMSE (on the label's scale, no mapping) and PLCC
/// after the VQEG logistic mapping, over <see cref="Count"/> points. Undefined values are NaN (JSON null).
/// </summary>
public sealed record MetricSet(
    [property: JsonPropertyName("plcc"), JsonConverter(typeof(JsonNanAsNull))] double Plcc,
    [property: JsonPropertyName("srocc"), JsonConverter(typeof(JsonNanAsNull))] double Srocc,
    [property: JsonPropertyName("krocc"), JsonConverter(typeof(JsonNanAsNull))] double Krocc,
    [property: JsonPropertyName("rmse"), JsonConverter(typeof(JsonNanAsNull))] double Rmse,
    [property: JsonPropertyName("plcc_logistic"), JsonConverter(typeof(JsonNanAsNull))] double PlccLogistic,
    [property: JsonPropertyName("n")] int Count)
{
    public static MetricSet Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
        => new(
            Correlation.Plcc(predicted, actual),
            Correlation.Srocc(predicted, actual),
            Correlation.Krocc(predicted, actual),
            Correlation.Rmse(predicted, actual),
            LogisticFit.Plcc(predicted, actual),
            predicted.Length);

    /// <summary>Every metric NaN: nothing to measure.</summary>
    public static MetricSet Undefined(int count) => new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, count);

    /// <summary>Metric by metric mean of several sets (NaN if any is NaN); the count is the first set's.</summary>
    public static MetricSet Mean(IReadOnlyList<MetricSet> sets)
        => Combine(sets, values => values.Average());

    /// <summary>
    /// Metric by metric sample standard deviation (n − 1) of several sets; NaN for fewer than two sets,
    /// where a spread cannot be measured.
    /// </summary>
    public static MetricSet SampleStd(IReadOnlyList<MetricSet> sets)
        => Combine(sets, Statistics.SampleStd);

    private static MetricSet Combine(IReadOnlyList<MetricSet> sets, Func<double[], double> reduce)
    {
        if (sets.Count == 0)
            return Undefined(0);
        double Of(Func<MetricSet, double> metric) => reduce(sets.Select(metric).ToArray());
        return new MetricSet(Of(s => s.Plcc), Of(s => s.Srocc), Of(s => s.Krocc), Of(s => s.Rmse),
            Of(s => s.PlccLogistic), sets[0].Count);
    }
}

internal static class Statistics
{
    /// <summary>Mean of the values; NaN if there are none or any is NaN.</summary>
    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Sample standard deviation (n − 1); NaN below two values.</summary>
    public static double SampleStd(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
            return double.NaN;
        double mean = values.Average();
        double sum = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(sum / (values.Count - 1));
    }
}
