namespace TinyVmaf.Features.FloatMotion;

/// <summary>
/// The options of libvmaf's <c>float_motion</c> extractor, under libvmaf's names (aliases in brackets), defaults and
/// ranges. A non-default value of a feature parameter changes the numbers, and libvmaf then writes the keys with
/// an option suffix, which the extractor is given by its creator.
/// </summary>
internal sealed record FloatMotionOptions
{
    public static readonly FloatMotionOptions Default = new();

    /// <summary><c>debug</c> (not a feature parameter): also write <c>motion</c>, the raw per-frame score. On by default.</summary>
    public bool Debug { get; init; } = true;

    /// <summary><c>motion_force_zero</c> (force_0): write 0 for every score.</summary>
    public bool ForceZero { get; init; }

    /// <summary><c>motion_fps_weight</c> (mfw): multiplies every score, in [0, 5].</summary>
    public double FpsWeight { get; init; } = 1.0;

    /// <summary><c>motion_blend_factor</c> (mbf): weight of the raw score in motion3's blend, in [0, 1].</summary>
    public double BlendFactor { get; init; } = 1.0;

    /// <summary><c>motion_blend_offset</c> (mbo): the ceiling blended in with the remaining weight, in [0, 1000].</summary>
    public double BlendOffset { get; init; } = 40.0;

    /// <summary><c>motion_add_scale1</c> (mdc): add the same score on a half-size (bilinear) copy of the blurred frames.</summary>
    public bool AddScale1 { get; init; }

    /// <summary><c>motion_filter_size</c> (mfs), in [0, 9]: 1 is no blur, 3 a 3-tap blur, anything else the 5-tap one.</summary>
    public int FilterSize { get; init; } = 5;

    /// <summary><c>motion_add_uv</c> (mau): add the scores of the two chroma planes.</summary>
    public bool AddUv { get; init; }

    /// <summary><c>motion_max_val</c> (mmxv): every score is clipped to it, in [0, 10000].</summary>
    public double MaxVal { get; init; } = 10000.0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(FpsWeight is >= 0.0 and <= 5.0, "motion_fps_weight", FpsWeight, "in [0, 5]");
        OptionRange.Check(BlendFactor is >= 0.0 and <= 1.0, "motion_blend_factor", BlendFactor, "in [0, 1]");
        OptionRange.Check(BlendOffset is >= 0.0 and <= 1000.0, "motion_blend_offset", BlendOffset, "in [0, 1000]");
        OptionRange.Check(FilterSize is >= 0 and <= 9, "motion_filter_size", FilterSize, "in [0, 9]");
        OptionRange.Check(MaxVal is >= 0.0 and <= 10000.0, "motion_max_val", MaxVal, "in [0, 10000]");
    }
}
