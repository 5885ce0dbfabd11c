namespace TinyVmaf.Model.Teacher;

/// <summary>
/// One input of a libvmaf model: the name the model file gives it, the libvmaf key a log holds it under
/// (what <see cref="VmafModel.Predict"/> expects, in <see cref="VmafModel.FeatureKeys"/> order), the libvmaf
/// extractor that computes it when known (<c>adm</c>, <c>vif</c>, <c>motion</c>, <c>cambi</c>, …), the extractor
/// options the model asks for (libvmaf option name → value as libvmaf's dictionary holds it; empty for
/// vmaf_v0.6.1), and the suffix those options add to every key of that extractor instance.
/// </summary>
public sealed record VmafModelFeature(
    string ModelName,
    string Key,
    string? Extractor,
    IReadOnlyDictionary<string, string> ExtractorOptions,
    string KeySuffix)
{
    /// <summary>The extractor instance that computes this feature, or null when the extractor is unknown.</summary>
    public VmafExtractorInstance? Instance =>
        Extractor is null ? null : new VmafExtractorInstance(Extractor, ExtractorOptions, KeySuffix);
}

/// <summary>
/// One libvmaf extractor instance a model needs: the extractor's libvmaf name, its options (libvmaf's names
/// and values), and the suffix libvmaf appends to each key it writes (empty with default options). Two
/// instances with the same <see cref="Id"/> are the same computation and run once.
/// </summary>
public sealed record VmafExtractorInstance(string Extractor, IReadOnlyDictionary<string, string> Options, string KeySuffix)
{
    /// <summary>libvmaf's identity of an instance: the extractor's name with its options' suffix.</summary>
    public string Id => Extractor + KeySuffix;
}
