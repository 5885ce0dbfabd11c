namespace TinyVmaf.Features.Adm;

/// <summary>
/// The options of libvmaf's integer <c>adm</c> extractor, under libvmaf's names, with libvmaf's defaults and
/// ranges. The defaults are what <c>vmaf_v0.6.1</c> and the golden logs use; a non-default value changes the
/// numbers, and libvmaf then writes the keys with an option suffix, which the extractor is given by its creator.
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

    /// <summary><c>adm_csf_mode</c> 0: Watson et al. 1997, the default.</summary>
    public const int CsfWatson97 = 0;

    /// <summary><c>adm_csf_mode</c> 2: the tabulated Barten/Watson blend of the VMAF v1.0.16 models.</summary>
    public const int CsfBartenWatsonBlend = 2;

    /// <summary><c>adm_csf_mode</c> 3: the same blend, refitted (libvmaf's <c>_MAE</c> tables).</summary>
    public const int CsfBartenWatsonBlendMae = 3;

    /// <summary>
    /// <c>adm_csf_mode</c>, in [0, 3]: 0 Watson 1997 (default), 2 and 3 the tabulated Barten/Watson blends, which
    /// exist only for the viewing conditions libvmaf tabulates (480, 720, 1080 or 2160 lines at 3H or 5H, and 2160
    /// at 1.5H). Mode 1 (Barten's CSF computed, with <c>adm_csf_scale</c>) is not implemented and is refused.
    /// </summary>
    public int CsfMode { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(EnhancementGainLimit is >= 1.0 and <= 100.0, "adm_enhn_gain_limit", EnhancementGainLimit, "[1, 100]");
        OptionRange.Check(NormViewDist is >= 0.75 and <= 24.0, "adm_norm_view_dist", NormViewDist, "[0.75, 24]");
        OptionRange.Check(RefDisplayHeight is >= 1 and <= 4320, "adm_ref_display_height", RefDisplayHeight, "[1, 4320]");
        OptionRange.Check(NoiseWeight is >= 0.0 and <= 1500.0, "adm_noise_weight", NoiseWeight, "[0, 1500]");
        OptionRange.Check(DlmWeight is >= 0.0 and <= 1.0, "adm_dlm_weight", DlmWeight, "[0, 1]");
        OptionRange.Check(MinVal is >= 0.0 and <= 1.0, "adm_min_val", MinVal, "[0, 1]");
        OptionRange.Check(CsfMode is CsfWatson97 or CsfBartenWatsonBlend or CsfBartenWatsonBlendMae, "adm_csf_mode", CsfMode,
            "0, 2 or 3 (mode 1, Barten's computed CSF, is not implemented)");
        if (CsfMode != CsfWatson97)
        {
            OptionRange.Check(AdmBlendedCsf.Has(NormViewDist, RefDisplayHeight), "adm_norm_view_dist, adm_ref_display_height",
                $"{NormViewDist}, {RefDisplayHeight}", $"a tabulated viewing condition for adm_csf_mode {CsfMode}: {AdmBlendedCsf.Supported}");
        }

        // libvmaf refuses this at extract time: its 16-bit scale-0 pipeline cannot hold the coarser CSF.
        OptionRange.Check(NormViewDist * RefDisplayHeight >= 3.0 * 1080, "adm_norm_view_dist * adm_ref_display_height",
            NormViewDist * RefDisplayHeight, ">= 3240 (libvmaf's fixed-point scale 0 needs at least 1080p at 3H)");
    }
}
