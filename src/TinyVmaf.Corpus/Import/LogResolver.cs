namespace TinyVmaf.Corpus.Import;

/// <summary>
/// Finds a table row's log inside the logs folder. With a <c>log</c> column value, that name is used (as given,
/// then with <c>.json</c> appended), and nothing else: an explicit mapping that points nowhere is an error, not a
/// cue to guess. Without one, the distorted name's file name is tried as given (when it ends in <c>.json</c>),
/// then with <c>.json</c> appended, then its stem with <c>.json</c> (<c>X.mkv</c> → <c>X.json</c>).
/// Datasets whose logs are named by another rule (AVT-VQDB-UHD-1-Appeal's VVC rows, <c>X.mkv_1080p_1000k_vvc.mkv</c>
/// logged as <c>X_1080p_1000k.266.json</c>) put the log's name in the <c>log</c> column.
/// </summary>
internal static class LogResolver
{
    public static IReadOnlyList<string> Candidates(string logsDirectory, string distorted, string? log)
    {
        var names = new List<string>();
        if (!string.IsNullOrWhiteSpace(log))
        {
            names.Add(log);
            if (!log.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                names.Add(log + ".json");
            }
        }
        else
        {
            string file = Path.GetFileName(distorted);
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                names.Add(file);
            }
            else
            {
                names.Add(file + ".json");
                string stem = Path.GetFileNameWithoutExtension(file);
                if (stem.Length > 0 && stem != file)
                {
                    names.Add(stem + ".json");
                }
            }
        }

        return names.Select(n => Path.IsPathRooted(n) ? n : Path.Combine(logsDirectory, n)).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The first candidate that exists, or null.</summary>
    public static string? Resolve(IReadOnlyList<string> candidates) => candidates.FirstOrDefault(File.Exists);
}
