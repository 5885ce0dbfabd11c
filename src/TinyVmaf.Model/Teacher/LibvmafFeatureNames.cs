using System.Globalization;
using System.Text;

namespace TinyVmaf.Model.Teacher;

/// <summary>
/// libvmaf 3.2's vocabulary for a model's inputs: which extractor provides a model feature name
/// (<c>VMAF_integer_feature_adm3_score</c> → <c>adm</c>), each extractor's option table, and the key a
/// feature is stored and logged under for a set of options (<c>integer_adm3_csf_2_dlmw_0.7_egl_1_min_0.5_nw_0.02</c>).
/// </summary>
/// <remarks>
/// libvmaf names a feature by its alias (feature/alias.c), then appends, in the alphabetical order of the
/// option names, <c>_alias_value</c> (or just <c>_alias</c> for a boolean) for every feature-parameter option
/// whose value differs from the extractor's default; the value is printed with <c>%g</c> (double) or
/// <c>%d</c> (int). An option without an alias is named by its own name. Two extractor instances whose
/// names so built are equal are the same instance and run once (fex_ctx_vector.c).
/// </remarks>
internal static class LibvmafFeatureNames
{
    /// <summary>
    /// The extractors a libvmaf model can name, in libvmaf's search order (feature_extractor.c: the float
    /// extractors first, so <c>VMAF_feature_motion2_score</c> is float_motion's), each with the model feature
    /// names it provides and its option table (libvmaf 3.2, f85a8536).
    /// </summary>
    private static readonly ExtractorTable[] Extractors =
    [
        new("float_adm",
            ["VMAF_feature_adm2_score", "VMAF_feature_aim_score", "VMAF_feature_adm3_score", "VMAF_feature_adm_scale0_score",
             "VMAF_feature_adm_scale1_score", "VMAF_feature_adm_scale2_score", "VMAF_feature_adm_scale3_score"],
            [
                Bool("debug", null, false, featureParam: false),
                Double("adm_enhn_gain_limit", "egl", 100.0, 1.0, 100.0),
                Double("adm_norm_view_dist", "nvd", 3.0, 0.75, 24.0),
                Double("adm_noise_weight", "nw", 0.03125, 0.0, 1500.0),
                Double("adm_csf_scale", "scf", 1.0, 0.0, 50.0),
                Double("adm_csf_diag_scale", "scfd", 1.0, 0.0, 50.0),
                Int("adm_ref_display_height", "rdf", 1080, 1, 4320),
                Int("adm_csf_mode", "csf", 0, 0, 9),
                Int("adm_bypass_cm", "bcm", 0, 0, 1),
                Bool("adm_adm3_apply_hm", "aah", false),
                Double("adm_p_norm", "apn", 3.0, 1.0, 20.0),
                Double("adm_dlm_weight", "dlmw", 0.5, 0.0, 1.0),
                Double("adm_min_val", "min", 0.0, 0.0, 1.0),
                Double("adm_f1s0", "f1s0", -1.0, -1.0, 10.0),
                Double("adm_f1s1", "f1s1", -1.0, -1.0, 10.0),
                Double("adm_f1s2", "f1s2", -1.0, -1.0, 10.0),
                Double("adm_f1s3", "f1s3", -1.0, -1.0, 10.0),
                Double("adm_f2s0", "f2s0", -1.0, -1.0, 10.0),
                Double("adm_f2s1", "f2s1", -1.0, -1.0, 10.0),
                Double("adm_f2s2", "f2s2", -1.0, -1.0, 10.0),
                Double("adm_f2s3", "f2s3", -1.0, -1.0, 10.0),
                Int("adm_skip_aim_scale", "sasc", -1, 0, 3),
                Bool("adm_skip_scale0", "ssz", false),
            ]),
        new("float_vif",
            ["VMAF_feature_vif_scale0_score", "VMAF_feature_vif_scale1_score", "VMAF_feature_vif_scale2_score", "VMAF_feature_vif_scale3_score"],
            [
                Bool("debug", null, false, featureParam: false),
                Double("vif_enhn_gain_limit", "egl", 100.0, 1.0, 100.0),
                Double("vif_kernelscale", "ks", 1.0, 0.1, 4.0),
                Double("vif_prescale", "ps", 1.0, 0.1, 4.0),
                Double("vif_scale1_min_val", "s1miv", 0.0, 0.0, 1.0),
                Double("vif_scale2_min_val", "s2miv", 0.0, 0.0, 1.0),
                Double("vif_scale3_min_val", "s3miv", 0.0, 0.0, 1.0),
                Text("vif_prescale_method", "pm", "nearest"),
                Double("vif_sigma_nsq", "snsq", 2.0, 0.0, 5.0),
                Bool("vif_skip_scale0", "ssclz", false),
            ]),
        new("float_motion",
            ["VMAF_feature_motion_score", "VMAF_feature_motion2_score", "VMAF_feature_motion3_score"],
            [
                Bool("debug", null, true, featureParam: false),
                Bool("motion_force_zero", "force_0", false),
                Double("motion_fps_weight", "mfw", 1.0, 0.0, 5.0),
                Double("motion_blend_factor", "mbf", 1.0, 0.0, 1.0),
                Double("motion_blend_offset", "mbo", 40.0, 0.0, 1000.0),
                Bool("motion_add_scale1", "mdc", false),
                Int("motion_filter_size", "mfs", 5, 0, 9),
                Bool("motion_add_uv", "mau", false),
                Double("motion_max_val", "mmxv", 10000.0, 0.0, 10000.0),
            ]),
        new("speed_chroma",
            ["Speed_chroma_feature_speed_chroma_u_score", "Speed_chroma_feature_speed_chroma_v_score", "Speed_chroma_feature_speed_chroma_uv_score"],
            [
                Double("speed_kernelscale", "ks", 1.0, 0.1, 4.0),
                Double("speed_prescale", "ps", 1.0, 0.1, 4.0),
                Text("speed_prescale_method", "psm", "nearest"),
                Double("speed_sigma_nn", "snn", 0.29, 0.1, 2.0),
                Double("speed_nn_floor", "nnf", 0.0, 0.0, 1.0),
                Double("speed_max_val", "mxv", 1000.0, 0.0, 1000.0),
                Int("speed_weight_var_mode", "wvm", 0, 0, 6),
            ]),
        new("adm",
            ["VMAF_integer_feature_adm2_score", "VMAF_integer_feature_aim_score", "VMAF_integer_feature_adm3_score",
             "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"],
            [
                Bool("debug", null, false, featureParam: false),
                Double("adm_csf_scale", "scf", 1.0, 0.0, 50.0),
                Double("adm_csf_diag_scale", "scfd", 1.0, 0.0, 50.0),
                Double("adm_dlm_weight", "dlmw", 0.5, 0.0, 1.0),
                Double("adm_enhn_gain_limit", "egl", 100.0, 1.0, 100.0),
                Double("adm_norm_view_dist", "nvd", 3.0, 0.75, 24.0),
                Int("adm_ref_display_height", "rdh", 1080, 1, 4320),
                Int("adm_csf_mode", "csf", 0, 0, 3),
                Double("adm_noise_weight", "nw", 0.03125, 0.0, 1500.0),
                Bool("adm_skip_aim", null, false, featureParam: false),
                Bool("adm_skip_scale0", "ssz", false),
                Double("adm_min_val", "min", 0.0, 0.0, 1.0),
            ]),
        new("motion",
            ["VMAF_integer_feature_motion_sad_score", "VMAF_integer_feature_motion_score",
             "VMAF_integer_feature_motion2_score", "VMAF_integer_feature_motion3_score"],
            [
                Bool("motion_force_zero", "force_0", false),
                Double("motion_blend_factor", "mbf", 1.0, 0.0, 1.0),
                Double("motion_blend_offset", "mbo", 40.0, 0.0, 1000.0),
                Double("motion_fps_weight", "mfw", 1.0, 0.0, 5.0),
                Double("motion_max_val", "mmxv", 10000.0, 0.0, 10000.0),
                Bool("motion_five_frame_window", "mffw", false),
                Bool("motion_moving_average", "mma", false),
                Bool("debug", null, false, featureParam: false),
            ]),
        new("vif",
            ["VMAF_integer_feature_vif_scale0_score", "VMAF_integer_feature_vif_scale1_score",
             "VMAF_integer_feature_vif_scale2_score", "VMAF_integer_feature_vif_scale3_score"],
            [
                Bool("debug", null, false, featureParam: false),
                Double("vif_enhn_gain_limit", "egl", 100.0, 1.0, 100.0),
                Bool("vif_skip_scale0", "ssclz", false),
            ]),
        new("cambi",
            ["Cambi_feature_cambi_score"],
            [
                Double("cambi_max_val", "cmxv", 1000.0, 0.0, 1000.0),
                Int("enc_width", "encw", 0, 180, 7680),
                Int("enc_height", "ench", 0, 150, 7680),
                Int("enc_bitdepth", "encbd", 0, 6, 16),
                Int("src_width", "srcw", 0, 320, 7680),
                Int("src_height", "srch", 0, 200, 4320),
                Int("window_size", "ws", 65, 15, 127),
                Double("topk", null, 0.6, 0.0001, 1.0),
                Double("cambi_topk", "ctpk", 0.6, 0.0001, 1.0),
                Double("tvi_threshold", "tvit", 0.019, 0.0001, 1.0),
                Double("cambi_vis_lum_threshold", "vlt", 0.0, 0.0, 300.0),
                Int("max_log_contrast", "mlc", 2, 0, 5),
                Text("heatmaps_path", null, "", featureParam: false),
                Bool("full_ref", null, false, featureParam: false),
                Text("eotf", null, "bt1886"),
                Text("cambi_eotf", "ceot", "bt1886"),
                Int("cambi_high_res_speedup", "hrs", 0, 0, 2160),
            ]),
    ];

    private enum OptionType
    {
        Bool,
        Int,
        Double,
        String,
    }

    /// <summary>
    /// The log key of a model feature name with no options, e.g. <c>VMAF_integer_feature_adm2_score</c> →
    /// <c>integer_adm2</c>: libvmaf 3.2's alias table (<see cref="LibvmafAliases"/>, shared with the log reader).
    /// </summary>
    public static string Alias(string modelFeatureName) => LibvmafAliases.KeyOf(modelFeatureName, LibvmafRelease.V3_2);

    /// <summary>The libvmaf extractor that provides a model feature name, when it is one we know.</summary>
    public static string? ExtractorOf(string modelFeatureName) => Find(modelFeatureName)?.Name;

    /// <summary>
    /// libvmaf's normalisation of a numeric option value from a model file or the command line
    /// (dict.c, <c>VMAF_DICT_NORMALIZE_NUMERICAL_VALUES</c>): read as a C float, printed with <c>%g</c>.
    /// </summary>
    public static string NormalizeNumber(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? FormatG(value)
            : text;

    /// <summary>True when libvmaf's CLI would treat an option value as a number (<c>sscanf("%f %c") == 1</c>).</summary>
    public static bool IsNumeric(string text) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// The log key, extractor and options of model feature <paramref name="modelFeatureName"/> given its
    /// options (libvmaf option name → value as libvmaf's dictionary holds it; empty for none). Throws
    /// <see cref="FormatException"/> for an option value libvmaf would refuse, or options on a feature whose
    /// extractor table is unknown here.
    /// </summary>
    public static VmafModelFeature Resolve(string modelFeatureName, IReadOnlyDictionary<string, string> options)
    {
        var extractor = Find(modelFeatureName);
        if (extractor is null)
        {
            if (options.Count > 0)
            {
                throw new FormatException(
                    $"feature '{modelFeatureName}' has extractor options, and no libvmaf extractor known here provides it");
            }

            return new VmafModelFeature(modelFeatureName, Alias(modelFeatureName), null, new Dictionary<string, string>(), "");
        }

        // libvmaf hands an extractor only the options it declares and silently drops the rest.
        var given = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var suffix = new StringBuilder();
        foreach (var (name, text) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (extractor.Options.FirstOrDefault(o => o.Name == name) is not { } option)
            {
                continue;
            }

            object value = option.Parse(text, modelFeatureName);
            given[name] = text;
            if (!option.FeatureParam || option.IsDefault(value))
            {
                continue;
            }

            // Ordinal order = libvmaf's strcmp order of option names, which fixes the order of the suffixes.
            suffix.Append('_').Append(option.Alias ?? option.Name);
            if (option.Type != OptionType.Bool)
            {
                suffix.Append('_').Append(option.Format(value));
            }
        }

        string keySuffix = suffix.ToString();
        return new VmafModelFeature(modelFeatureName, Alias(modelFeatureName) + keySuffix, extractor.Name, given, keySuffix);
    }

    /// <summary>C's <c>%g</c> (6 significant digits, trailing zeros dropped), which libvmaf uses for a double option in a feature name.</summary>
    internal static string FormatG(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // Round to 6 significant digits first: the exponent after rounding decides between the two forms.
        string scientific = value.ToString("E5", CultureInfo.InvariantCulture);
        int e = scientific.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(scientific[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent is < -4 or >= 6)
        {
            string mantissa = TrimZeros(scientific[..e]);
            return $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        return TrimZeros(value.ToString("F" + (5 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    private static ExtractorTable? Find(string modelFeatureName) =>
        Array.Find(Extractors, e => e.Provides.Contains(modelFeatureName));

    private static string TrimZeros(string number) =>
        number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;

    private static OptionSpec Bool(string name, string? alias, bool defaultValue, bool featureParam = true) =>
        new(name, alias, OptionType.Bool, defaultValue, 0, 1, featureParam);

    private static OptionSpec Int(string name, string? alias, int defaultValue, int min, int max) =>
        new(name, alias, OptionType.Int, defaultValue, min, max, true);

    private static OptionSpec Double(string name, string? alias, double defaultValue, double min, double max) =>
        new(name, alias, OptionType.Double, defaultValue, min, max, true);

    private static OptionSpec Text(string name, string? alias, string defaultValue, bool featureParam = true) =>
        new(name, alias, OptionType.String, defaultValue, 0, 0, featureParam);

    private sealed record ExtractorTable(string Name, string[] Provides, OptionSpec[] Options);

    /// <summary>One libvmaf extractor option; only <see cref="FeatureParam"/> options enter a feature's name.</summary>
    private sealed record OptionSpec(string Name, string? Alias, OptionType Type, object Default, double Min, double Max, bool FeatureParam)
    {
        /// <summary>libvmaf's opt.c: <c>true</c>/<c>false</c>, <c>atoi</c>, <c>atof</c>, each range-checked.</summary>
        public object Parse(string text, string feature)
        {
            string where = $"feature '{feature}', option '{Name}'";
            switch (Type)
            {
                case OptionType.Bool:
                    return text switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new FormatException($"{where}: '{text}' is not a bool (true or false)"),
                    };
                case OptionType.String:
                    return text;
            }

            double parsed = Type == OptionType.Int ? LeadingInteger(text) : LeadingNumber(text);
            if (double.IsNaN(parsed))
            {
                throw new FormatException($"{where}: '{text}' is not a {Type.ToString().ToLowerInvariant()}");
            }

            // libvmaf refuses an out-of-range option when it creates the extractor, so the model could never score.
            return parsed >= Min && parsed <= Max
                ? parsed
                : throw new FormatException($"{where}: {text} is outside libvmaf's range [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]");
        }

        public bool IsDefault(object value) => Type switch
        {
            OptionType.Bool => (bool)value == (bool)Default,
            OptionType.String => (string)value == (string)Default,
            OptionType.Int => (double)value == (int)Default,
            _ => (double)value == (double)Default,
        };

        public string Format(object value) => Type switch
        {
            OptionType.Bool => (bool)value ? "true" : "false",
            OptionType.String => (string)value,
            OptionType.Int => ((long)(double)value).ToString(CultureInfo.InvariantCulture),
            _ => FormatG((double)value),
        };

        /// <summary>C's <c>atoi</c> as opt.c checks it: NaN when it reads 0 from text not starting with '0'.</summary>
        private static double LeadingInteger(string text)
        {
            int end = 0;
            string t = text.TrimStart();
            if (end < t.Length && t[end] is '+' or '-')
            {
                end++;
            }

            while (end < t.Length && char.IsAsciiDigit(t[end]))
            {
                end++;
            }

            long value = long.TryParse(t[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : 0;
            return value == 0 && !text.StartsWith('0') ? double.NaN : value;
        }

        /// <summary>C's <c>atof</c> as opt.c checks it: NaN when it reads 0 from text not starting with '0'.</summary>
        private static double LeadingNumber(string text)
        {
            double value = double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : 0;
            return value == 0 && !text.StartsWith('0') ? double.NaN : value;
        }
    }
}
