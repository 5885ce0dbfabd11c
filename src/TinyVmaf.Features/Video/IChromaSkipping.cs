namespace TinyVmaf.Features.Video;

/// <summary>
/// A frame source that can leave the chroma planes of the frames it reads untouched (skipped in a file, read past
/// in a pipe), when nothing that reads the frames looks at chroma. Reading and widening chroma is a third of a
/// 4:2:0 frame's input cost.
/// </summary>
internal interface IChromaSkipping
{
    /// <summary>While true, <see cref="IFrameSource.ReadFrame"/> fills only the luma plane; the others keep what they held.</summary>
    bool SkipChroma { get; set; }
}
