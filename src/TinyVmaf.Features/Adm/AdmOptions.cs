namespace TinyVmaf.Features.Adm;

/// <summary>
/// The options of libvmaf's integer <c>adm</c> extractor, under libvmaf's names, with libvmaf's defaults and
/// ranges. The defaults are what <c>vmaf_v0.6.1</c> and the golden logs use; a non-default value changes the
/// numbers (libvmaf would also rename the keys with a suffix, which we do not do).
/// </summary>
internal sealed record AdmOptions
{
    public static readonly AdmOptions Default = new();

    /// <summary><c>adm_enhn_gain_limit</c>: how much a distorted band may exceed the reference (1 disables enhancement), in [1, 100].</summary>
    public double EnhancementGainLimit { get; init; } = 100.0;

    /// <summary><c>adm_norm_view_dist</c>: viewing distance over display height, in [0.75, 24].</summary>
    public double NormViewDist { get; init; } = 3.0;

    /// <summary><c>adm_ref_display_height</c>: display height in pixels, in [1, 4320].</summary>
    public int RefDisplayHeight { get; init; } = 1080;

    /// <summary><c>adm_noise_weight</c>: weight of the noise floor added to numerator and denominator, in [0, 1500].</summary>
    public double NoiseWeight { get; init; } = 0.03125;

    /// <summary><c>adm_dlm_weight</c>: weight of DLM (adm2) against 1 − AIM in adm3, in [0, 1].</summary>
    public double DlmWeight { get; init; } = 0.5;

    /// <summary><c>adm_min_val</c>: adm3 is clipped below to this, in [0, 1].</summary>
    public double MinVal { get; init; }

    /// <summary><c>adm_skip_aim</c>: skip the AIM passes (aim then reads 0).</summary>
    public bool SkipAim { get; init; }

    /// <summary><c>adm_skip_scale0</c>: replace scale 0 by a low-pass downsample (its score then reads 0).</summary>
    public bool SkipScale0 { get; init; }

    /// <summary>
    /// <c>adm_csf_mode</c>: 0 is Watson 1997, the default and the only mode implemented here; libvmaf's Barten
    /// modes (1..3) are refused.
    /// </summary>
    public int CsfMode { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        Check(EnhancementGainLimit is >= 1.0 and <= 100.0, "adm_enhn_gain_limit", EnhancementGainLimit, "[1, 100]");
        Check(NormViewDist is >= 0.75 and <= 24.0, "adm_norm_view_dist", NormViewDist, "[0.75, 24]");
        Check(RefDisplayHeight is >= 1 and <= 4320, "adm_ref_display_height", RefDisplayHeight, "[1, 4320]");
        Check(NoiseWeight is >= 0.0 and <= 1500.0, "adm_noise_weight", NoiseWeight, "[0, 1500]");
        Check(DlmWeight is >= 0.0 and <= 1.0, "adm_dlm_weight", DlmWeight, "[0, 1]");
        Check(MinVal is >= 0.0 and <= 1.0, "adm_min_val", MinVal, "[0, 1]");
        Check(CsfMode == 0, "adm_csf_mode", CsfMode, "0 (Watson 1997; the Barten modes are not implemented)");

        // libvmaf refuses this at extract time: its 16-bit scale-0 pipeline cannot hold the coarser CSF.
        Check(NormViewDist * RefDisplayHeight >= 3.0 * 1080, "adm_norm_view_dist * adm_ref_display_height",
            NormViewDist * RefDisplayHeight, ">= 3240 (libvmaf's fixed-point scale 0 needs at least 1080p at 3H)");
    }

    private static void Check(bool ok, string name, object value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {allowed}");
        }
    }
}
