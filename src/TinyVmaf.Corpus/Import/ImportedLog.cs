using TinyVmaf.Features;
using TinyVmaf.Features.Logs;

namespace TinyVmaf.Corpus.Import;

/// <summary>A libvmaf log reduced to what a corpus keeps: per-frame FULL_FEATURES values and the teacher score.</summary>
internal sealed class ImportedLog
{
    private ImportedLog(string path, string? version, int frames, Dictionary<string, double[]> features, double[]? vmaf)
    {
        Path = path;
        Version = version;
        FrameCount = frames;
        Features = features;
        Vmaf = vmaf;
    }

    public string Path { get; }

    public string? Version { get; }

    public int FrameCount { get; }

    /// <summary>FULL_FEATURES name → per-frame values, for the names the log carries under any known key.</summary>
    public IReadOnlyDictionary<string, double[]> Features { get; }

    public double[]? Vmaf { get; }

    /// <summary>Reads and maps a log; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static ImportedLog Read(string path)
    {
        var log = LibvmafLog.Read(path);
        var frames = log.Frames;
        var features = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (string name in FeatureNames.Full)
        {
            if (LogKeyMap.Find(name, frames.HasKey) is { } key)
            {
                features[name] = frames.Column(key).ToArray();
            }
        }

        string? vmafKey = LogKeyMap.VmafKeys.FirstOrDefault(frames.HasKey);
        double[]? vmaf = vmafKey is null ? null : frames.Column(vmafKey).ToArray();
        return new ImportedLog(path, log.Version, frames.FrameCount, features, vmaf);
    }
}
