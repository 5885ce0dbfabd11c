namespace TinyVmaf.Corpus.Audit;

/// <summary>
/// When the audit calls a log suspect. The defaults are round numbers chosen from what the checks measure,
/// not fitted to any dataset's answer.
/// </summary>
public sealed record AuditThresholds
{
    /// <summary>
    /// A frame "collapses" against its twin when the twin's vmaf is this many points higher: 20 points is one
    /// step of a five-grade ACR scale mapped to 0..100, a difference no encoder setting at equal bitrate explains.
    /// </summary>
    public double VmafGap { get; init; } = 20;

    /// <summary>The same for adm2, used when a log has no vmaf: 0.1 is a large step on adm2's ~0.8..1 range.</summary>
    public double Adm2Gap { get; init; } = 0.1;

    /// <summary>Share of frames that must collapse before a log is flagged (a few bad frames can be a scene cut).</summary>
    public double CollapseShare { get; init; } = 0.10;

    /// <summary>
    /// How far a reference-only feature (motion) may stray from the consensus of the source's other logs, relative
    /// to the consensus value and never below this absolute amount, before a frame counts as disagreeing. The same
    /// reference gives the same motion to every log of it, so real disagreement is large and tiny ones are noise
    /// from different libvmaf builds.
    /// </summary>
    public double ReferenceTolerance { get; init; } = 0.05;

    /// <summary>Share of frames that must disagree with the consensus before a log is flagged.</summary>
    public double ReferenceShare { get; init; } = 0.05;

    /// <summary>Logs of one source needed to form a consensus (with two, neither can be told wrong).</summary>
    public int MinimumConsensusLogs { get; init; } = 3;
}

/// <summary>
/// <c>corpus audit --table T.csv --logs DIR</c>: the same inputs as the import. Besides the import's columns the
/// audit uses <see cref="TwinColumns"/> to pair a video with its twins, and an optional <c>frames</c> column (the
/// frame count the table expects).
/// </summary>
public sealed record AuditOptions(string TablePath, string LogsDirectory)
{
    /// <summary>
    /// Columns that, together with <c>source</c>, make two videos twins when their codecs differ (same content,
    /// same operating point). Those the table lacks are ignored; a table with none of them gets no twin check.
    /// </summary>
    public IReadOnlyList<string> TwinColumns { get; init; } = ["resolution", "width", "height", CorpusColumns.BitrateKbps];

    public AuditThresholds Thresholds { get; init; } = new();

    /// <summary>Logs read at once; 0 means one per core.</summary>
    public int MaxParallelism { get; init; }
}
