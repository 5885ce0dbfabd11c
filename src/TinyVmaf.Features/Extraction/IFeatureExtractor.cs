using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Extraction;

/// <summary>
/// One libvmaf feature family running on frame pairs of one format. Created with the format (allocate
/// there), called once per frame pair (allocate nothing), flushed at the end, then disposed.
/// </summary>
internal interface IFeatureExtractor : IDisposable
{
    /// <summary>
    /// Computes the features of one pair and writes them to <paramref name="sink"/> under libvmaf's keys.
    /// A temporal extractor is called in frame order and may write a score for an earlier frame.
    /// </summary>
    void Extract(FramePair pair, IFeatureSink sink);

    /// <summary>Writes what a temporal extractor still holds after the last frame.</summary>
    void Flush(IFeatureSink sink);
}

/// <summary>Where extractors put their per-frame numbers.</summary>
internal interface IFeatureSink
{
    void Write(int frameIndex, string libvmafKey, double value);
}

/// <summary>Which kernel family an extractor runs. Chosen once at creation.</summary>
public enum KernelPath
{
    /// <summary>The fastest the CPU supports.</summary>
    Auto,
    /// <summary>The portable scalar reference kernels (for testing and diagnosis).</summary>
    Scalar,
}

/// <summary>What an extractor is given when it is created.</summary>
internal sealed record ExtractorContext(FrameFormat Format, KernelPath Kernels)
{
    /// <summary>Set to 1 to force the scalar kernels everywhere, whatever the options say.</summary>
    public const string ForceScalarVariable = "TINYVMAF_SCALAR";

    public bool UseSimd => Kernels == KernelPath.Auto && !ScalarForcedByEnvironment;

    internal static bool ScalarForcedByEnvironment =>
        Environment.GetEnvironmentVariable(ForceScalarVariable) is "1" or "true";
}

/// <summary>
/// The descriptor of an extractor: its libvmaf name, the libvmaf keys it emits, whether it needs frames in
/// order, and how to create it. One list drives both what it declares and what it emits.
/// </summary>
internal sealed record ExtractorDescriptor(
    string Name,
    IReadOnlyList<string> Keys,
    bool IsTemporal,
    Func<ExtractorContext, IFeatureExtractor> Create)
{
    /// <summary>
    /// The version of this extractor's numbers. Bump it (<c>Descriptor = new(...) { Version = 2 }</c>) in the commit
    /// that changes what the extractor computes for some input (a fixed bug, a new rounding), never for a change
    /// that leaves every number as it was (a faster kernel that agrees bit for bit). Caches of extracted features
    /// (a corpus build's per-pair cache) record it, so that numbers of an older version are computed again.
    /// </summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// The extractor reads only the luma planes of the frames it is given. When every extractor of a run does, the
    /// sources leave chroma unread. Set it only for an extractor that never touches U or V: they keep stale samples.
    /// </summary>
    public bool LumaOnly { get; init; }
}
