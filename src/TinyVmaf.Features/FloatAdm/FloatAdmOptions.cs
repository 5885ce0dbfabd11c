namespace TinyVmaf.Features.FloatAdm;

/// <summary>
/// The options of libvmaf's <c>float_adm</c> extractor, under libvmaf's names (aliases in brackets), defaults and
/// ranges. A non-default value changes the numbers, and libvmaf then writes the keys with an option suffix, which
/// the extractor is given by its creator.
/// </summary>
internal sealed record FloatAdmOptions
{
    public static readonly FloatAdmOptions Default = new();

    /// <summary><c>adm_enhn_gain_limit</c> (egl): how much a distorted band may exceed the reference, in [1, 100].</summary>
    public double EnhancementGainLimit { get; init; } = 100.0;

    /// <summary><c>adm_norm_view_dist</c> (nvd): viewing distance over display height, in [0.75, 24].</summary>
    public double NormViewDist { get; init; } = 3.0;

    /// <summary><c>adm_ref_display_height</c> (rdf): display height in pixels, in [1, 4320].</summary>
    public int RefDisplayHeight { get; init; } = 1080;

    /// <summary><c>adm_noise_weight</c> (nw): weight of the noise floor, in [0, 1500].</summary>
    public double NoiseWeight { get; init; } = 0.03125;

    /// <summary>
    /// <c>adm_csf_mode</c> (csf): 0 (Watson 1997) is the default and the only mode implemented; libvmaf's Barten (1)
    /// and native ADM (2) CSFs of the float extractor are refused.
    /// </summary>
    public int CsfMode { get; init; }

    /// <summary><c>adm_bypass_cm</c> (bcm), 0 or 1: skip contrast masking (the threshold is then 0).</summary>
    public int BypassCm { get; init; }

    /// <summary><c>adm_adm3_apply_hm</c> (aah): adm3 is the harmonic mean of adm2 and aim instead of their weighted blend.</summary>
    public bool Adm3ApplyHm { get; init; }

    /// <summary><c>adm_p_norm</c> (apn): the norm pooling the bands, in [1, 20].</summary>
    public double PNorm { get; init; } = 3.0;

    /// <summary><c>adm_dlm_weight</c> (dlmw): weight of DLM (adm2) against 1 − AIM in adm3, in [0, 1].</summary>
    public double DlmWeight { get; init; } = 0.5;

    /// <summary><c>adm_min_val</c> (min): adm3 is clipped below to this, in [0, 1].</summary>
    public double MinVal { get; init; }

    /// <summary>
    /// <c>adm_f1s0</c>..<c>adm_f1s3</c> (f1s0..): the h/v CSF factor of each scale, overriding the CSF's when ≥ 0,
    /// in [−1, 10]; −1 (the default) keeps the CSF's.
    /// </summary>
    public IReadOnlyList<double> F1 { get; init; } = [-1.0, -1.0, -1.0, -1.0];

    /// <summary><c>adm_f2s0</c>..<c>adm_f2s3</c> (f2s0..): the d CSF factor of each scale, likewise.</summary>
    public IReadOnlyList<double> F2 { get; init; } = [-1.0, -1.0, -1.0, -1.0];

    /// <summary><c>adm_skip_aim_scale</c> (sasc): a scale (0..3) left out of aim, or −1 (the default) for none.</summary>
    public int SkipAimScale { get; init; } = -1;

    /// <summary><c>adm_skip_scale0</c> (ssz): skip scale 0 (its score then reads 0).</summary>
    public bool SkipScale0 { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(EnhancementGainLimit is >= 1.0 and <= 100.0, "adm_enhn_gain_limit", EnhancementGainLimit, "in [1, 100]");
        OptionRange.Check(NormViewDist is >= 0.75 and <= 24.0, "adm_norm_view_dist", NormViewDist, "in [0.75, 24]");
        OptionRange.Check(RefDisplayHeight is >= 1 and <= 4320, "adm_ref_display_height", RefDisplayHeight, "in [1, 4320]");
        OptionRange.Check(NoiseWeight is >= 0.0 and <= 1500.0, "adm_noise_weight", NoiseWeight, "in [0, 1500]");
        OptionRange.Check(CsfMode == 0, "adm_csf_mode", CsfMode, "0 (Watson 1997; float_adm's Barten and native ADM CSFs are not implemented)");
        OptionRange.Check(BypassCm is 0 or 1, "adm_bypass_cm", BypassCm, "0 or 1");
        OptionRange.Check(PNorm is >= 1.0 and <= 20.0, "adm_p_norm", PNorm, "in [1, 20]");
        OptionRange.Check(DlmWeight is >= 0.0 and <= 1.0, "adm_dlm_weight", DlmWeight, "in [0, 1]");
        OptionRange.Check(MinVal is >= 0.0 and <= 1.0, "adm_min_val", MinVal, "in [0, 1]");
        OptionRange.Check(F1.Count == 4 && F1.All(f => f is >= -1.0 and <= 10.0), "adm_f1s0..adm_f1s3", string.Join(",", F1), "four values in [-1, 10]");
        OptionRange.Check(F2.Count == 4 && F2.All(f => f is >= -1.0 and <= 10.0), "adm_f2s0..adm_f2s3", string.Join(",", F2), "four values in [-1, 10]");
        OptionRange.Check(SkipAimScale is >= -1 and <= 3, "adm_skip_aim_scale", SkipAimScale, "-1 or a scale in [0, 3]");
    }
}
