using System.Text.Json;

namespace TinyVmaf.Corpus.Tests;

/// <summary>Writes small libvmaf JSON logs in the layouts of libvmaf's generations, for tests.</summary>
internal static class SyntheticLog
{
    /// <summary>
    /// libvmaf 1.3.x (<c>vmafossexec --log-fmt json</c>): <c>version</c>, <c>params</c>, a <c>metrics</c> list of the
    /// keys, <c>frames[i] = { frameNum, metrics: { adm2, …, psnr, ssim, ms_ssim, vmaf } }</c>, and the aggregate scores.
    /// </summary>
    public static void Write13(string path, IReadOnlyList<IReadOnlyDictionary<string, double>> frames)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", "1.3.15");
        json.WriteStartObject("params");
        json.WriteString("model", "vmaf_v0.6.1.pkl");
        json.WriteNumber("scaledWidth", 576);
        json.WriteNumber("scaledHeight", 324);
        json.WriteNumber("subsample", 1);
        json.WriteEndObject();
        json.WriteStartArray("metrics");
        foreach (string key in frames[0].Keys)
        {
            json.WriteStringValue(key);
        }

        json.WriteEndArray();
        WriteFrames(json, frames);
        json.WriteNumber("VMAF score", frames.Average(f => f.GetValueOrDefault("vmaf")));
        json.WriteNumber("ExecFps", 12.5);
        json.WriteEndObject();
    }

    /// <summary>libvmaf 2.x/3.x: <c>version</c>, <c>fps</c>, <c>frames</c>, <c>pooled_metrics</c>.</summary>
    public static void Write3(string path, IReadOnlyList<IReadOnlyDictionary<string, double>> frames, string version = "3.0.0")
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", version);
        json.WriteNumber("fps", 24.0);
        WriteFrames(json, frames);
        json.WriteStartObject("pooled_metrics");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Frames whose keys each carry a value that differs per key and frame, so that mix-ups show.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Frames(int count, IReadOnlyList<string> keys, double offset = 0)
    {
        var frames = new List<IReadOnlyDictionary<string, double>>();
        for (int f = 0; f < count; f++)
        {
            frames.Add(keys.Select((k, i) => (k, v: offset + 0.5 + i + f / 64.0 + 1e-9 * (i * 7 + f))).ToDictionary(x => x.k, x => x.v));
        }

        return frames;
    }

    private static void WriteFrames(Utf8JsonWriter json, IReadOnlyList<IReadOnlyDictionary<string, double>> frames)
    {
        json.WriteStartArray("frames");
        for (int f = 0; f < frames.Count; f++)
        {
            json.WriteStartObject();
            json.WriteNumber("frameNum", f);
            json.WriteStartObject("metrics");
            foreach (var (key, value) in frames[f])
            {
                json.WriteNumber(key, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
