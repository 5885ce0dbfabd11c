using System.CommandLine;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Cli;

/// <summary>Exit codes and the one place where library errors become messages.</summary>
internal static class CliRun
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Cancelled = 130;

    /// <summary>
    /// Runs a command body, turning the library's typed errors into one clear line on stderr and a non-zero
    /// exit code. Anything else is a bug and keeps its stack trace.
    /// </summary>
    public static async Task<int> GuardAsync(ParseResult parse, Func<TextWriter, TextWriter, CancellationToken, Task<int>> body, CancellationToken cancel)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return await body(stdout, stderr, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("tinyvmaf: cancelled; nothing was written");
            return Cancelled;
        }
        catch (Exception e) when (e is VideoInputException or InvalidDataException or ArgumentException or FileNotFoundException
                                       or DirectoryNotFoundException or UnauthorizedAccessException or IOException or NotSupportedException
                                       or TinyVmaf.Model.Teacher.VmafModelException or TinyVmaf.Model.Onnx.ModelRefusedException
                                       or TinyVmaf.Corpus.CorpusImportException or TinyVmaf.Corpus.Build.CorpusBuildException
                                       or TinyVmaf.Scoring.Rate.RateCurveException)
        {
            await stderr.WriteLineAsync($"tinyvmaf: error: {e.Message}");
            return Failed;
        }
    }

    /// <summary>
    /// Says on stderr that a model was loaded outside every registry: only its sidecar's sha256 pinned it, and whoever
    /// wrote the sidecar also chose that pin.
    /// </summary>
    public static void NoticeIfUnregistered(TextWriter stderr, string id, string path, string sha256, bool registered)
    {
        if (!registered)
        {
            stderr.WriteLine($"tinyvmaf: notice: model '{id}' ({path}) is unregistered (in no model registry); loaded on its sidecar's sha256 pin {sha256}");
        }
    }

    /// <summary>
    /// <see cref="GuardAsync"/> for a synchronous body, run on the thread pool: System.CommandLine installs its Ctrl-C
    /// handler (which cancels <paramref name="cancel"/>) only once the action has returned its task, so a body run
    /// inline would leave Ctrl-C to kill the process outright, mid-write and without cleaning up.
    /// </summary>
    public static Task<int> Guard(ParseResult parse, Func<TextWriter, TextWriter, CancellationToken, int> body, CancellationToken cancel) =>
        GuardAsync(parse, (o, e, c) => Task.Run(() => body(o, e, c), CancellationToken.None), cancel);
}
