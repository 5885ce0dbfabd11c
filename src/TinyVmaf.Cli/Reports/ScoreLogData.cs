using System.Globalization;
using System.Text.Json;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;

namespace TinyVmaf.Cli.Reports;

/// <summary>One metric's pooled values as a log states them (libvmaf's <c>pooled_metrics</c>) or as computed from its frames.</summary>
internal sealed record PooledRow(string Key, double Min, double Max, double Mean, double HarmonicMean);

/// <summary>
/// A libvmaf JSON log (ours from <c>score</c>, or libvmaf's own) as a report shows it: one metric per frame with
/// its 95% interval when the log has one, the log's top-level facts, its pooled and aggregate metrics.
/// </summary>
internal sealed record ScoreLogData(
    string Metric,
    double[] FrameNumbers,
    double[] Scores,
    double[]? IntervalLow,
    double[]? IntervalHigh,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    IReadOnlyList<PooledRow> Pooled,
    IReadOnlyList<KeyValuePair<string, double>> Aggregates)
{
    /// <summary>The per-frame interval key pairs: ours (<c>score</c>), then libvmaf's bootstrap models'.</summary>
    private static readonly (string Low, string High)[] IntervalSuffixes = [("_ci95_low", "_ci95_high"), ("_ci_p95_lo", "_ci_p95_hi")];

    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal) { "frames", "pooled_metrics", "aggregate_metrics" };

    public string? Fact(string key) => Facts.FirstOrDefault(f => f.Key == key).Value;

    public double? Aggregate(string key)
    {
        foreach (var (name, value) in Aggregates)
        {
            if (name == key)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the log. The metric is <paramref name="metric"/> when given, else the log's <c>model</c> (a <c>score</c>
    /// log keys its prediction by the model's id), else <c>vmaf</c>.
    /// </summary>
    public static ScoreLogData Read(byte[] json, JsonElement root, string path, string? metric)
    {
        var frames = LibvmafLog.Read(new MemoryStream(json, writable: false), path).Frames;
        string? model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        string chosen = metric ?? (model is not null && frames.HasKey(model) ? model : "vmaf");
        if (!frames.HasKey(chosen))
        {
            string keys = string.Join(", ", frames.Keys.Where(k => !IntervalSuffixes.Any(s => k.EndsWith(s.Low, StringComparison.Ordinal) || k.EndsWith(s.High, StringComparison.Ordinal))));
            throw new InvalidDataException(metric is null
                ? $"{path}: the log has no '{chosen}' per frame; choose a metric with --metric (the log has: {keys})"
                : $"{path}: the log has no metric '{metric}' per frame (it has: {keys})");
        }

        var numbers = ReadFrameNumbers(root.GetProperty("frames"));
        var scores = frames.Column(chosen).ToArray();
        double[]? low = null, high = null;
        foreach (var (lowSuffix, highSuffix) in IntervalSuffixes)
        {
            if (frames.HasKey(chosen + lowSuffix) && frames.HasKey(chosen + highSuffix))
            {
                low = frames.Column(chosen + lowSuffix).ToArray();
                high = frames.Column(chosen + highSuffix).ToArray();
                break;
            }
        }

        // A frame may lack the metric (libvmaf leaves out what it could not compute); those frames are not plotted.
        var keep = Enumerable.Range(0, frames.FrameCount).Where(i => double.IsFinite(scores[i])).ToArray();
        if (keep.Length == 0)
        {
            throw new InvalidDataException($"{path}: no frame has a value for '{chosen}'");
        }

        return new ScoreLogData(
            chosen,
            keep.Select(i => numbers.Length == frames.FrameCount ? numbers[i] : i).ToArray(),
            keep.Select(i => scores[i]).ToArray(),
            low is null ? null : keep.Select(i => low[i]).ToArray(),
            high is null ? null : keep.Select(i => high[i]).ToArray(),
            ReadFacts(root),
            ReadPooled(root, frames),
            ReadAggregates(root));
    }

    private static double[] ReadFrameNumbers(JsonElement frames)
    {
        var numbers = new List<double>();
        foreach (var frame in frames.EnumerateArray())
        {
            if (frame.ValueKind != JsonValueKind.Object || !frame.TryGetProperty("frameNum", out var n) || n.ValueKind != JsonValueKind.Number)
            {
                return [];
            }

            numbers.Add(n.GetDouble());
        }

        return numbers.ToArray();
    }

    private static List<KeyValuePair<string, string>> ReadFacts(JsonElement root)
    {
        var facts = new List<KeyValuePair<string, string>>();
        foreach (var property in root.EnumerateObject())
        {
            if (Sections.Contains(property.Name))
            {
                continue;
            }

            string? text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture),
                JsonValueKind.True or JsonValueKind.False => property.Value.GetBoolean() ? "true" : "false",
                _ => null,
            };
            if (text is not null)
            {
                facts.Add(new(property.Name, text));
            }
        }

        return facts;
    }

    private static List<PooledRow> ReadPooled(JsonElement root, FeatureTable frames)
    {
        var rows = new List<PooledRow>();
        if (root.TryGetProperty("pooled_metrics", out var pooled) && pooled.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in pooled.EnumerateObject())
            {
                if (metric.Value.ValueKind == JsonValueKind.Object)
                {
                    rows.Add(new PooledRow(metric.Name, Number(metric.Value, "min"), Number(metric.Value, "max"),
                        Number(metric.Value, "mean"), Number(metric.Value, "harmonic_mean")));
                }
            }

            return rows;
        }

        // Logs without pooled_metrics (the Python tools' layout): pooled here, as libvmaf pools.
        foreach (string key in frames.Keys)
        {
            var column = frames.Column(key);
            rows.Add(new PooledRow(key, Pooling.Min(column), Pooling.Max(column), Pooling.Mean(column), Pooling.HarmonicMean(column)));
        }

        return rows;
    }

    private static List<KeyValuePair<string, double>> ReadAggregates(JsonElement root)
    {
        var aggregates = new List<KeyValuePair<string, double>>();
        if (root.TryGetProperty("aggregate_metrics", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in section.EnumerateObject())
            {
                if (metric.Value.ValueKind == JsonValueKind.Number)
                {
                    aggregates.Add(new(metric.Name, metric.Value.GetDouble()));
                }
            }
        }

        return aggregates;
    }

    private static double Number(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
