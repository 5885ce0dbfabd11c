namespace TinyVmaf.Features.Cambi;

/// <summary>The transfer function CAMBI's visibility thresholds assume (libvmaf's <c>eotf</c> option).</summary>
internal enum CambiEotf
{
    /// <summary><c>bt1886</c>: SDR, a 2.4 gamma from 0.01 to 300 cd/m².</summary>
    Bt1886,
    /// <summary><c>pq</c>: SMPTE ST 2084, for HDR.</summary>
    Pq,
}

/// <summary>
/// The options of libvmaf's <c>cambi</c> extractor that change its score, under libvmaf's names, with its
/// defaults and ranges. (<c>cambi_topk</c> and <c>cambi_eotf</c>, libvmaf's aliases, are these.)
/// </summary>
/// <remarks>
/// Not offered: <c>full_ref</c> (the extra keys <c>cambi_source</c> and <c>cambi_full_reference</c>) with its
/// <c>src_width</c> / <c>src_height</c>, and <c>heatmaps_path</c>. The default — and the golden logs' — <c>cambi</c> key
/// is the no-reference score of the distorted picture alone.
/// </remarks>
internal sealed record CambiOptions
{
    public static readonly CambiOptions Default = new();

    /// <summary>
    /// <c>window_size</c>, 15..127: the side of the window, in pixels of a 4K picture (65 is about one degree of
    /// visual angle there). It is rescaled to the encoding size, once, and kept for every scale.
    /// </summary>
    public int WindowSize
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 15 and <= 127, "window_size", "in [15, 127]");
    } = 65;

    /// <summary><c>topk</c>, (0, 1]: the share of the largest per-pixel values averaged at each scale.</summary>
    public double Topk
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0.0001 and <= 1.0, "topk", "in [0.0001, 1]");
    } = 0.6;

    /// <summary>
    /// <c>tvi_threshold</c>, (0, 1]: a step of luminance ΔL is visible when ΔL exceeds this share of the mean
    /// luminance L.
    /// </summary>
    public double TviThreshold
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0.0001 and <= 1.0, "tvi_threshold", "in [0.0001, 1]");
    } = 0.019;

    /// <summary>
    /// <c>max_log_contrast</c>, 0..5: the largest band step looked for is 2^max_log_contrast 10-bit code values.
    /// </summary>
    public int MaxLogContrast
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0 and <= 5, "max_log_contrast", "in [0, 5]");
    } = 2;

    /// <summary><c>cambi_max_val</c>, 0..1000: scores above it are written as it.</summary>
    public double CambiMaxVal
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0.0 and <= 1000.0, "cambi_max_val", "in [0, 1000]");
    } = 1000.0;

    /// <summary>
    /// <c>cambi_vis_lum_threshold</c>, 0..300 cd/m²: banding darker than this is taken as invisible (a step is
    /// counted only when it reaches above the first 10-bit code value at least this bright). 0 (the default) is off.
    /// </summary>
    public double VisLumThreshold
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0.0 and <= 300.0, "cambi_vis_lum_threshold", "in [0, 300]");
    }

    /// <summary>
    /// <c>cambi_high_res_speedup</c>, 0..2160: at an encoding size of at least 1920x1080 (1080), 2560x1440 (1440)
    /// or 3840x2160 (2160) pixels, halve the window and decimate once more before the first scale (libvmaf's
    /// faster, slightly less accurate path). Any other value, or a smaller encode, is off (the default, 0).
    /// </summary>
    public int HighResSpeedup
    {
        get;
        init => field = OptionRange.Checked(value, value is >= 0 and <= 2160, "cambi_high_res_speedup", "in [0, 2160]");
    }

    /// <summary>Whether <see cref="HighResSpeedup"/> applies at an encoding size, as libvmaf's init decides.</summary>
    public bool SpeedupApplies(int encWidth, int encHeight)
    {
        long pixels = (long)encWidth * encHeight;
        return HighResSpeedup switch
        {
            1080 => pixels >= 1920 * 1080,
            1440 => pixels >= 2560 * 1440,
            2160 => pixels >= 3840 * 2160,
            _ => false,
        };
    }

    /// <summary><c>eotf</c>: the transfer function of the visibility thresholds.</summary>
    public CambiEotf Eotf { get; init; } = CambiEotf.Bt1886;

    /// <summary>
    /// <c>enc_width</c>, 0 or 180..7680: the width the video was encoded at, where banding is looked for (the
    /// picture is nearest-neighbour downscaled to it). 0 (the default), or 0 in either <see cref="EncWidth"/> or
    /// <see cref="EncHeight"/>, means the picture's own size: no rescaling. An encoding size larger than the
    /// picture is taken as the picture's.
    /// </summary>
    public int EncWidth
    {
        get;
        init => field = OptionRange.Checked(value, value is 0 or (>= 180 and <= 7680), "enc_width", "0 or in [180, 7680]");
    }

    /// <summary><c>enc_height</c>, 0 or 150..7680: the height the video was encoded at (see <see cref="EncWidth"/>).</summary>
    public int EncHeight
    {
        get;
        init => field = OptionRange.Checked(value, value is 0 or (>= 150 and <= 7680), "enc_height", "0 or in [150, 7680]");
    }

    /// <summary>
    /// <c>enc_bitdepth</c>, 0 or 6..16: the bit depth the video was encoded at; 0 means the input's. Below 10
    /// bits the picture is smoothed against dithering before banding is looked for.
    /// </summary>
    public int EncBitDepth
    {
        get;
        init => field = OptionRange.Checked(value, value is 0 or (>= 6 and <= 16), "enc_bitdepth", "0 or in [6, 16]");
    }
}
