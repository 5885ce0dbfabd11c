using System.CommandLine;
using TinyVmaf.Features.Logs;

namespace TinyVmaf.Cli.Commands;

/// <summary>The <c>--format</c> option: json, xml or csv, else taken from the output file's extension.</summary>
internal static class LogFormats
{
    public static Option<string?> CreateOption()
    {
        var option = new Option<string?>("--format")
        {
            Description = "Log format, libvmaf's layouts: json, xml or csv (default: from the output's extension, else json)",
        };
        option.AcceptOnlyFromAmong("json", "xml", "csv");
        return option;
    }

    public static LogFormat Resolve(string? format, string? outputPath) =>
        (format ?? Path.GetExtension(outputPath ?? "").TrimStart('.').ToLowerInvariant()) switch
        {
            "xml" => LogFormat.Xml,
            "csv" => LogFormat.Csv,
            _ => LogFormat.Json,
        };
}
