using TinyVmaf.Features.FloatFilter;
namespace TinyVmaf.Features.Speed;

/// <summary>
/// The options of libvmaf's <c>speed_chroma</c> extractor, under libvmaf's names (aliases in brackets), with its
/// defaults and ranges. A non-default value changes the numbers, and libvmaf then writes the keys with an option
/// suffix (<c>speed_chroma_uv_mxv_45_nnf_0.1_snn_0.19_wvm_5</c>), which the extractor is given by its creator.
/// </summary>
internal sealed record SpeedOptions
{
    public static readonly SpeedOptions Default = new();

    /// <summary>
    /// <c>speed_kernelscale</c> (ks): scales the Gaussian windows' width, in [0.1, 4] and one of libvmaf's
    /// 21 tabulated kernel scales (1, 1/2, 3/2, 2, 2/3, …).
    /// </summary>
    public double KernelScale { get; init; } = 1.0;

    /// <summary><c>speed_prescale</c> (ps): resamples the plane by this factor before anything else, in [0.1, 4].</summary>
    public double Prescale { get; init; } = 1.0;

    /// <summary><c>speed_prescale_method</c> (psm): nearest (default), bilinear, bicubic or lanczos4.</summary>
    public VifScalingMethod PrescaleMethod { get; init; } = VifScalingMethod.Nearest;

    /// <summary><c>speed_sigma_nn</c> (snn): standard deviation of the neural noise, in [0.1, 2].</summary>
    public double SigmaNn { get; init; } = 0.29;

    /// <summary><c>speed_nn_floor</c> (nnf): the neural noise floor as a share of sigma_nn, in [0, 1].</summary>
    public double NnFloor { get; init; }

    /// <summary><c>speed_max_val</c> (mxv): scores are clipped above to this, in [0, 1000].</summary>
    public double MaxVal { get; init; } = 1000.0;

    /// <summary>
    /// <c>speed_weight_var_mode</c> (wvm), in [0, 6]: which block variances weight the reference's and the
    /// distorted picture's entropies (0: each its own; 5, what VMAF v1 uses: the reference's own, and
    /// 0.75 reference + 0.25 distorted for the distorted one).
    /// </summary>
    public int WeightVarMode { get; init; }

    /// <summary>libvmaf's name of a prescale method.</summary>
    public static string MethodName(VifScalingMethod method) => VifScaling.Name(method);

    /// <summary>Reads libvmaf's name of a prescale method; throws naming the allowed ones.</summary>
    public static VifScalingMethod ParseMethod(string name) => VifScaling.Parse(name, "speed_prescale_method");

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option that is outside libvmaf's range.</summary>
    public void Validate()
    {
        OptionRange.Check(KernelScale is >= 0.1 and <= 4.0, "speed_kernelscale", KernelScale, "in [0.1, 4]");
        OptionRange.Check(VifWindows.IsValidKernelScale(KernelScale), "speed_kernelscale", KernelScale, VifWindows.ValidKernelScalesText);
        OptionRange.Check(Prescale is >= 0.1 and <= 4.0, "speed_prescale", Prescale, "in [0.1, 4]");
        OptionRange.Check(Enum.IsDefined(PrescaleMethod), "speed_prescale_method", PrescaleMethod, "nearest, bilinear, bicubic or lanczos4");
        OptionRange.Check(SigmaNn is >= 0.1 and <= 2.0, "speed_sigma_nn", SigmaNn, "in [0.1, 2]");
        OptionRange.Check(NnFloor is >= 0.0 and <= 1.0, "speed_nn_floor", NnFloor, "in [0, 1]");
        OptionRange.Check(MaxVal is >= 0.0 and <= 1000.0, "speed_max_val", MaxVal, "in [0, 1000]");
        OptionRange.Check(WeightVarMode is >= 0 and <= 6, "speed_weight_var_mode", WeightVarMode, "in [0, 6]");
    }
}
