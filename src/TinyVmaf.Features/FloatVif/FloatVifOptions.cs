using TinyVmaf.Features.FloatFilter;
namespace TinyVmaf.Features.FloatVif;

/// <summary>
/// The options of libvmaf's <c>float_vif</c> extractor, under libvmaf's names (aliases in brackets), defaults and
/// ranges. A non-default value changes the numbers, and libvmaf then writes the keys with an option suffix, which
/// the extractor is given by its creator.
/// </summary>
internal sealed record FloatVifOptions
{
    public static readonly FloatVifOptions Default = new();

    /// <summary><c>vif_enhn_gain_limit</c> (egl): the most a pixel's gain may count, in [1, 100]; 1 disables enhancement.</summary>
    public double EnhancementGainLimit { get; init; } = 100.0;

    /// <summary><c>vif_kernelscale</c> (ks): scales the Gaussian windows, in [0.1, 4] and one of libvmaf's kernel scales.</summary>
    public double KernelScale { get; init; } = 1.0;

    /// <summary><c>vif_prescale</c> (ps): resamples the luma by this factor first, in [0.1, 4].</summary>
    public double Prescale { get; init; } = 1.0;

    /// <summary><c>vif_prescale_method</c> (pm): nearest (default), bilinear, bicubic or lanczos4.</summary>
    public VifScalingMethod PrescaleMethod { get; init; } = VifScalingMethod.Nearest;

    /// <summary><c>vif_scale1_min_val</c> (s1miv), and scales 2 and 3 alike: the score is clipped below to this, in [0, 1].</summary>
    public double Scale1MinVal { get; init; }

    /// <summary><c>vif_scale2_min_val</c> (s2miv), in [0, 1].</summary>
    public double Scale2MinVal { get; init; }

    /// <summary><c>vif_scale3_min_val</c> (s3miv), in [0, 1].</summary>
    public double Scale3MinVal { get; init; }

    /// <summary><c>vif_sigma_nsq</c> (snsq): the neural noise variance, in [0, 5].</summary>
    public double SigmaNsq { get; init; } = 2.0;

    /// <summary><c>vif_skip_scale0</c> (ssclz): skip scale 0 (its score then reads 0).</summary>
    public bool SkipScale0 { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(EnhancementGainLimit is >= 1.0 and <= 100.0, "vif_enhn_gain_limit", EnhancementGainLimit, "in [1, 100]");
        OptionRange.Check(KernelScale is >= 0.1 and <= 4.0, "vif_kernelscale", KernelScale, "in [0.1, 4]");
        OptionRange.Check(VifWindows.IsValidKernelScale(KernelScale), "vif_kernelscale", KernelScale, VifWindows.ValidKernelScalesText);
        OptionRange.Check(Prescale is >= 0.1 and <= 4.0, "vif_prescale", Prescale, "in [0.1, 4]");
        OptionRange.Check(Enum.IsDefined(PrescaleMethod), "vif_prescale_method", PrescaleMethod, "nearest, bilinear, bicubic or lanczos4");
        OptionRange.Check(Scale1MinVal is >= 0.0 and <= 1.0, "vif_scale1_min_val", Scale1MinVal, "in [0, 1]");
        OptionRange.Check(Scale2MinVal is >= 0.0 and <= 1.0, "vif_scale2_min_val", Scale2MinVal, "in [0, 1]");
        OptionRange.Check(Scale3MinVal is >= 0.0 and <= 1.0, "vif_scale3_min_val", Scale3MinVal, "in [0, 1]");
        OptionRange.Check(SigmaNsq is >= 0.0 and <= 5.0, "vif_sigma_nsq", SigmaNsq, "in [0, 5]");
    }
}
