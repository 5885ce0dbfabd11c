namespace TinyVmaf.Model.Teacher;

/// <summary>
/// One input of a libvmaf model: the name the model file gives it, the libvmaf key a log holds it under
/// (what <see cref="VmafModel.Predict"/> expects, in <see cref="VmafModel.FeatureKeys"/> order), the libvmaf
/// extractor that computes it when known (<c>adm</c>, <c>vif</c>, <c>motion</c>), and the extractor options
/// the model asks for (libvmaf option name → value as libvmaf spells it; empty for vmaf_v0.6.1).
/// </summary>
public sealed record VmafModelFeature(
    string ModelName,
    string Key,
    string? Extractor,
    IReadOnlyDictionary<string, string> ExtractorOptions);
