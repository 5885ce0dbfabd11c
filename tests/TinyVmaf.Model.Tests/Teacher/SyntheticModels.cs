using System.Text.Json.Nodes;

namespace TinyVmaf.Model.Tests.Teacher;

/// <summary>
/// Small libvmaf-format models written by the tests themselves, so that each stage can be checked against a
/// hand calculation and each kind of damage against its error.
/// </summary>
internal static class SyntheticModels
{
    /// <summary>
    /// Two features (adm2, motion2), two support vectors (the second omits index 1, as libsvm writes a zero),
    /// γ = 0.5, ρ = 0.2, linear_rescale with the score's slope/intercept first, clipped to [0, 100].
    /// </summary>
    public static JsonObject TwoFeatures() => new()
    {
        ["param_dict"] = new JsonObject { ["C"] = 1.0 },
        ["model_dict"] = new JsonObject
        {
            ["model_type"] = "LIBSVMNUSVR",
            ["norm_type"] = "linear_rescale",
            ["score_clip"] = new JsonArray(0.0, 100.0),
            ["feature_names"] = new JsonArray("VMAF_integer_feature_adm2_score", "VMAF_integer_feature_motion2_score"),
            ["slopes"] = new JsonArray(0.01, 2.0, 0.1),
            ["intercepts"] = new JsonArray(-0.5, -1.0, 0.05),
            ["score_transform"] = new JsonObject { ["p0"] = 1.0, ["p1"] = 2.0, ["p2"] = null, ["out_lte_in"] = "true" },
            ["model"] = "svm_type nu_svr\nkernel_type rbf\ngamma 0.5\nnr_class 2\ntotal_sv 2\nrho 0.2\nSV\n"
                + "0.75 1:0.25 2:0.5 \n-0.4 2:0.125 \n",
        },
    };

    public static JsonObject Dict(this JsonObject model) => model["model_dict"]!.AsObject();

    /// <summary>Writes the model to a fresh temporary file and returns its path.</summary>
    public static string Write(JsonNode model) => Write(model.ToJsonString());

    public static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinyvmaf-model-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
