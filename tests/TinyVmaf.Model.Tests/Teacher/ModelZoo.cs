using TinyVmaf.Tests;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>The model labels of <c>../shared/golden/models</c> and how upstream was asked for each (its README).</summary>
internal static class ModelZoo
{
    public static readonly string[] Labels =
    [
        "vmaf_v0.6.1", "vmaf_v0.6.1_phone", "vmaf_v0.6.1neg", "vmaf_4k_v0.6.1", "vmaf_4k_v0.6.1neg", "vmaf_b_v0.6.3",
        "vmaf_float_v0.6.1",
        "vmaf_v1.0.16_3d0h", "vmaf_v1.0.16_1d5h_2160", "vmaf_v1.0.16_3d0h_2160", "vmaf_v1.0.16_5d0h",
        "vmaf_v1.0.16_hfr_3d0h", "vmaf_v1.0.16_hfr_1d5h_2160", "vmaf_v1.0.16_hfr_3d0h_2160", "vmaf_v1.0.16_hfr_5d0h",
    ];

    /// <summary>The shared copy of Netflix's model files.</summary>
    public static string Folder => Path.Combine(SharedData.Require(), "models");

    /// <summary>The <c>--model</c> argument upstream was run with for <paramref name="label"/>.</summary>
    public static string SpecOf(string label) => label switch
    {
        "vmaf_v0.6.1_phone" => $"path={Path.Combine(Folder, "vmaf_v0.6.1.json")}:enable_transform",
        _ when label.StartsWith("vmaf_v1.0.16_hfr", StringComparison.Ordinal) => $"path={Path.Combine(Folder, "vmaf_v1.0.16_hfr", label + ".json")}",
        _ when label.StartsWith("vmaf_v1.0.16", StringComparison.Ordinal) => $"path={Path.Combine(Folder, "vmaf_v1.0.16", label + ".json")}",
        _ => $"path={Path.Combine(Folder, label + ".json")}",
    };
}
