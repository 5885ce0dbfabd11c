using System.CommandLine;
using TinyVmaf.Cli.Commands;

namespace TinyVmaf.Cli;

/// <summary>The <c>tinyvmaf</c> root command: one verb per sealed command class.</summary>
internal static class TinyVmafCommand
{
    public static RootCommand Create() =>
        new("TinyVmaf: libvmaf features in C#, and a codec-aware regressor that predicts MOS.")
        {
            new ExtractCommand(),
            new CorpusCommand(),
            new PredictCommand(),
            new ScoreCommand(),
            new CompareCommand(),
            new TrainCommand(),
            new EvaluateCommand(),
            new ReportCommand(),
            new BdrateCommand(),
        };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        // After Ctrl-C a command gets this long to stop its work (kill its ffmpeg processes, delete temporaries) before
        // the process is ended regardless; System.CommandLine's default of two seconds is tight on a loaded machine.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
        return await Create().Parse(args).InvokeAsync(config, cancel);
    }
}
