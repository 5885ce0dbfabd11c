namespace TinyVmaf.Features.Vif;

/// <summary>The options of libvmaf's integer <c>vif</c> extractor that change its numbers.</summary>
internal sealed record VifOptions
{
    /// <summary>libvmaf's <c>DEFAULT_VIF_ENHN_GAIN_LIMIT</c>.</summary>
    public const double DefaultEnhancementGainLimit = 100.0;

    /// <summary>
    /// libvmaf's <c>vif_enhn_gain_limit</c> (alias <c>egl</c>): the most the gain g of a pixel may count,
    /// in [1, 100]; 1 disables enhancement gain entirely.
    /// </summary>
    public double EnhancementGainLimit
    {
        get;
        init => field = value is >= 1.0 and <= DefaultEnhancementGainLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(EnhancementGainLimit), value, "vif_enhn_gain_limit must be in [1, 100]");
    } = DefaultEnhancementGainLimit;
}
