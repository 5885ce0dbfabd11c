using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Corpus.Build;

/// <summary>What a build measured of one pair: the per-frame features, the frame count and rate, and the encode's size.</summary>
internal sealed record PairMeasurement(
    int Frames,
    double FrameRate,
    long? EncodedBytes,
    double BitrateKbps,
    IReadOnlyDictionary<string, double[]> Features);

/// <summary>
/// One small JSON file per finished pair, named by a hash of everything that decides the pair's measurements:
/// the reference's and distorted video's identity (file name, size, and a hash of their first and last MiB), a
/// raw file's stated format, and for an encode the encoder, preset, CRF and ffmpeg's version. Labels (codec, MOS,
/// the unit's name) are not part of it: they come from the plan on every run, so relabelling reuses the work. A
/// hit must also hold every feature asked for, each computed by the code version of its extractor that runs now
/// (<see cref="ExtractorDescriptor.Version"/>, recorded per extractor in the entry): an entry with fewer features,
/// or with numbers of an older extractor, is computed again and replaced. Entries are written through
/// <see cref="AtomicFile"/> (a temporary file per process and a rename), so a build killed at any moment leaves whole
/// entries or none, and builds sharing one cache folder never see each other's half-written files (two that measure
/// the same pair at once write the same entry; the last rename wins).
/// </summary>
internal sealed class PairCache
{
    /// <summary>Bumped when what an entry means changes; older entries then miss.</summary>
    private const int Format = 2;

    /// <summary>Bytes hashed at each end of a file: enough to tell encodes and clips apart without reading a 4K source whole.</summary>
    private const int EdgeBytes = 1 << 20;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = PairCacheJsonContext.Default,
    };

    private readonly ConcurrentDictionary<string, string> _fingerprints = new(StringComparer.Ordinal);
    private readonly Lazy<string> _ffmpegVersion;

    public PairCache(string directory, Func<string> ffmpegVersion)
    {
        Directory = directory;
        _ffmpegVersion = new Lazy<string>(ffmpegVersion);
    }

    public string Directory { get; }

    /// <summary>The hash that names a pair's entry.</summary>
    public string KeyOf(CorpusPair pair)
    {
        var text = new StringBuilder();
        text.Append("tinyvmaf pair v").Append(Format).Append('\n');
        text.Append("reference ").Append(Describe(pair.Reference)).Append('\n');
        if (pair.Encode is { } encode)
        {
            text.Append(CultureInfo.InvariantCulture, $"encode {encode.Encoder.Name} preset {encode.Preset} crf {encode.Crf}\n");
            text.Append("ffmpeg ").Append(_ffmpegVersion.Value).Append('\n');
        }
        else
        {
            text.Append("distorted ").Append(Describe(pair.Distorted!)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    public string PathOf(string key) => Path.Combine(Directory, key + ".json");

    /// <summary>The cached measurement of <paramref name="key"/> when it holds every one of <paramref name="features"/>; null otherwise.</summary>
    public PairMeasurement? TryRead(string key, IReadOnlyCollection<string> features)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        Entry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), (JsonTypeInfo<Entry>)Json.GetTypeInfo(typeof(Entry)));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }

        if (entry is null || entry.Format != Format || entry.Key != key || entry.Features is null || entry.Extractors is null
            || !features.All(f => entry.Features.TryGetValue(f, out var values) && values.Length == entry.Frames && IsCurrent(entry.Extractors, f)))
        {
            return null;
        }

        return new PairMeasurement(entry.Frames, entry.FrameRate, entry.EncodedBytes, entry.BitrateKbps, entry.Features);
    }

    public void Write(string key, string unit, PairMeasurement measurement)
    {
        var entry = new Entry
        {
            Format = Format,
            Key = key,
            Unit = unit,
            Frames = measurement.Frames,
            FrameRate = measurement.FrameRate,
            EncodedBytes = measurement.EncodedBytes,
            BitrateKbps = measurement.BitrateKbps,
            Features = new Dictionary<string, double[]>(measurement.Features, StringComparer.Ordinal),
            Extractors = measurement.Features.Keys
                .Select(ExtractorRegistry.CodeVersionOf)
                .Distinct()
                .OrderBy(v => v.Extractor, StringComparer.Ordinal)
                .ToDictionary(v => v.Extractor, v => v.Version, StringComparer.Ordinal),
        };
        AtomicFile.Write(PathOf(key), stream => JsonSerializer.Serialize(stream, entry, (JsonTypeInfo<Entry>)Json.GetTypeInfo(typeof(Entry))));
    }

    private static bool IsCurrent(Dictionary<string, int> recorded, string feature)
    {
        var (extractor, version) = ExtractorRegistry.CodeVersionOf(feature);
        return recorded.TryGetValue(extractor, out int theirs) && theirs == version;
    }

    private string Describe(VideoInput input)
    {
        string text = _fingerprints.GetOrAdd(Path.GetFullPath(input.Path), Fingerprint);
        return input.Raw is { } raw
            ? text + string.Create(CultureInfo.InvariantCulture, $" raw {raw.Width}x{raw.Height} {raw.ToFrameFormat().PixelFormatName} {raw.FrameRate:R}fps")
            : text;
    }

    /// <summary>A file's name, size and the hash of its two ends. A missing file fingerprints as such; the build reports it by name.</summary>
    private static string Fingerprint(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return $"{info.Name} missing";
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[(int)Math.Min(EdgeBytes, info.Length)];
        stream.ReadExactly(buffer);
        hash.AppendData(buffer);
        if (info.Length > EdgeBytes)
        {
            long tail = Math.Max(EdgeBytes, info.Length - EdgeBytes);
            stream.Seek(tail, SeekOrigin.Begin);
            var end = new byte[info.Length - tail];
            stream.ReadExactly(end);
            hash.AppendData(end);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{info.Name} {info.Length} bytes {Convert.ToHexStringLower(hash.GetHashAndReset())}");
    }

    internal sealed class Entry
    {
        public int Format { get; set; }

        public string Key { get; set; } = "";

        /// <summary>The unit that first made the entry; for people reading the folder, never checked.</summary>
        public string Unit { get; set; } = "";

        public int Frames { get; set; }

        public double FrameRate { get; set; }

        public long? EncodedBytes { get; set; }

        public double BitrateKbps { get; set; }

        public Dictionary<string, double[]>? Features { get; set; }

        /// <summary>The code version of each extractor whose numbers <see cref="Features"/> holds, by extractor name.</summary>
        public Dictionary<string, int>? Extractors { get; set; }
    }
}

/// <summary>A cache entry's JSON, generated at build time (a native build has no reflection-based serializer).</summary>
[JsonSerializable(typeof(PairCache.Entry))]
internal sealed partial class PairCacheJsonContext : JsonSerializerContext;
