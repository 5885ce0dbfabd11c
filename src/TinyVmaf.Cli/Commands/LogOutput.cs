using System.Text;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;

namespace TinyVmaf.Cli.Commands;

/// <summary>Writes a log to a file (atomically) or to stdout.</summary>
internal static class LogOutput
{
    public static void Write(FeatureTable table, LogFormat format, LogMetadata metadata, string? path, TextWriter stdout)
    {
        if (path is null)
        {
            using var buffer = new MemoryStream();
            LibvmafLogWriter.Write(buffer, table, format, metadata);
            stdout.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            LibvmafLogWriter.WriteFile(path, table, format, metadata);
        }
    }
}
