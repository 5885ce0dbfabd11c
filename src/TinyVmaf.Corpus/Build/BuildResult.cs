namespace TinyVmaf.Corpus.Build;

/// <summary>A pair that failed: its unit, its inputs and why, as written to the failures file.</summary>
public sealed record PairFailure(string Unit, string Source, string Reference, string Distorted, string Reason)
{
    public override string ToString() => $"{Unit}: {Reason}";
}

/// <summary>
/// What a build made and how: the corpus, how many pairs were computed, cached or failed, and what the build itself
/// noticed (the plan's own warnings stay with the plan).
/// </summary>
public sealed record BuildResult(
    CorpusTable Table,
    int Pairs,
    int Computed,
    int Cached,
    IReadOnlyList<PairFailure> Failures,
    IReadOnlyList<string> Warnings,
    string? OutputPath,
    string? FailuresPath,
    TimeSpan Elapsed);
