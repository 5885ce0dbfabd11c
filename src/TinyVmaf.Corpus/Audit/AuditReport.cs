namespace TinyVmaf.Corpus.Audit;

/// <summary>What an audit check found wrong with a log.</summary>
public enum AuditCheck
{
    /// <summary>The table names a video whose log is not in the logs folder.</summary>
    MissingLog,

    /// <summary>The log does not parse as a libvmaf log.</summary>
    UnreadableLog,

    /// <summary>The log's frame count differs from the table's <c>frames</c> or from the source's other logs.</summary>
    FrameCount,

    /// <summary>
    /// A feature libvmaf computes from the reference alone (motion) disagrees with the source's other logs: the
    /// log was computed against a shifted or different reference, so every frame of it compares the wrong pictures.
    /// </summary>
    ReferenceMismatch,

    /// <summary>The per-frame score falls far below that of a twin (same source and operating point, other codec).</summary>
    TwinCollapse,

    /// <summary>A feature or the score is NaN, null or infinite on some frames.</summary>
    NonFinite,
}

/// <summary>One fault found in one log.</summary>
/// <param name="Unit">The distorted video (<c>dis_basename</c>).</param>
/// <param name="Log">The log's path, or null when it is missing.</param>
/// <param name="Measure">The number the check judged (a share of frames, a frame count), for sorting and plots.</param>
public sealed record AuditFinding(string Unit, string Source, string Codec, string? Log, AuditCheck Check, string Reason, double Measure);

/// <summary>The audit's result: every finding, and notes on checks it could not run.</summary>
public sealed record AuditReport(int LogsAudited, IReadOnlyList<AuditFinding> Findings, IReadOnlyList<string> Notes)
{
    /// <summary>The videos with at least one finding, in table order.</summary>
    public IReadOnlyList<string> SuspectUnits => Findings.Select(f => f.Unit).Distinct(StringComparer.Ordinal).ToArray();

    public IEnumerable<AuditFinding> For(string unit) => Findings.Where(f => f.Unit == unit);

    /// <summary>Writes the findings as TSV (<c>distorted, log, source, codec, check, measure, reason</c>), one per line.</summary>
    public void WriteTsv(TextWriter writer)
    {
        writer.WriteLine("distorted\tlog\tsource\tcodec\tcheck\tmeasure\treason");
        foreach (var f in Findings)
        {
            writer.WriteLine(string.Join('\t',
                f.Unit, f.Log is null ? "" : Path.GetFileName(f.Log), f.Source, f.Codec, f.Check,
                f.Measure.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), f.Reason.Replace('\t', ' ')));
        }
    }

    /// <summary>A human-readable summary: counts per check, then each suspect video with its reasons.</summary>
    public void WriteSummary(TextWriter writer)
    {
        writer.WriteLine($"audited {LogsAudited} logs: {SuspectUnits.Count} suspect");
        foreach (var group in Findings.GroupBy(f => f.Check))
        {
            writer.WriteLine($"  {group.Key}: {group.Select(f => f.Unit).Distinct().Count()} logs");
        }

        foreach (string note in Notes)
        {
            writer.WriteLine($"  note: {note}");
        }

        foreach (string unit in SuspectUnits)
        {
            writer.WriteLine(unit);
            foreach (var f in For(unit))
            {
                writer.WriteLine($"  {f.Check}: {f.Reason}");
            }
        }
    }
}
