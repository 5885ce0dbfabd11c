namespace TinyVmaf.Corpus.Build;

/// <summary>
/// Where a build stands: pairs done out of the total (computed now, taken from the cache, failed), and the frames
/// extracted so far by this run (the frames-per-second of the work actually done).
/// </summary>
public readonly record struct BuildProgress(int Done, int Total, int Computed, int Cached, int Failed, long Frames);
