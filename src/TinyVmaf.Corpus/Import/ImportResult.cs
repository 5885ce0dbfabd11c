namespace TinyVmaf.Corpus.Import;

/// <summary>What an import produced.</summary>
/// <param name="Table">The corpus as written.</param>
/// <param name="OutputPath">Where it was written, or null for an in-memory import.</param>
/// <param name="Warnings">
/// Things the user should know that did not stop the import, e.g. a feature only some logs have (left out:
/// a column exists only when every log has it) or opinion scores outside the stated MOS scale.
/// </param>
/// <param name="Elapsed">Wall time of the whole import.</param>
public sealed record ImportResult(CorpusTable Table, string? OutputPath, IReadOnlyList<string> Warnings, TimeSpan Elapsed)
{
    public int Rows => Table.RowCount;

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : double.PositiveInfinity;
}
