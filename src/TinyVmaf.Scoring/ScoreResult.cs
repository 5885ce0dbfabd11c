using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Scoring.Alignment;

namespace TinyVmaf.Scoring;

/// <summary>One measured frame: its number among the measured frames, the MOS (with its interval for a variance model) and VMAF.</summary>
public readonly record struct FrameScore(int FrameNumber, double Mos, double Vmaf, double? MosLow = null, double? MosHigh = null);

/// <summary>Per-frame scores pooled libvmaf's four ways.</summary>
public sealed record PooledScore(double Mean, double HarmonicMean, double Min, double Max)
{
    internal static PooledScore Of(ReadOnlySpan<double> values) =>
        new(Pooling.Mean(values), Pooling.HarmonicMean(values), Pooling.Min(values), Pooling.Max(values));

    /// <summary>The pooling <paramref name="method"/> names.</summary>
    public double By(PoolMethod method) => method switch
    {
        PoolMethod.HarmonicMean => HarmonicMean,
        PoolMethod.Min => Min,
        _ => Mean,
    };
}

/// <summary>Where a scoring run is: which clip of how many, and how many of its frame pairs were read.</summary>
public readonly record struct ScoringProgress(int Clip, int Clips, string Distorted, int Frame, int? TotalFrames);

/// <summary>What a distorted clip scored against its reference, and everything that was done to measure it.</summary>
public sealed class ScoreResult
{
    internal ScoreResult(FeatureTable table)
    {
        Table = table;
    }

    public required string Reference { get; init; }

    public required string Distorted { get; init; }

    /// <summary>The regressor's id; its per-frame scores are the log column of that name.</summary>
    public required string ModelId { get; init; }

    public required bool ModelIsCodecAware { get; init; }

    /// <summary>The libvmaf model file whose score is <see cref="Vmaf"/>.</summary>
    public required string VmafModel { get; init; }

    /// <summary>The log key of the VMAF score (<c>vmaf</c>).</summary>
    public required string VmafKey { get; init; }

    /// <summary>The codec given to the model, in the vocabulary's words, and where it came from.</summary>
    public required string Codec { get; init; }

    public required string CodecSource { get; init; }

    public required PoolMethod Pool { get; init; }

    /// <summary>Every per-frame value under libvmaf's keys (features, <c>vmaf</c>, the model's columns); the log's rows.</summary>
    public FeatureTable Table { get; }

    public required IReadOnlyList<FrameScore> Frames { get; init; }

    /// <summary>The MOS pooled by <see cref="Pool"/>.</summary>
    public double Mos => MosPooled.By(Pool);

    /// <summary>VMAF pooled by <see cref="Pool"/>.</summary>
    public double Vmaf => VmafPooled.By(Pool);

    public required PooledScore MosPooled { get; init; }

    public required PooledScore VmafPooled { get; init; }

    /// <summary>The pooled MOS's 95% interval, for a variance model; null otherwise.</summary>
    public (double Low, double High)? MosInterval { get; init; }

    /// <summary>Every how many measured frames a row was kept.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>Frames per second of the measured frames (the reference's).</summary>
    public double FrameRate { get; init; }

    /// <summary>The size the frames were measured at.</summary>
    public FrameSize MeasuredSize { get; init; }

    /// <summary>The distorted stream's own size and bit rate (kbit/s, when its container says).</summary>
    public FrameSize DistortedSize { get; init; }

    public double? BitrateKbps { get; init; }

    /// <summary>Frames dropped at the start of each clip (the caller's skips plus the sync offset).</summary>
    public int ReferenceSkip { get; init; }

    public int DistortedSkip { get; init; }

    public SyncResult? Sync { get; init; }

    /// <summary>What was done to the clips before measuring (scaling, cropping, frame-rate conversion), in words; empty when nothing.</summary>
    public IReadOnlyList<string> Preparation { get; init; } = [];

    /// <summary>Writes the libvmaf log of this run (JSON, XML or CSV).</summary>
    public void WriteLog(Stream output, LogFormat format) => LibvmafLogWriter.Write(output, Table, format, LogMetadata());

    /// <summary>Writes the log to <paramref name="path"/> through a temporary file, so a failure leaves nothing behind.</summary>
    public void WriteLogFile(string path, LogFormat format) => LibvmafLogWriter.WriteFile(path, Table, format, LogMetadata());

    internal LogMetadata LogMetadata()
    {
        string pool = PoolName(Pool);
        var aggregates = new List<KeyValuePair<string, double>> { new($"{ModelId}_{pool}", Mos) };
        if (MosInterval is var (low, high))
        {
            aggregates.Add(new($"{ModelId}_ci95_low", low));
            aggregates.Add(new($"{ModelId}_ci95_high", high));
        }

        aggregates.Add(new($"{VmafKey}_{pool}", Vmaf));
        var extra = new List<KeyValuePair<string, string>>
        {
            new("model", ModelId),
            new("codec", Codec),
            new("codec_source", CodecSource),
            new("pool", pool),
            new("vmaf_model", Path.GetFileNameWithoutExtension(VmafModel)),
            new("measured_at", MeasuredSize.ToString()),
        };
        if (ReferenceSkip > 0 || DistortedSkip > 0)
        {
            extra.Add(new("ref_skip", ReferenceSkip.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            extra.Add(new("dis_skip", DistortedSkip.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Sync is { } sync)
        {
            extra.Add(new("sync_offset", sync.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (Preparation.Count > 0)
        {
            extra.Add(new("preparation", string.Join("; ", Preparation)));
        }

        return new LogMetadata
        {
            Fps = FrameRate,
            Width = MeasuredSize.Width,
            Height = MeasuredSize.Height,
            Subsample = Subsample,
            Extra = extra,
            Aggregates = aggregates,
        };
    }

    /// <summary>libvmaf's name of a pooling method.</summary>
    public static string PoolName(PoolMethod method) => method switch
    {
        PoolMethod.HarmonicMean => "harmonic_mean",
        PoolMethod.Min => "min",
        _ => "mean",
    };
}
