namespace TinyVmaf;

/// <summary>The libvmaf release an alias first appeared in.</summary>
internal enum LibvmafRelease
{
    /// <summary>libvmaf 3.0.0 (and 3.1.0, whose table is the same).</summary>
    V3_0,

    /// <summary>libvmaf 3.2.0, which added the aliases of aim, adm3, motion3, CAMBI and SpEED.</summary>
    V3_2,
}

/// <summary>
/// libvmaf's alias table (<c>feature/alias.c</c>): the name an extractor provides a score under, which is also
/// the name a model's <c>feature_names</c> use (<c>VMAF_integer_feature_adm2_score</c>), and the shorter key
/// libvmaf stores and logs it under (<c>integer_adm2</c>). A name not in the table is its own key. The one
/// table behind both reading logs (Features' <c>LogKeyMap</c>) and naming a model's features (Model's teacher),
/// kept here because neither of the two knows the other.
/// </summary>
internal static class LibvmafAliases
{
    /// <summary>One row of the table, in libvmaf 3.2.0's order.</summary>
    internal readonly record struct Alias(string Name, string Key, LibvmafRelease Since);

    /// <summary>The table as upstream libvmaf 3.2.0 has it (Netflix/vmaf f85a8536), each row with its release.</summary>
    public static readonly IReadOnlyList<Alias> Table =
    [
        new("VMAF_feature_adm2_score", "adm2", LibvmafRelease.V3_0),
        new("VMAF_feature_aim_score", "aim", LibvmafRelease.V3_2),
        new("VMAF_feature_adm3_score", "adm3", LibvmafRelease.V3_2),
        new("VMAF_feature_adm_scale0_score", "adm_scale0", LibvmafRelease.V3_0),
        new("VMAF_feature_adm_scale1_score", "adm_scale1", LibvmafRelease.V3_0),
        new("VMAF_feature_adm_scale2_score", "adm_scale2", LibvmafRelease.V3_0),
        new("VMAF_feature_adm_scale3_score", "adm_scale3", LibvmafRelease.V3_0),
        new("VMAF_feature_motion_score", "motion", LibvmafRelease.V3_0),
        new("VMAF_feature_motion2_score", "motion2", LibvmafRelease.V3_0),
        new("VMAF_feature_motion3_score", "motion3", LibvmafRelease.V3_2),
        new("VMAF_feature_vif_scale0_score", "vif_scale0", LibvmafRelease.V3_0),
        new("VMAF_feature_vif_scale1_score", "vif_scale1", LibvmafRelease.V3_0),
        new("VMAF_feature_vif_scale2_score", "vif_scale2", LibvmafRelease.V3_0),
        new("VMAF_feature_vif_scale3_score", "vif_scale3", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_adm2_score", "integer_adm2", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_aim_score", "integer_aim", LibvmafRelease.V3_2),
        new("VMAF_integer_feature_adm3_score", "integer_adm3", LibvmafRelease.V3_2),
        new("VMAF_integer_feature_motion_score", "integer_motion", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_motion2_score", "integer_motion2", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_motion3_score", "integer_motion3", LibvmafRelease.V3_2),
        new("VMAF_integer_feature_vif_scale0_score", "integer_vif_scale0", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_vif_scale1_score", "integer_vif_scale1", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_vif_scale2_score", "integer_vif_scale2", LibvmafRelease.V3_0),
        new("VMAF_integer_feature_vif_scale3_score", "integer_vif_scale3", LibvmafRelease.V3_0),
        new("Cambi_feature_cambi_score", "cambi", LibvmafRelease.V3_2),
        new("Speed_chroma_feature_speed_chroma_u_score", "speed_chroma_u", LibvmafRelease.V3_2),
        new("Speed_chroma_feature_speed_chroma_v_score", "speed_chroma_v", LibvmafRelease.V3_2),
        new("Speed_chroma_feature_speed_chroma_uv_score", "speed_chroma_uv", LibvmafRelease.V3_2),
        new("Speed_temporal_feature_speed_temporal_score", "speed_temporal", LibvmafRelease.V3_2),
    ];

    /// <summary>
    /// The key libvmaf <paramref name="release"/> stores a provided <paramref name="name"/> under: its alias in
    /// that release's table, else the name itself (libvmaf's <c>vmaf_feature_name_alias</c>).
    /// </summary>
    public static string KeyOf(string name, LibvmafRelease release)
    {
        foreach (var alias in Table)
        {
            if (alias.Since <= release && string.Equals(alias.Name, name, StringComparison.Ordinal))
            {
                return alias.Key;
            }
        }

        return name;
    }

    /// <summary>The provided names that some release stores under <paramref name="key"/>, in table order.</summary>
    public static IEnumerable<string> NamesOf(string key) =>
        Table.Where(a => string.Equals(a.Key, key, StringComparison.Ordinal)).Select(a => a.Name);
}
