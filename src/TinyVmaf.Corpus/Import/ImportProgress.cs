namespace TinyVmaf.Corpus.Import;

/// <summary>How far an import or audit has got: <paramref name="Done"/> of <paramref name="Total"/> items of <paramref name="Stage"/>.</summary>
public readonly record struct ImportProgress(ImportStage Stage, int Done, int Total);

public enum ImportStage
{
    /// <summary>Reading the logs (items are logs).</summary>
    ReadingLogs,

    /// <summary>Writing the parquet file (one item).</summary>
    Writing,

    /// <summary>Auditing the logs (items are logs).</summary>
    Auditing,
}
