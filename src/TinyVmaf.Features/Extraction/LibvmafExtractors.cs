using TinyVmaf.Features.Adm;
using TinyVmaf.Features.Cambi;
using TinyVmaf.Features.FloatAdm;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.FloatMotion;
using TinyVmaf.Features.FloatVif;
using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Speed;
using TinyVmaf.Features.Vif;

namespace TinyVmaf.Features.Extraction;

/// <summary>
/// libvmaf 3.2's extractors by their libvmaf name, each built from an <see cref="ExtractorRequest"/>: the
/// request's options read into the extractor's options record (every option libvmaf's table has; one we do not
/// implement is accepted at its default only), and its keys suffixed as libvmaf names that instance.
/// </summary>
/// <remarks>
/// An extractor is added by one entry here: the options libvmaf has for it that we do not implement, whether it
/// reads luma only, and a binder that reads the other options into its record and returns its descriptor for that
/// record and key suffix — the extractor's own <c>Describe(options, keySuffix)</c> when it writes suffixed keys
/// itself, else <see cref="Suffixed"/>, which renames what it writes.
/// </remarks>
internal static class LibvmafExtractors
{
    /// <summary>adm's and float_adm's options we do not implement: the debug keys and the CSF scales of Barten's CSF.</summary>
    private static readonly (string Name, string Default)[] AdmAtDefaultOnly = [("debug", "false"), ("adm_csf_scale", "1"), ("adm_csf_diag_scale", "1")];

    private static readonly Dictionary<string, Entry> ByName = new(StringComparer.Ordinal)
    {
        ["adm"] = new(BindAdm, AdmAtDefaultOnly),
        ["vif"] = new(BindVif, [("debug", "false"), ("vif_skip_scale0", "false")]),
        ["motion"] = new(BindMotion, []),
        ["cambi"] = new(BindCambi, [("full_ref", "false"), ("heatmaps_path", "")]),
        ["speed_chroma"] = new(BindSpeedChroma, [], LumaOnly: false),
        ["float_adm"] = new(BindFloatAdm, AdmAtDefaultOnly),
        ["float_vif"] = new(BindFloatVif, [("debug", "false")]),
        ["float_motion"] = new(BindFloatMotion, []),
    };

    /// <summary>The libvmaf extractor names that can be requested.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>
    /// The descriptor of the instance <paramref name="request"/> names: its <see cref="ExtractorDescriptor.Name"/>
    /// is the instance's id and its keys carry the request's suffix. Throws <see cref="NotSupportedException"/>
    /// for an extractor or option TinyVmaf does not have, <see cref="ArgumentException"/> for a bad value.
    /// </summary>
    public static ExtractorDescriptor Instantiate(ExtractorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ByName.TryGetValue(request.Extractor, out var entry))
        {
            throw new NotSupportedException(
                $"libvmaf extractor '{request.Extractor}' is not implemented; implemented: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}");
        }

        var reader = new ExtractorOptionReader(request);
        foreach (var (name, defaultValue) in entry.AtDefaultOnly)
        {
            reader.RequireDefault(name, defaultValue);
        }

        ExtractorDescriptor descriptor;
        try
        {
            descriptor = entry.Bind(reader, request.KeySuffix);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{request.Extractor}: {e.Message}", e);
        }

        reader.Finish();
        return descriptor with { Name = request.Id, LumaOnly = entry.LumaOnly };
    }

    /// <summary>The same extractor writing only <paramref name="keep"/> of its keys (the others come from elsewhere).</summary>
    public static ExtractorDescriptor Only(ExtractorDescriptor descriptor, IReadOnlySet<string> keep) =>
        Rename(descriptor, descriptor.Keys.ToDictionary(k => k, k => keep.Contains(k) ? k : null));

    /// <summary>An extractor that writes plain keys, given libvmaf's suffix by renaming what it writes.</summary>
    private static ExtractorDescriptor Suffixed(string keySuffix, IReadOnlyList<string> keys, bool isTemporal, Func<ExtractorContext, IFeatureExtractor> create)
    {
        var descriptor = new ExtractorDescriptor("", keys, isTemporal, create);
        return keySuffix.Length == 0 ? descriptor : Rename(descriptor, keys.ToDictionary(k => k, string? (k) => k + keySuffix));
    }

    private static ExtractorDescriptor Rename(ExtractorDescriptor descriptor, Dictionary<string, string?> map) =>
        new(descriptor.Name,
            descriptor.Keys.Select(k => map[k]).OfType<string>().ToArray(),
            descriptor.IsTemporal,
            context => new RenamedExtractor(descriptor.Create(context), map))
        {
            Version = descriptor.Version,
            LumaOnly = descriptor.LumaOnly,
        };

    private static ExtractorDescriptor BindAdm(ExtractorOptionReader o, string keySuffix)
    {
        var options = new AdmOptions
        {
            DlmWeight = o.Double("adm_dlm_weight", 0.5),
            EnhancementGainLimit = o.Double("adm_enhn_gain_limit", 100.0),
            NormViewDist = o.Double("adm_norm_view_dist", 3.0),
            RefDisplayHeight = o.Int("adm_ref_display_height", 1080),
            CsfMode = o.Int("adm_csf_mode", 0),
            NoiseWeight = o.Double("adm_noise_weight", 0.03125),
            SkipAim = o.Bool("adm_skip_aim", false),
            SkipScale0 = o.Bool("adm_skip_scale0", false),
            MinVal = o.Double("adm_min_val", 0.0),
        };
        Validate(options.Validate);
        return AdmExtractor.Describe(options, keySuffix);
    }

    private static ExtractorDescriptor BindVif(ExtractorOptionReader o, string keySuffix)
    {
        var options = new VifOptions { EnhancementGainLimit = o.Double("vif_enhn_gain_limit", VifOptions.DefaultEnhancementGainLimit) };
        return Suffixed(keySuffix, VifExtractor.Keys, false, context => new VifExtractor(context, options));
    }

    /// <summary>libvmaf 3.2's motion (<see cref="MotionV2Extractor"/>), whose debug is off by default.</summary>
    private static ExtractorDescriptor BindMotion(ExtractorOptionReader o, string keySuffix)
    {
        var options = new MotionOptions
        {
            Debug = o.Bool("debug", false),
            MotionForceZero = o.Bool("motion_force_zero", false),
            MotionBlendFactor = o.Double("motion_blend_factor", 1.0),
            MotionBlendOffset = o.Double("motion_blend_offset", 40.0),
            MotionFpsWeight = o.Double("motion_fps_weight", 1.0),
            MotionMaxVal = o.Double("motion_max_val", 10000.0),
            MotionFiveFrameWindow = o.Bool("motion_five_frame_window", false),
            MotionMovingAverage = o.Bool("motion_moving_average", false),
        };
        Validate(options.Validate);
        return Suffixed(keySuffix, MotionV2Extractor.KeysFor(options), true, context => new MotionV2Extractor(context, options));
    }

    private static ExtractorDescriptor BindCambi(ExtractorOptionReader o, string keySuffix)
    {
        // Source size matters only in full-reference mode, which is not offered; libvmaf still names the key by it.
        o.Int("src_width", 0);
        o.Int("src_height", 0);
        double topk = o.Double("topk", 0.6);
        double cambiTopk = o.Double("cambi_topk", 0.6);
        string eotf = o.String("eotf", "bt1886");
        string cambiEotf = o.String("cambi_eotf", "bt1886");
        var options = new CambiOptions
        {
            CambiMaxVal = o.Double("cambi_max_val", 1000.0),
            EncWidth = o.Int("enc_width", 0),
            EncHeight = o.Int("enc_height", 0),
            EncBitDepth = o.Int("enc_bitdepth", 0),
            WindowSize = o.Int("window_size", 65),

            // libvmaf: topk wins when it is not its default, else cambi_topk; cambi_eotf wins when it is not its default.
            Topk = topk != 0.6 ? topk : cambiTopk,
            TviThreshold = o.Double("tvi_threshold", 0.019),
            VisLumThreshold = o.Double("cambi_vis_lum_threshold", 0.0),
            MaxLogContrast = o.Int("max_log_contrast", 2),
            Eotf = ParseEotf(cambiEotf != "bt1886" ? cambiEotf : eotf),
            HighResSpeedup = o.Int("cambi_high_res_speedup", 0),
        };
        return Suffixed(keySuffix, CambiExtractor.Keys, false, context => new CambiExtractor(context, options));
    }

    private static ExtractorDescriptor BindSpeedChroma(ExtractorOptionReader o, string keySuffix)
    {
        var options = new SpeedOptions
        {
            KernelScale = o.Double("speed_kernelscale", 1.0),
            Prescale = o.Double("speed_prescale", 1.0),
            PrescaleMethod = SpeedOptions.ParseMethod(o.String("speed_prescale_method", "nearest")),
            SigmaNn = o.Double("speed_sigma_nn", 0.29),
            NnFloor = o.Double("speed_nn_floor", 0.0),
            MaxVal = o.Double("speed_max_val", 1000.0),
            WeightVarMode = o.Int("speed_weight_var_mode", 0),
        };
        Validate(options.Validate);
        return SpeedChromaExtractor.Describe(options, keySuffix);
    }

    private static ExtractorDescriptor BindFloatAdm(ExtractorOptionReader o, string keySuffix)
    {
        var options = new FloatAdmOptions
        {
            EnhancementGainLimit = o.Double("adm_enhn_gain_limit", 100.0),
            NormViewDist = o.Double("adm_norm_view_dist", 3.0),
            NoiseWeight = o.Double("adm_noise_weight", 0.03125),
            RefDisplayHeight = o.Int("adm_ref_display_height", 1080),
            CsfMode = o.Int("adm_csf_mode", 0),
            BypassCm = o.Int("adm_bypass_cm", 0),
            Adm3ApplyHm = o.Bool("adm_adm3_apply_hm", false),
            PNorm = o.Double("adm_p_norm", 3.0),
            DlmWeight = o.Double("adm_dlm_weight", 0.5),
            MinVal = o.Double("adm_min_val", 0.0),
            F1 = [.. Enumerable.Range(0, 4).Select(i => o.Double($"adm_f1s{i}", -1.0))],
            F2 = [.. Enumerable.Range(0, 4).Select(i => o.Double($"adm_f2s{i}", -1.0))],
            SkipAimScale = o.Int("adm_skip_aim_scale", -1),
            SkipScale0 = o.Bool("adm_skip_scale0", false),
        };
        Validate(options.Validate);
        return FloatAdmExtractor.Describe(options, keySuffix);
    }

    private static ExtractorDescriptor BindFloatMotion(ExtractorOptionReader o, string keySuffix)
    {
        var options = new FloatMotionOptions
        {
            Debug = o.Bool("debug", true),
            ForceZero = o.Bool("motion_force_zero", false),
            FpsWeight = o.Double("motion_fps_weight", 1.0),
            BlendFactor = o.Double("motion_blend_factor", 1.0),
            BlendOffset = o.Double("motion_blend_offset", 40.0),
            AddScale1 = o.Bool("motion_add_scale1", false),
            FilterSize = o.Int("motion_filter_size", 5),
            AddUv = o.Bool("motion_add_uv", false),
            MaxVal = o.Double("motion_max_val", 10000.0),
        };
        Validate(options.Validate);
        return FloatMotionExtractor.Describe(options, keySuffix);
    }

    private static ExtractorDescriptor BindFloatVif(ExtractorOptionReader o, string keySuffix)
    {
        var options = new FloatVifOptions
        {
            EnhancementGainLimit = o.Double("vif_enhn_gain_limit", 100.0),
            KernelScale = o.Double("vif_kernelscale", 1.0),
            Prescale = o.Double("vif_prescale", 1.0),
            PrescaleMethod = VifScaling.Parse(o.String("vif_prescale_method", "nearest"), "vif_prescale_method"),
            Scale1MinVal = o.Double("vif_scale1_min_val", 0.0),
            Scale2MinVal = o.Double("vif_scale2_min_val", 0.0),
            Scale3MinVal = o.Double("vif_scale3_min_val", 0.0),
            SigmaNsq = o.Double("vif_sigma_nsq", 2.0),
            SkipScale0 = o.Bool("vif_skip_scale0", false),
        };
        Validate(options.Validate);
        return FloatVifExtractor.Describe(options, keySuffix);
    }

    /// <summary>
    /// One extractor: the binder of its options, the options libvmaf has that we accept at their default only
    /// (checked before the binder reads any value, so such an option is refused as not implemented even beside a
    /// bad value), and whether it reads luma only (<c>speed_chroma</c> is the one that reads chroma).
    /// </summary>
    private sealed record Entry(
        Func<ExtractorOptionReader, string, ExtractorDescriptor> Bind,
        (string Name, string Default)[] AtDefaultOnly,
        bool LumaOnly = true);

    private static CambiEotf ParseEotf(string text) => text switch
    {
        "bt1886" => CambiEotf.Bt1886,
        "pq" => CambiEotf.Pq,
        _ => throw new ArgumentException($"cambi: eotf '{text}' is neither 'bt1886' nor 'pq'"),
    };

    private static void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
