namespace TinyVmaf.Features.Extraction;

/// <summary>
/// Every extractor TinyVmaf has, and which FULL_FEATURES name each provides. A requested feature set
/// resolves to the extractors it needs, each listed once.
/// </summary>
internal static class ExtractorRegistry
{
    /// <summary>The extractors, in the order their keys appear in a log.</summary>
    public static readonly IReadOnlyList<ExtractorDescriptor> All =
    [
        Adm.AdmExtractor.Descriptor,
        Vif.VifExtractor.Descriptor,
        Motion.MotionExtractor.Descriptor,
        Psnr.PsnrExtractor.Descriptor,
        Cambi.CambiExtractor.Descriptor,
        PsnrHvs.PsnrHvsExtractor.Descriptor,
        Ssim.SsimExtractor.Descriptor,
        MsSsim.MsSsimExtractor.Descriptor,
        Ciede.CiedeExtractor.Descriptor,
        Ssimulacra2.Ssimulacra2Extractor.Descriptor,
        Speed.SpeedChromaExtractor.Descriptor,
        FloatVif.FloatVifExtractor.Descriptor,
        FloatMotion.FloatMotionExtractor.Descriptor,
        FloatAdm.FloatAdmExtractor.Descriptor,
    ];

    /// <summary>FULL_FEATURES names that some extractor provides.</summary>
    public static IReadOnlyList<string> ImplementedFeatures =>
        FeatureNames.Full.Where(name => FindProvider(name) is not null).ToArray();

    public static ExtractorDescriptor? FindProvider(string featureName)
    {
        string key = FeatureNames.LibvmafKey(featureName);
        return All.FirstOrDefault(d => d.Keys.Contains(key));
    }

    /// <summary>
    /// The extractor that computes <paramref name="featureName"/> and the version of its numbers
    /// (<see cref="ExtractorDescriptor.Version"/>), for caches that must not serve numbers of an older version.
    /// </summary>
    public static (string Extractor, int Version) CodeVersionOf(string featureName) =>
        FindProvider(featureName) is { } provider
            ? (provider.Name, provider.Version)
            : throw new ArgumentException($"no extractor provides '{featureName}'", nameof(featureName));

    public static ExtractorDescriptor? FindByName(string extractorName) =>
        All.FirstOrDefault(d => d.Name == extractorName);

    /// <summary>
    /// The extractors needed for <paramref name="featureNames"/>, each once, in registry order.
    /// Throws <see cref="ArgumentException"/> naming what is unknown or not yet implemented.
    /// </summary>
    public static IReadOnlyList<ExtractorDescriptor> Resolve(IEnumerable<string> featureNames)
    {
        var needed = new HashSet<ExtractorDescriptor>();
        var unknown = new List<string>();
        var missing = new List<string>();
        foreach (string name in featureNames)
        {
            if (!FeatureNames.IsKnown(name))
            {
                unknown.Add(name);
            }
            else if (FindProvider(name) is { } provider)
            {
                needed.Add(provider);
            }
            else
            {
                missing.Add(name);
            }
        }

        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"unknown feature name(s): {string.Join(", ", unknown)}. Feature names are the FULL_FEATURES names: {string.Join(", ", FeatureNames.Full)}");
        }

        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"not implemented yet: {string.Join(", ", missing)}. Implemented: {string.Join(", ", ImplementedFeatures)}");
        }

        return All.Where(needed.Contains).ToArray();
    }
}
