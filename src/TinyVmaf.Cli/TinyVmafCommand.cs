using System.CommandLine;

namespace TinyVmaf.Cli;

/// <summary>The <c>tinyvmaf</c> root command: one verb per sealed command class.</summary>
internal static class TinyVmafCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("TinyVmaf: libvmaf features in C#, and a codec-aware regressor that predicts MOS.");
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await root.Parse(args).InvokeAsync(config);
    }
}
