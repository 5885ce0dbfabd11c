namespace TinyVmaf.Features.Motion;

/// <summary>
/// The options of libvmaf's integer <c>motion</c> extractor, under libvmaf's names, with its defaults. With the
/// defaults, motion3 equals motion2 except at the two ends of the clip (see <see cref="MotionExtractor"/>).
/// </summary>
/// <remarks>
/// The fork's <see cref="MotionExtractor"/> does not offer <c>motion_five_frame_window</c>; libvmaf 3.2's
/// <see cref="MotionV2Extractor"/> does. The extractors write plain keys; an instance built from a model's
/// options gets libvmaf's suffix (e.g. <c>integer_motion2_mmxv_18</c>) from the pipeline.
/// </remarks>
internal sealed record MotionOptions
{
    public static readonly MotionOptions Default = new();

    /// <summary><c>debug</c>: also write <c>integer_motion</c>, the raw per-frame score. libvmaf defaults it on.</summary>
    public bool Debug { get; init; } = true;

    /// <summary><c>motion_force_zero</c> (alias <c>force_0</c>): write 0 for every score.</summary>
    public bool MotionForceZero { get; init; }

    /// <summary><c>motion_blend_factor</c> (alias <c>mbf</c>), 0..1: weight of the raw score in motion3's blend.</summary>
    public double MotionBlendFactor { get; init; } = 1.0;

    /// <summary><c>motion_blend_offset</c> (alias <c>mbo</c>), 0..1000: the ceiling blended in with the remaining weight.</summary>
    public double MotionBlendOffset { get; init; } = 40.0;

    /// <summary><c>motion_fps_weight</c> (alias <c>mfw</c>), 0..5: multiplies every score (a frame-rate correction).</summary>
    public double MotionFpsWeight { get; init; } = 1.0;

    /// <summary><c>motion_max_val</c> (alias <c>mmxv</c>), 0..10000: every score is clipped to it.</summary>
    public double MotionMaxVal { get; init; } = 10000.0;

    /// <summary><c>motion_moving_average</c> (alias <c>mma</c>): motion3 averages each blended score with the previous one.</summary>
    public bool MotionMovingAverage { get; init; }

    /// <summary>
    /// <c>motion_five_frame_window</c> (alias <c>mffw</c>): compare each frame with the one two before it
    /// (libvmaf 3.2's high-frame-rate models), so the first two frames score 0.
    /// </summary>
    public bool MotionFiveFrameWindow { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(MotionBlendFactor is >= 0.0 and <= 1.0, "motion_blend_factor", MotionBlendFactor, "within [0, 1]");
        OptionRange.Check(MotionBlendOffset is >= 0.0 and <= 1000.0, "motion_blend_offset", MotionBlendOffset, "within [0, 1000]");
        OptionRange.Check(MotionFpsWeight is >= 0.0 and <= 5.0, "motion_fps_weight", MotionFpsWeight, "within [0, 5]");
        OptionRange.Check(MotionMaxVal is >= 0.0 and <= 10000.0, "motion_max_val", MotionMaxVal, "within [0, 10000]");
    }
}
