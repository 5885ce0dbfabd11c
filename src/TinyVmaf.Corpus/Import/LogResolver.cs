namespace TinyVmaf.Corpus.Import;

/// <summary>
/// Finds a table row's log inside the logs folder. With a <c>log</c> column value, that name is used (as given,
/// then with <c>.json</c> appended), and nothing else: an explicit mapping that points nowhere is an error, not a
/// cue to guess. Without one, the distorted name's file name is tried as given (when it ends in <c>.json</c>),
/// then with <c>.json</c> appended, then its stem with <c>.json</c> (<c>X.mkv</c> → <c>X.json</c>).
/// Datasets whose logs are named by another rule (AVT-VQDB-UHD-1-Appeal's VVC rows, <c>X.mkv_1080p_1000k_vvc.mkv</c>
/// logged as <c>X_1080p_1000k.266.json</c>) put the log's name in the <c>log</c> column.
/// A candidate that does not exist as spelled matches a file of the logs folder whose name differs only in case,
/// when exactly one does (tables made on case-insensitive file systems often disagree in case with the files).
/// A <c>log</c> value never reaches outside the logs folder: an absolute path or a <c>..</c> segment is refused
/// (<see cref="Refusal"/>), and so is a name that resolves out of the folder through a symbolic link
/// (<see cref="IsInside"/>); a table is data from anyone, the logs folder is what the user chose to read.
/// </summary>
internal sealed class LogResolver
{
    private readonly string _logsDirectory;
    private readonly Lazy<Dictionary<string, string?>> _byFoldedName;
    private readonly Lazy<string> _canonicalFolder;

    public LogResolver(string logsDirectory)
    {
        _logsDirectory = logsDirectory;
        _canonicalFolder = new Lazy<string>(() => TinyVmaf.Model.Onnx.CanonicalPath.Resolve(logsDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
        _byFoldedName = new Lazy<Dictionary<string, string?>>(() =>
        {
            var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (string file in Directory.EnumerateFiles(logsDirectory))
            {
                string name = Path.GetFileName(file);
                // Two files that differ only in case make the folded name ambiguous: never guess between them.
                map[name] = map.ContainsKey(name) ? null : file;
            }

            return map;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyList<string> Candidates(string distorted, string? log) => Candidates(_logsDirectory, distorted, log);

    /// <summary>Why a row's <c>log</c> value cannot be used (it points outside the logs folder), or null when it is usable.</summary>
    public string? Refusal(string? log)
    {
        if (string.IsNullOrWhiteSpace(log))
        {
            return null;
        }

        if (log.Contains('\0', StringComparison.Ordinal))
        {
            return $"log '{log.Replace('\0', '?')}' holds a NUL character, which no file name can";
        }

        if (Path.IsPathRooted(log))
        {
            return $"log '{log}' is an absolute path; the log column names a file inside the logs folder {_logsDirectory}";
        }

        if (log.Split(['/', '\\']).Any(segment => segment == ".."))
        {
            return $"log '{log}' climbs out with '..'; the log column names a file inside the logs folder {_logsDirectory}";
        }

        return null;
    }

    /// <summary>True when <paramref name="path"/>, every symbolic link on the way resolved, lies inside the logs folder.</summary>
    public bool IsInside(string path) =>
        TinyVmaf.Model.Onnx.CanonicalPath.IsInside(TinyVmaf.Model.Onnx.CanonicalPath.Resolve(path), _canonicalFolder.Value);

    /// <summary>The first candidate that exists, else the one file matching a candidate but for case, else null.</summary>
    public string? Resolve(IReadOnlyList<string> candidates)
    {
        // A NUL cannot be in a file name; the path APIs throw on it rather than answer "no such file".
        candidates = [.. candidates.Where(c => !c.Contains('\0', StringComparison.Ordinal))];
        if (candidates.FirstOrDefault(File.Exists) is { } exact)
        {
            return exact;
        }

        string folder = Path.GetFullPath(_logsDirectory);
        foreach (string candidate in candidates)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(candidate)) == folder.TrimEnd(Path.DirectorySeparatorChar)
                && _byFoldedName.Value.GetValueOrDefault(Path.GetFileName(candidate)) is { } folded)
            {
                return folded;
            }
        }

        return null;
    }

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
}
