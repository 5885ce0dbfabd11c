using System.Globalization;
using System.Text;
using System.Text.Json;
using TinyVmaf.Features;

namespace TinyVmaf.Scoring;

/// <summary>
/// One row per scored clip: <c>clip, reference, codec, resolution, bitrate_kbps, frames, vmaf, mos, mos_ci95_low,
/// mos_ci95_high, model, vmaf_model, pool, sync_offset, log</c>, as CSV or NDJSON (one JSON object a line). Rate–quality
/// tools (<c>tinyvmaf bdrate</c>) read <c>bitrate_kbps</c> with <c>vmaf</c> or <c>mos</c>.
/// </summary>
public static class ScoreSummary
{
    public static IReadOnlyList<string> Columns { get; } =
        ["clip", "reference", "codec", "resolution", "bitrate_kbps", "frames", "vmaf", "mos", "mos_ci95_low", "mos_ci95_high",
         "model", "vmaf_model", "pool", "sync_offset", "log"];

    /// <summary>NDJSON when <paramref name="path"/> ends in <c>.ndjson</c> or <c>.jsonl</c>, else CSV; written atomically.</summary>
    public static void WriteFile(string path, IReadOnlyList<(ScoreResult Result, string? Log)> rows)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        bool ndjson = extension is ".ndjson" or ".jsonl";
        AtomicFile.Write(path, stream => (ndjson ? (Action<Stream, IReadOnlyList<(ScoreResult, string?)>>)WriteNdjson : WriteCsv)(stream, rows));
    }

    public static void WriteCsv(Stream output, IReadOnlyList<(ScoreResult Result, string? Log)> rows)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var (result, log) in rows)
        {
            writer.Write(string.Join(',', Values(result, log).Select(v => Csv(v.Value))));
            writer.Write('\n');
        }
    }

    public static void WriteNdjson(Stream output, IReadOnlyList<(ScoreResult Result, string? Log)> rows)
    {
        foreach (var (result, log) in rows)
        {
            using (var json = new Utf8JsonWriter(output))
            {
                json.WriteStartObject();
                foreach (var (name, value) in Values(result, log))
                {
                    switch (value)
                    {
                        case null:
                            json.WriteNull(name);
                            break;
                        case double d when double.IsFinite(d):
                            json.WriteNumber(name, d);
                            break;
                        case double:
                            json.WriteNull(name);
                            break;
                        case int i:
                            json.WriteNumber(name, i);
                            break;
                        default:
                            json.WriteString(name, value.ToString());
                            break;
                    }
                }

                json.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }
    }

    private static IEnumerable<(string Name, object? Value)> Values(ScoreResult r, string? log)
    {
        yield return ("clip", r.Distorted);
        yield return ("reference", r.Reference);
        yield return ("codec", r.Codec);
        yield return ("resolution", r.DistortedSize.ToString());
        yield return ("bitrate_kbps", r.BitrateKbps);
        yield return ("frames", r.Frames.Count);
        yield return ("vmaf", r.Vmaf);
        yield return ("mos", r.Mos);
        yield return ("mos_ci95_low", r.MosInterval?.Low);
        yield return ("mos_ci95_high", r.MosInterval?.High);
        yield return ("model", r.ModelId);
        yield return ("vmaf_model", Path.GetFileNameWithoutExtension(r.VmafModel));
        yield return ("pool", ScoreResult.PoolName(r.Pool));
        yield return ("sync_offset", r.Sync?.Offset);
        yield return ("log", log);
    }

    private static string Csv(object? value)
    {
        string text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? '"' + text.Replace("\"", "\"\"", StringComparison.Ordinal) + '"' : text;
    }
}
