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

    /// <summary>Writes a random 8-bit 4:2:0 Y4M clip; <paramref name="cut"/> bytes are dropped from its end.</summary>
    public string WriteY4m(string name, int width, int height, int frames, int cut = 0, string rate = "25:1")
    {
        var bytes = new MemoryStream();
        bytes.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F{rate} C420jpeg\n"));
        var random = new Random(name.Length);
        for (int f = 0; f < frames; f++)
        {
            bytes.Write("FRAME\n"u8);
            var plane = new byte[width * height * 3 / 2];
            random.NextBytes(plane);
            bytes.Write(plane);
        }

        string path = PathOf(name);
        File.WriteAllBytes(path, bytes.ToArray()[..^cut]);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
