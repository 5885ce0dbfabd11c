using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TinyVmaf;

/// <summary>
/// The one way TinyVmaf writes a result file: into a temporary sibling (same folder, so the rename cannot cross
/// file systems) named after this process and a GUID (so concurrent writers never share one), flushed to the disk,
/// then renamed over the target, and the folder flushed so that the rename itself survives a power cut. A reader
/// sees the old file or the new one, never a part; a failed or killed write leaves the target as it was.
/// </summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temp) = Prepare(path);
        try
        {
            using (var stream = OpenTemporary(temp))
            {
                write(stream);
                FlushToDisk(stream, temp);
            }

            Commit(temp, full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Flushes what <paramref name="stream"/> wrote to the disk. A writer that wrapped it (a StreamWriter, a
    /// parquet writer) may have closed it already; the bytes are in the file then, so open it again to sync.
    /// </summary>
    private static void FlushToDisk(FileStream stream, string temp)
    {
        if (stream.CanWrite)
        {
            stream.Flush(flushToDisk: true);
            return;
        }

        using var again = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        again.Flush(flushToDisk: true);
    }

    public static void WriteBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var (full, temp) = Prepare(path);
        try
        {
            using (var stream = OpenTemporary(temp))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            Commit(temp, full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (full, temp) = Prepare(path);
        try
        {
            await using (var stream = OpenTemporary(temp))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                FlushToDisk(stream, temp);
            }

            Commit(temp, full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that writers of <paramref name="fileName"/> (any file when null) in
    /// <paramref name="directory"/> left when they were killed: those whose process is gone and that are older than
    /// <paramref name="minimumAge"/> (a writer on another machine sharing the folder has a PID we cannot check; the age
    /// keeps its file safe). Returns how many it deleted; a file it cannot delete is left.
    /// </summary>
    public static int RemoveOrphans(string directory, string? fileName, TimeSpan minimumAge)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        int removed = 0;
        string pattern = fileName is null ? "." + "*" + TemporarySuffix : $".{fileName}.*{TemporarySuffix}";
        foreach (string temp in Directory.EnumerateFiles(directory, pattern))
        {
            if (WriterOf(Path.GetFileName(temp)) is not { } pid || pid == Environment.ProcessId || IsRunning(pid))
            {
                continue;
            }

            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temp) >= minimumAge)
                {
                    File.Delete(temp);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    /// <summary>The process that wrote a temporary file named <c>.{name}.{pid}.{guid}.tmp</c>, or null when the name is not one of ours.</summary>
    internal static int? WriterOf(string temporaryName)
    {
        string[] parts = temporaryName.Split('.');
        return parts.Length >= 5 && parts[0].Length == 0 && parts[^1] == "tmp" && parts[^2].Length == 32
            && parts[^2].All(Uri.IsHexDigit)
            && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            ? pid
            : null;
    }

    /// <summary>Whether a process with this id runs on this machine.</summary>
    internal static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static (string Full, string Temp) Prepare(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        return (full, Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}"));
    }

    // ReadWrite: some writers (parquet) read back what they wrote before closing.
    private static FileStream OpenTemporary(string temp) =>
        new(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: false);

    private static void Commit(string temp, string full)
    {
        File.Move(temp, full, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>
    /// fsync of the folder makes the rename durable on Linux file systems. .NET cannot open a folder as a file, so
    /// this asks libc; where that is unavailable the rename is still atomic, only its durability is the system's.
    /// </summary>
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            int fd = Native.open(directory, 0 /* O_RDONLY */);
            if (fd >= 0)
            {
                Native.fsync(fd);
                Native.close(fd);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static class Native
    {
#pragma warning disable SYSLIB1054 // three plain calls; a source-generated stub would add nothing
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
