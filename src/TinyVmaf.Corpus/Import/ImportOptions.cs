namespace TinyVmaf.Corpus.Import;

/// <summary>
/// What <see cref="CorpusImporter.Import"/> reads and writes: <c>corpus import --table T.csv --logs DIR --output
/// C.parquet [--mos-scale LO:HI]</c>.
/// </summary>
/// <param name="TablePath">
/// CSV, one row per distorted video. Required columns: <c>distorted</c>, <c>source</c>, <c>codec</c> (a raw label,
/// mapped through the codec aliases). Optional: <c>mos</c>, <c>encoder</c>, <c>preset</c>, <c>crf</c>,
/// <c>bitrate_kbps</c>, and <c>log</c> (the log's file name inside the logs folder, when it cannot be derived
/// from <c>distorted</c>). Other columns are ignored by the import (the audit may use them, e.g. resolution).
/// </param>
/// <param name="LogsDirectory">Folder of libvmaf JSON logs, one per table row.</param>
/// <param name="OutputPath">The parquet corpus to write (atomically). Null: import in memory only.</param>
public sealed record ImportOptions(string TablePath, string LogsDirectory, string? OutputPath)
{
    /// <summary>When set, <c>mos</c> is rescaled from this scale to 0..100.</summary>
    public MosScale? MosScale { get; init; }

    /// <summary>
    /// The <c>dataset</c> every row is stamped with (the corpus's provenance once it is merged with others); null
    /// or empty: the table file's name without its extension (<c>appeal.csv</c> → <c>appeal</c>).
    /// </summary>
    public string? Dataset { get; init; }

    /// <summary>The dataset name the import stamps: <see cref="Dataset"/>, else the table's file stem.</summary>
    public string ResolveDataset() =>
        string.IsNullOrWhiteSpace(Dataset) ? Path.GetFileNameWithoutExtension(TablePath) : Dataset.Trim();

    /// <summary>Logs parsed at once; 0 means one per core.</summary>
    public int MaxParallelism { get; init; }
}
