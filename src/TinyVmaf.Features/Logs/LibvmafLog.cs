using System.Globalization;
using System.Text.Json;
using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Features.Logs;

/// <summary>A libvmaf JSON log as read back: its version, frame rate and per-frame metrics under their keys.</summary>
public sealed class LibvmafLog
{
    private LibvmafLog(string path, string? version, double fps, FeatureTable frames)
    {
        Path = path;
        Version = version;
        Fps = fps;
        Frames = frames;
    }

    public string Path { get; }

    public string? Version { get; }

    public double Fps { get; }

    /// <summary>Every metric key the log holds, one row per frame in the log's order.</summary>
    public FeatureTable Frames { get; }

    /// <summary>
    /// Reads a libvmaf JSON log (1.3.x, 2.x, 3.x, or ours). Throws <see cref="InvalidDataException"/> naming
    /// the file when it is not such a log.
    /// </summary>
    public static LibvmafLog Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the log: {e.Message}", e);
        }
    }

    public static LibvmafLog Read(Stream stream, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON libvmaf log: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, path);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json parses a string's bytes lazily: invalid UTF-8, or an escaped lone surrogate, in a key or
                // a value only shows when the string is read, as an InvalidOperationException.
                throw new InvalidDataException($"{path}: not a libvmaf log: a key or a string is not valid UTF-8/UTF-16 text ({e.Message})", e);
            }
        }
    }

    private static LibvmafLog Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("frames", out var frames)
            || frames.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: not a libvmaf log: no 'frames' array");
        }

        string? version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double fps = root.TryGetProperty("fps", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : 0;
        var table = new FeatureTable([]);
        int row = 0;
        foreach (var frame in frames.EnumerateArray())
        {
            // libvmaf (1.3.x to 3.x) nests a frame's scores in 'metrics'; the Python vmaf tools (run_vmaf,
            // Result.to_json) write them flat beside 'frameNum'. Both are read.
            var metrics = default(JsonElement);
            bool nested = frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("metrics", out metrics);
            if (nested ? metrics.ValueKind != JsonValueKind.Object : frame.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: frame {row} has no 'metrics' object");
            }

            var values = new List<KeyValuePair<string, double>>();
            foreach (var metric in (nested ? metrics : frame).EnumerateObject())
            {
                if (!nested && metric.Name == "frameNum")
                {
                    continue;
                }

                double value = metric.Value.ValueKind switch
                {
                    JsonValueKind.Number => metric.Value.GetDouble(),
                    JsonValueKind.Null => double.NaN,
                    JsonValueKind.String when double.TryParse(metric.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
                    _ => throw new InvalidDataException($"{path}: frame {row}, metric '{metric.Name}' is not a number"),
                };
                values.Add(new(metric.Name, value));
            }

            if (!nested && values.Count == 0)
            {
                throw new InvalidDataException($"{path}: frame {row} has no 'metrics' object and no scores");
            }

            foreach (var (key, value) in values)
            {
                if (!table.HasKey(key))
                {
                    table.SetColumn(key, []);
                }

                table.Write(row, key, value);
            }

            row++;
        }

        if (row == 0)
        {
            throw new InvalidDataException($"{path}: the log has no frames");
        }

        return new LibvmafLog(path, version, fps, table);
    }
}
