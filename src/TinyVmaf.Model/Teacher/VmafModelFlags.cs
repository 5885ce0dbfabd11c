namespace TinyVmaf.Model.Teacher;

/// <summary>
/// libvmaf's model flags (<c>VmafModelFlags</c>, the CLI's <c>--model ...:disable_clip:enable_transform</c>),
/// with libvmaf's bit values.
/// </summary>
[Flags]
public enum VmafModelFlags
{
    /// <summary>What the libvmaf CLI does for <c>--model version=vmaf_v0.6.1</c>.</summary>
    Default = 0,

    /// <summary>Do not clip the score to the model's <c>score_clip</c>.</summary>
    DisableClip = 1 << 0,

    /// <summary>
    /// Apply the model's <c>score_transform</c> even though it does not say <c>"enabled": true</c>. Without it
    /// vmaf_v0.6.1's polynomial and <c>out_gte_in</c> are parsed but never applied.
    /// </summary>
    EnableTransform = 1 << 1,

    /// <summary>Never apply <c>score_transform</c>, even when the model enables it.</summary>
    DisableTransform = 1 << 2,
}
