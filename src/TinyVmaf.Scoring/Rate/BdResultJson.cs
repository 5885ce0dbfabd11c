using System.Text.Json;

namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// A <see cref="BdResult"/> as JSON (<c>tinyvmaf bdrate --format json</c>): the deltas, the ranges they were
/// taken over, and both curves' points, so that the file alone redraws the curves (<c>tinyvmaf report</c>).
/// </summary>
internal static class BdResultJson
{
    /// <summary>The key that tells a BD-rate result from other JSON.</summary>
    public const string Marker = "bd_rate_percent";

    public static void Write(Stream stream, BdResult result, string metric)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("metric", metric);
        json.WriteString("interpolation", Name(result.Interpolation));
        json.WriteNumber(Marker, result.BdRatePercent);
        json.WriteNumber("bd_score", result.BdScore);
        Pair(json, "score_range", result.ScoreLow, result.ScoreHigh);
        Pair(json, "bitrate_range_kbps", result.BitrateLowKbps, result.BitrateHighKbps);
        Curve(json, "anchor", result.Anchor);
        Curve(json, "test", result.Test);
        json.WriteEndObject();
    }

    public static string Name(BdInterpolation interpolation) => interpolation.ToString().ToLowerInvariant();

    public static BdInterpolation ParseInterpolation(string name) => name switch
    {
        "cubic" => BdInterpolation.Cubic,
        "pchip" => BdInterpolation.Pchip,
        _ => throw new ArgumentException($"interpolation '{name}': expected cubic or pchip"),
    };

    /// <summary>Reads back what <see cref="Write"/> wrote: the metric, the interpolation and both curves.</summary>
    public static (string Metric, BdInterpolation Interpolation, RateCurve Anchor, RateCurve Test) Read(JsonElement root, string path)
    {
        try
        {
            string metric = root.GetProperty("metric").GetString() ?? throw new RateCurveException($"{path}: 'metric' is null");
            var interpolation = ParseInterpolation(root.GetProperty("interpolation").GetString() ?? "");
            return (metric, interpolation, ReadCurve(root.GetProperty("anchor"), path), ReadCurve(root.GetProperty("test"), path));
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new RateCurveException($"{path}: a BD-rate result with an unexpected layout: {e.Message}");
        }
    }

    private static RateCurve ReadCurve(JsonElement curve, string path)
    {
        string source = curve.GetProperty("file").GetString() ?? path;
        string label = curve.TryGetProperty("label", out var l) && l.GetString() is { } text ? text : source;
        var points = curve.GetProperty("points").EnumerateArray()
            .Select(p => new RatePoint(p.GetProperty(RateCurveFile.BitrateColumn).GetDouble(), p.GetProperty(RateCurveFile.ScoreColumn).GetDouble()))
            .ToArray();
        return new RateCurve(source, label, points);
    }

    private static void Pair(Utf8JsonWriter json, string name, double low, double high)
    {
        json.WriteStartArray(name);
        json.WriteNumberValue(low);
        json.WriteNumberValue(high);
        json.WriteEndArray();
    }

    private static void Curve(Utf8JsonWriter json, string name, RateCurve curve)
    {
        json.WriteStartObject(name);
        json.WriteString("file", curve.Source);
        json.WriteString("label", curve.Label);
        json.WriteStartArray("points");
        foreach (var p in curve.Points.OrderBy(p => p.BitrateKbps))
        {
            json.WriteStartObject();
            json.WriteNumber(RateCurveFile.BitrateColumn, p.BitrateKbps);
            json.WriteNumber(RateCurveFile.ScoreColumn, p.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
