using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Features.Logs;

/// <summary>
/// Writes a feature table in libvmaf's log layouts (JSON, XML, CSV) so that readers of libvmaf logs read
/// ours. Numbers are written to full double precision, as libvmaf's <c>--precision max</c> does.
/// </summary>
public static class LibvmafLogWriter
{
    /// <summary>Written as the log's <c>version</c>: ours, since the numbers are ours.</summary>
    public static string Version { get; } = "tinyvmaf-" + (typeof(LibvmafLogWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    public static void Write(Stream output, FeatureTable table, LogFormat format, LogMetadata metadata)
    {
        switch (format)
        {
            case LogFormat.Json:
                WriteJson(output, table, metadata);
                break;
            case LogFormat.Xml:
                WriteXml(output, table, metadata);
                break;
            case LogFormat.Csv:
                WriteCsv(output, table, metadata);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>Writes to <paramref name="path"/> through a temporary file, so a failure leaves nothing behind.</summary>
    public static void WriteFile(string path, FeatureTable table, LogFormat format, LogMetadata metadata)
    {
        AtomicFile.Write(path, stream => Write(stream, table, format, metadata));
    }

    private static void WriteJson(Stream output, FeatureTable table, LogMetadata metadata)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", Version);
        WriteNumber(json, "fps", Math.Round(metadata.Fps, 2));
        foreach (var (key, value) in metadata.Extra)
        {
            json.WriteString(key, value);
        }

        json.WriteStartArray("frames");
        for (int frame = 0; frame < table.FrameCount; frame++)
        {
            json.WriteStartObject();
            json.WriteNumber("frameNum", frame * metadata.Subsample);
            json.WriteStartObject("metrics");
            foreach (string key in table.Keys)
            {
                // NaN is a value never written; an infinite one (ciede2000 of identical pictures) is libvmaf's null.
                double value = table[frame, key];

                // NaN is "not written"; an infinite score (PSNR-HVS of identical planes) is null, as libvmaf
                // writes it.
                if (!double.IsNaN(value))
                {
                    WriteNumber(json, key, value);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("pooled_metrics");
        foreach (string key in table.Keys)
        {
            var column = table.Column(key);
            json.WriteStartObject(key);
            WriteNumber(json, "min", Pooling.Min(column));
            WriteNumber(json, "max", Pooling.Max(column));
            WriteNumber(json, "mean", Pooling.Mean(column));
            WriteNumber(json, "harmonic_mean", Pooling.HarmonicMean(column));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("aggregate_metrics");
        foreach (var (key, value) in metadata.Aggregates)
        {
            WriteNumber(json, key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteXml(Stream output, FeatureTable table, LogMetadata metadata)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartElement("VMAF");
        xml.WriteAttributeString("version", Version);
        xml.WriteStartElement("params");
        xml.WriteAttributeString("qualityWidth", metadata.Width.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("qualityHeight", metadata.Height.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("fyi");
        xml.WriteAttributeString("fps", metadata.Fps.ToString("F2", CultureInfo.InvariantCulture));
        foreach (var (key, value) in metadata.Extra)
        {
            xml.WriteAttributeString(key, value);
        }

        xml.WriteEndElement();
        xml.WriteStartElement("frames");
        for (int frame = 0; frame < table.FrameCount; frame++)
        {
            xml.WriteStartElement("frame");
            xml.WriteAttributeString("frameNum", (frame * metadata.Subsample).ToString(CultureInfo.InvariantCulture));
            foreach (string key in table.Keys)
            {
                double value = table[frame, key];
                if (!double.IsNaN(value))
                {
                    xml.WriteAttributeString(key, Format(value));
                }
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("pooled_metrics");
        foreach (string key in table.Keys)
        {
            var column = table.Column(key);
            xml.WriteStartElement("metric");
            xml.WriteAttributeString("name", key);
            xml.WriteAttributeString("min", Format(Pooling.Min(column)));
            xml.WriteAttributeString("max", Format(Pooling.Max(column)));
            xml.WriteAttributeString("mean", Format(Pooling.Mean(column)));
            xml.WriteAttributeString("harmonic_mean", Format(Pooling.HarmonicMean(column)));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("aggregate_metrics");
        foreach (var (key, value) in metadata.Aggregates)
        {
            xml.WriteAttributeString(key, Format(value));
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteCsv(Stream output, FeatureTable table, LogMetadata metadata)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        writer.Write("Frame,");
        foreach (string key in table.Keys)
        {
            writer.Write(key);
            writer.Write(',');
        }

        writer.Write('\n');
        for (int frame = 0; frame < table.FrameCount; frame++)
        {
            writer.Write((frame * metadata.Subsample).ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            foreach (string key in table.Keys)
            {
                double value = table[frame, key];
                if (!double.IsNaN(value))
                {
                    writer.Write(Format(value));
                }

                writer.Write(',');
            }

            writer.Write('\n');
        }
    }

    /// <summary>Full precision; infinities as libvmaf's printf spells them.</summary>
    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}

/// <summary>What a log says besides the numbers.</summary>
public sealed record LogMetadata
{
    public double Fps { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Every how many frames a row was kept; frame numbers in the log are the source's.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>Extra top-level string fields (JSON) or <c>fyi</c> attributes (XML), e.g. the codec used.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>Whole-clip numbers for <c>aggregate_metrics</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Aggregates { get; init; } = [];
}
