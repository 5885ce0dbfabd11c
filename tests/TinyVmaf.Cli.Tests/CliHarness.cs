using TinyVmaf.Cli;

namespace TinyVmaf.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output, and owns a temporary folder.</summary>
public sealed class CliHarness : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("tinyvmaf-cli-").FullName;

    public string PathOf(string name) => Path.Combine(Dir, name);

    public (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = TinyVmafCommand.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Files in the folder, temporaries included, so a test can assert nothing was left behind.</summary>
    public string[] Files() => Directory.GetFiles(Dir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
