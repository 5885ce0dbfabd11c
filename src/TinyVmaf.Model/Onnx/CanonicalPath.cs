namespace TinyVmaf.Model.Onnx;

/// <summary>
/// A path with every symbolic link on the way resolved (the managed equivalent of POSIX <c>realpath</c>), so
/// that "inside the model's folder" is judged on where the bytes really are, not on how the path is spelled.
/// </summary>
internal static class CanonicalPath
{
    /// <summary>Loops of links are cut off here, as the kernel does (ELOOP after 40).</summary>
    private const int MaxLinkHops = 40;

    public static string Resolve(string path)
    {
        int hops = 0;
        return Resolve(Path.GetFullPath(path), ref hops);
    }

    /// <summary>True when <paramref name="candidate"/> lies strictly under <paramref name="folder"/> (both canonical).</summary>
    public static bool IsInside(string candidate, string folder)
    {
        string prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return candidate.StartsWith(prefix, comparison) && candidate.Length > prefix.Length;
    }

    private static string Resolve(string fullPath, ref int hops)
    {
        string root = Path.GetPathRoot(fullPath)!;
        string current = root;
        string[] parts = fullPath[root.Length..].Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in parts)
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not string target)
            {
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"{fullPath}: too many levels of symbolic links");
            }

            // A relative link target is relative to the folder holding the link.
            string resolved = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root);
            current = Resolve(resolved, ref hops);
        }

        return current;
    }
}
