using System.Globalization;
using System.Text;
using System.Text.Json;
using TinyVmaf.Features;

namespace TinyVmaf.Model.Teacher;

/// <summary>
/// How libvmaf 3.0 turns a model's feature name (<c>VMAF_integer_feature_adm2_score</c>) and that feature's
/// <c>feature_opts_dicts</c> entry into the key the score is stored and logged under (<c>integer_adm2</c>,
/// or <c>integer_adm2_egl_1</c> when the model sets <c>adm_enhn_gain_limit</c> to 1).
/// </summary>
/// <remarks>
/// libvmaf names a feature by its alias, then appends <c>_alias_value</c> (or just <c>_alias</c> for a true
/// boolean) for every feature-parameter option whose value differs from the extractor's default, in the
/// alphabetical order of the option names. With no such option the stored name is the model's own, and the
/// log prints it through the same alias table, so either way the log key is the alias plus the suffixes.
/// </remarks>
internal static class LibvmafFeatureNames
{
    /// <summary>
    /// The integer extractors whose option tables we know (libvmaf 3.0.0's <c>adm</c>, <c>vif</c> and
    /// <c>motion</c>, the ones vmaf_v0.6.1 and its neg/4k/mfz variants use), with the model feature names each
    /// provides that a model may name.
    /// </summary>
    private static readonly ExtractorOptions[] Extractors =
    [
        new("adm",
            ["VMAF_integer_feature_adm2_score", "integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"],
            [
                new("debug", null, OptionType.Bool, 0, 0, 1),
                new("adm_enhn_gain_limit", "egl", OptionType.Double, 100.0, 1.0, 100.0),
                new("adm_norm_view_dist", "nvd", OptionType.Double, 3.0, 0.75, 24.0),
                new("adm_ref_display_height", "rdh", OptionType.Int, 1080, 1, 4320),
            ]),
        new("vif",
            ["VMAF_integer_feature_vif_scale0_score", "VMAF_integer_feature_vif_scale1_score",
             "VMAF_integer_feature_vif_scale2_score", "VMAF_integer_feature_vif_scale3_score"],
            [
                new("debug", null, OptionType.Bool, 0, 0, 1),
                new("vif_enhn_gain_limit", "egl", OptionType.Double, 100.0, 1.0, 100.0),
            ]),
        new("motion",
            ["VMAF_integer_feature_motion_score", "VMAF_integer_feature_motion2_score"],
            [
                // motion's debug defaults to true: it is what makes libvmaf log integer_motion beside motion2.
                new("debug", null, OptionType.Bool, 1, 0, 1),
                new("motion_force_zero", "force_0", OptionType.Bool, 0, 0, 1),
            ]),
    ];

    private enum OptionType
    {
        Bool,
        Int,
        Double,
    }

    /// <summary>
    /// The log key of a model feature name with no options, e.g. <c>VMAF_integer_feature_adm2_score</c> →
    /// <c>integer_adm2</c>: libvmaf 3.0's rows of the alias table, as the rest of this reader is libvmaf 3.0's.
    /// </summary>
    public static string Alias(string modelFeatureName) => LibvmafAliases.KeyOf(modelFeatureName, LibvmafRelease.V3_0);

    /// <summary>The libvmaf extractor that provides a model feature name, when it is one we know.</summary>
    public static string? ExtractorOf(string modelFeatureName) =>
        Array.Find(Extractors, e => e.Provides.Contains(modelFeatureName))?.Name;

    /// <summary>
    /// The log key and the extractor options of model feature <paramref name="modelFeatureName"/> given its
    /// <c>feature_opts_dicts</c> entry (null when there is none). Throws <see cref="FormatException"/> for an
    /// option value libvmaf would refuse, or options on an extractor whose table we do not know.
    /// </summary>
    public static VmafModelFeature Resolve(string modelFeatureName, JsonElement? options)
    {
        var extractor = Array.Find(Extractors, e => e.Provides.Contains(modelFeatureName));
        var given = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var suffix = new StringBuilder();
        if (options is { } element && element.EnumerateObject().Any())
        {
            if (extractor is null)
            {
                throw new FormatException(
                    $"feature '{modelFeatureName}' has extractor options, and only libvmaf 3.0's integer adm, vif and motion option tables are known here");
            }

            // Ordinal sort = libvmaf's strcmp order of option names, which fixes the order of the suffixes.
            var values = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!values.TryAdd(property.Name, property.Value))
                {
                    throw new FormatException($"feature '{modelFeatureName}' sets option '{property.Name}' twice");
                }
            }

            foreach (var (name, value) in values)
            {
                // libvmaf hands an extractor only the options it declares and silently drops the rest.
                if (extractor.Options.FirstOrDefault(o => o.Name == name) is not { } option)
                {
                    continue;
                }

                double parsed = option.Parse(value, modelFeatureName);
                string text = option.Format(parsed);
                given[name] = text;
                if (option.Alias is null || parsed == option.Default)
                {
                    continue;
                }

                suffix.Append('_').Append(option.Alias);
                if (option.Type != OptionType.Bool)
                {
                    suffix.Append('_').Append(text);
                }
            }
        }

        return new VmafModelFeature(modelFeatureName, Alias(modelFeatureName) + suffix, extractor?.Name, given);
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

    private static string TrimZeros(string number) =>
        number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;

    private sealed record ExtractorOptions(string Name, string[] Provides, OptionSpec[] Options);

    /// <summary>One extractor option; <see cref="Alias"/> is null for options that are not feature parameters (never in a name).</summary>
    private sealed record OptionSpec(string Name, string? Alias, OptionType Type, double Default, double Min, double Max)
    {
        public double Parse(JsonElement value, string feature)
        {
            string where = $"feature '{feature}', option '{Name}'";
            double parsed = (Type, value.ValueKind) switch
            {
                (OptionType.Bool, JsonValueKind.True) => 1,
                (OptionType.Bool, JsonValueKind.False) => 0,
                (OptionType.Int, JsonValueKind.Number) when value.TryGetDouble(out double d) && d == Math.Floor(d) => d,
                (OptionType.Double, JsonValueKind.Number) => value.GetDouble(),
                _ => throw new FormatException($"{where}: {value.GetRawText()} is not a {Type.ToString().ToLowerInvariant()}"),
            };

            // libvmaf refuses an out-of-range option when it creates the extractor, so the model could never score.
            return parsed >= Min && parsed <= Max
                ? parsed
                : throw new FormatException($"{where}: {value.GetRawText()} is outside libvmaf's range [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]");
        }

        public string Format(double value) => Type switch
        {
            OptionType.Bool => value != 0 ? "true" : "false",
            OptionType.Int => ((long)value).ToString(CultureInfo.InvariantCulture),
            _ => FormatG(value),
        };
    }
}
