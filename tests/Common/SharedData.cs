namespace TinyVmaf.Tests;

/// <summary>
/// Finds <c>../shared</c> beside the repository root (or <c>TINYVMAF_SHARED</c>). Tests that need it call
/// <see cref="RequireOrSkip"/>, which skips them with a message saying what is missing.
/// </summary>
internal static class SharedData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Root { get; } = FindShared();

    public static string Golden => Path.Combine(Require(), "golden");

    public static string GoldenClip(string name) => Path.Combine(Golden, "clips", name + ".y4m");

    public static string GoldenLog(string name) => Path.Combine(Golden, "features", name + ".json");

    public static string VmafModel => Path.Combine(Require(), "models", "vmaf_v0.6.1.json");

    /// <summary>Names of the golden distorted clips (and identity pairs), e.g. <c>coffee__x264</c>, <c>coffee</c>.</summary>
    public static IEnumerable<string> GoldenPairs() =>
        Directory.EnumerateFiles(Path.Combine(Golden, "features"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal);

    /// <summary>The reference clip name of a golden pair name.</summary>
    public static string SourceOf(string pair) => pair.Split("__")[0];

    public static string Require() =>
        Root ?? throw new InvalidOperationException(
            $"../shared is absent (looked beside {RepositoryRoot}; set TINYVMAF_SHARED to point at it)");

    /// <summary>Skips the calling test, saying why, when ../shared is absent.</summary>
    public static void RequireOrSkip() =>
        Assert.SkipWhen(Root is null, $"needs ../shared beside the repository ({RepositoryRoot}) or TINYVMAF_SHARED; it is absent");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyVmaf.slnx")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string? FindShared()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("TINYVMAF_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        string beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }
}
