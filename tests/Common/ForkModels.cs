namespace TinyVmaf.Tests;

/// <summary>
/// The lusoris fork's regressors (../shared/interop/lusoris-fr-regressor). Its <c>fr_regressor_v1</c> keeps its weights in
/// <c>fr_regressor_v1.onnx.data</c>, which its sidecar does not pin (it pins the .onnx only), so as shipped it is refused:
/// every byte that runs must be pinned. <see cref="RegisteredV1"/> is how a user runs it: the three files in a folder
/// with a <c>registry.json</c> that pins the .onnx and its external data to the bytes the fork published.
/// </summary>
internal static class ForkModels
{
    /// <summary>sha256 of the fork's published files (the .onnx is also in its sidecar; the .data is pinned only here).</summary>
    public const string V1OnnxSha256 = "447334948e1cc63497ad3143f2342bd6a334adbb6d9a8dbf3685b1b3595979e9";

    public const string V1DataSha256 = "9ad448f9d6008412905e9a913b56b0727f502a93925c021853c0cd79d952dded";

    public static string Folder => Path.Combine(SharedData.Require(), "interop", "lusoris-fr-regressor");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>Copies the fork's v1 into <paramref name="folder"/> beside a registry pinning it; returns the .onnx path.</summary>
    public static string RegisteredV1(string folder)
    {
        foreach (string name in new[] { "fr_regressor_v1.onnx", "fr_regressor_v1.onnx.data", "fr_regressor_v1.json" })
        {
            System.IO.File.Copy(File(name), Path.Combine(folder, name), overwrite: true);
        }

        System.IO.File.WriteAllText(Path.Combine(folder, "registry.json"), $$"""
            {
              "schema_version": 1,
              "models": [
                {
                  "id": "fr_regressor_v1",
                  "kind": "fr",
                  "onnx": "fr_regressor_v1.onnx",
                  "sidecar": "fr_regressor_v1.json",
                  "sha256": "{{V1OnnxSha256}}",
                  "external_data": { "fr_regressor_v1.onnx.data": "{{V1DataSha256}}" }
                }
              ]
            }
            """);
        return Path.Combine(folder, "fr_regressor_v1.onnx");
    }
}
