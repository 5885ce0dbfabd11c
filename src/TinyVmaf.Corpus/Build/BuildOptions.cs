using TinyVmaf.Features.Extraction;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Corpus.Build;

/// <summary>How a build runs: what to extract, the teacher, parallelism, where results and caches go.</summary>
public sealed record BuildOptions
{
    /// <summary>The FULL_FEATURES names the corpus gets a column for.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>A libvmaf model (vmaf_v0.6.1) whose per-frame score becomes the <c>vmaf</c> label; its inputs are extracted too.</summary>
    public VmafModel? Teacher { get; init; }

    /// <summary>The parquet file to write (atomically); null builds in memory only.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Pairs worked on at once.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Extraction threads per pair; 0 shares the cores among the jobs.</summary>
    public int ThreadsPerPair { get; init; }

    /// <summary>The per-pair cache; null puts it beside the output (<c>C.parquet</c> → <c>C.cache/</c>).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Keep each encode here as <c>&lt;unit&gt;&lt;ext&gt;</c> (e.g. to check it with another tool); a cached pair
    /// whose encode is missing from here is then built again. Null deletes encodes once extracted.
    /// </summary>
    public string? EncodesDirectory { get; init; }

    /// <summary>Record a failed pair in the failures file and go on, instead of stopping the build.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>Where <see cref="KeepGoing"/> records failures; null puts it beside the output (<c>C.failures.tsv</c>).</summary>
    public string? FailuresPath { get; init; }

    public Shard Shard { get; init; } = Shard.Whole;

    public KernelPath Kernels { get; init; } = KernelPath.Auto;

    /// <summary>Extra notes for the corpus file (the command that built it, a dataset's name).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    internal string ResolveCacheDirectory() =>
        CacheDirectory ?? (OutputPath is { } output
            ? Path.ChangeExtension(Path.GetFullPath(output), ".cache")
            : throw new ArgumentException("a build without an output file needs a cache folder"));

    internal string? ResolveFailuresPath() =>
        FailuresPath ?? (OutputPath is { } output ? Path.ChangeExtension(Path.GetFullPath(output), ".failures.tsv") : null);
}
