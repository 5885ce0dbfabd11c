namespace TinyVmaf.Features.Extraction;

/// <summary>Parses the <c>--features</c> argument: <c>canonical</c>, <c>full</c>, or a comma list of names.</summary>
public static class FeatureSet
{
    public static IReadOnlyList<string> Parse(string spec)
    {
        var names = new List<string>();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            IEnumerable<string> expanded = part switch
            {
                "canonical" or "canonical6" or "canonical-6" => FeatureNames.Canonical6,
                "full" => FeatureNames.Full,
                _ => [part],
            };
            foreach (string name in expanded)
            {
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("no features requested: give 'canonical', 'full' or a comma-separated list of names");
        }

        return names;
    }
}
