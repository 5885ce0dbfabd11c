namespace TinyVmaf.Corpus.Build;

/// <summary>
/// What a build is to make: its pairs, what planning noticed on the way (an encoder this ffmpeg lacks, a video the
/// score table does not rate), and notes for the corpus file (the dataset, the MOS scale it rescaled from).
/// </summary>
public sealed class BuildPlan
{
    public BuildPlan(IReadOnlyList<CorpusPair> pairs, IReadOnlyList<string>? warnings = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var duplicate = pairs.GroupBy(p => p.Unit, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CorpusBuildException(
                $"two pairs would both be named '{duplicate.Key}'",
                duplicate.Select(p => $"{duplicate.Key}: {p.Reference.Path} → {p.DistortedDescription}").ToArray());
        }

        int rated = pairs.Count(p => p.Mos is not null);
        if (rated != 0 && rated != pairs.Count)
        {
            // A corpus column is whole or absent; a planner that rates only some pairs has a bug.
            throw new ArgumentException($"{rated} of {pairs.Count} pairs have a MOS; a build labels all of them or none");
        }

        Pairs = pairs;
        Warnings = warnings ?? [];
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public IReadOnlyList<CorpusPair> Pairs { get; }

    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool HasMos => Pairs.Count > 0 && Pairs[0].Mos is not null;
}
