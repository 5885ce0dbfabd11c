namespace TinyVmaf.Features;

/// <summary>The feature-name contracts of ARCHITECTURE.md and their libvmaf log keys.</summary>
public static class FeatureNames
{
    /// <summary>FULL_FEATURES, 22 names, in contract order (load-bearing: change only with a version bump).</summary>
    public static readonly IReadOnlyList<string> Full =
    [
        "adm2", "adm_scale0", "adm_scale1", "adm_scale2", "adm_scale3",
        "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3",
        "motion", "motion2", "motion3",
        "psnr_y", "psnr_cb", "psnr_cr",
        "float_ssim", "float_ms_ssim", "cambi", "ciede2000", "psnr_hvs", "ssimulacra2", "aim",
    ];

    /// <summary>The canonical-6, the v1 contract.</summary>
    public static readonly IReadOnlyList<string> Canonical6 =
        ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"];

    private static readonly Dictionary<string, string> KeyByName = BuildKeys();

    private static readonly Dictionary<string, string> NameByKey =
        KeyByName.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>True for a FULL_FEATURES name.</summary>
    public static bool IsKnown(string name) => KeyByName.ContainsKey(name);

    /// <summary>The key libvmaf 2.x/3.x writes for a FULL_FEATURES name, e.g. <c>adm2</c> → <c>integer_adm2</c>.</summary>
    public static string LibvmafKey(string name) =>
        KeyByName.TryGetValue(name, out var key)
            ? key
            : throw new ArgumentException($"'{name}' is not a FULL_FEATURES name.", nameof(name));

    /// <summary>The FULL_FEATURES name of a libvmaf 2.x/3.x key, or null when the key is not one of them.</summary>
    public static string? FromLibvmafKey(string key) => NameByKey.GetValueOrDefault(key);

    private static Dictionary<string, string> BuildKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in Full)
        {
            keys[name] = name switch
            {
                "adm2" or "aim" or "motion" or "motion2" or "motion3" => "integer_" + name,
                _ when name.StartsWith("adm_scale", StringComparison.Ordinal)
                    || name.StartsWith("vif_scale", StringComparison.Ordinal) => "integer_" + name,
                _ => name,
            };
        }

        return keys;
    }
}
