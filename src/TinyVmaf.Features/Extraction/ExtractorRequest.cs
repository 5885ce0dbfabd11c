namespace TinyVmaf.Features.Extraction;

/// <summary>
/// One libvmaf extractor instance to run: the extractor's libvmaf name (<c>adm</c>, <c>vif</c>, <c>motion</c>,
/// <c>cambi</c>, …), its options under libvmaf's option names with values as libvmaf spells them, and the suffix
/// libvmaf appends to every key of an instance with those options (e.g. <c>_egl_1</c>; empty with the defaults).
/// A libvmaf model lists the instances it needs with their suffixes; two requests with the same
/// <see cref="Id"/> are one instance and run once.
/// </summary>
/// <remarks>
/// <c>motion</c> here is libvmaf 3.2's motion (<c>VMAF_integer_feature_motion_sad_score</c>, motion2, motion3),
/// which the zoo's models read; the FULL_FEATURES names keep the fork's motion the golden logs hold.
/// </remarks>
public sealed record ExtractorRequest(string Extractor, IReadOnlyDictionary<string, string> Options, string KeySuffix = "")
{
    /// <summary>libvmaf's identity of an instance: the extractor's name with its options' suffix.</summary>
    public string Id => Extractor + KeySuffix;
}
