using System.Diagnostics;
using System.Globalization;
using TinyVmaf.Fuzz.Targets;

namespace TinyVmaf.Fuzz;

/// <summary>
/// The CLI from outside, as a user (or an attacker) meets it: mutated Y4M files, libvmaf logs, import tables and
/// ONNX models through the built <c>tinyvmaf</c>, one process each. Every run must end within the timeout with
/// exit 0 (and its output written) or exit 1 with a <c>tinyvmaf: error:</c> line naming the problem, no stack
/// trace, no output file and no temporary file left behind.
/// </summary>
internal static class CliMutants
{
    private static readonly string[] AllKinds = ["y4m", "log", "report", "table", "onnx"];

    public static int Run(Arguments options)
    {
        string tinyvmaf = options.Get("tinyvmaf") ?? throw new ArgumentException("cli needs --tinyvmaf PATH (the built tinyvmaf or tinyvmaf.dll)");
        int count = int.Parse(options.Get("count") ?? "300", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(options.Get("seed") ?? "1", CultureInfo.InvariantCulture);
        var timeout = TimeSpan.FromSeconds(double.Parse(options.Get("timeout") ?? "120", CultureInfo.InvariantCulture));
        string[] kinds = options.Get("kinds")?.Split(',') ?? AllKinds;
        var environment = FuzzEnvironment.Discover(options.Get("repo"));
        string findings = options.Get("findings") ?? Path.Combine(environment.RepoRoot, "fuzz", "findings");
        int failures = 0;
        try
        {
            foreach (string kind in kinds)
            {
                var (accepted, refused, bad) = RunKind(kind, tinyvmaf, count, seed, timeout, environment, findings);
                Console.WriteLine($"cli {kind}: {count} mutants (seed {seed}): {accepted} exit 0 with output, {refused} refused cleanly, {bad} violations");
                failures += bad;
            }
        }
        finally
        {
            environment.Cleanup();
        }

        return failures == 0 ? 0 : 1;
    }

    private static (int Accepted, int Refused, int Bad) RunKind(
        string kind, string tinyvmaf, int count, ulong seed, TimeSpan timeout, FuzzEnvironment environment, string findings)
    {
        using FuzzTarget target = kind switch
        {
            "y4m" => new Y4mTarget(environment),
            "log" or "report" => new LogTarget(environment),
            "table" => new ImportTableTarget(environment),
            "onnx" => new OnnxTarget(environment),
            _ => throw new ArgumentException($"no CLI mutant kind '{kind}' ({string.Join(", ", AllKinds)})"),
        };

        // Real-size clips only for the CLI (the synthetic 2x2 ones are refused by every extractor for their size).
        var seeds = kind == "y4m" ? target.Seeds.Where(s => s.Length > 50_000).ToList() : target.Seeds.ToList();
        if (seeds.Count == 0)
        {
            seeds = [.. target.Seeds];
        }

        var mutator = new Mutator(seeds, target.Dictionary);
        string work = Directory.CreateDirectory(Path.Combine(target.Folder, "cli")).FullName;
        int accepted = 0, refused = 0, bad = 0;
        for (int index = 0; index < count; index++)
        {
            var random = FuzzRandom.ForInput(seed ^ 0xC11, index);
            byte[] input = mutator.Next(ref random, out int seedIndex);
            foreach (string file in Directory.EnumerateFiles(work))
            {
                File.Delete(file);
            }

            string output = Path.Combine(work, "out" + kind switch { "table" => ".parquet", "report" => ".html", _ => ".json" });
            string[] arguments = Prepare(kind, input, seeds[seedIndex], target.Seeds.ToList().IndexOf(seeds[seedIndex]), index, target, work, output, environment.RepoRoot);
            var before = Directory.EnumerateFiles(work).ToHashSet(StringComparer.Ordinal);
            var (exit, stderr, hung) = Execute(tinyvmaf, arguments, timeout);
            var after = Directory.EnumerateFiles(work).Where(f => !before.Contains(f)).ToList();

            string? problem = null;
            if (hung)
            {
                problem = $"no exit within {timeout.TotalSeconds} s";
            }
            else if (stderr.Contains("Unhandled exception", StringComparison.Ordinal) || stderr.Contains("\n   at ", StringComparison.Ordinal))
            {
                problem = $"a stack trace (exit {exit})";
            }
            else if (exit == 0)
            {
                if (!File.Exists(output))
                {
                    problem = "exit 0 without its output";
                }
                else
                {
                    accepted++;
                }
            }
            else if (exit != 1)
            {
                problem = $"exit code {exit}";
            }
            else if (!stderr.Split('\n').Any(l => l.StartsWith("tinyvmaf: error: ", StringComparison.Ordinal)))
            {
                problem = "exit 1 without a 'tinyvmaf: error:' line";
            }
            else if (after.Count > 0)
            {
                problem = $"files left after the error: {string.Join(", ", after.Select(Path.GetFileName))}";
            }
            else
            {
                refused++;
            }

            if (problem is not null)
            {
                bad++;
                string? saved = Campaign.Save(findings, "cli-" + kind, "cli", input,
                    $"{problem}\ntinyvmaf {string.Join(' ', arguments)}\nseed {seed} index {index}\n\n{stderr}");
                Console.Error.WriteLine($"  cli {kind} #{index}: {problem}; saved as {saved}\n    {stderr.Split('\n').FirstOrDefault()}");
            }
        }

        return (accepted, refused, bad);
    }

    /// <summary>Writes the mutant (and what it needs beside it) into the work folder; the command line to run.</summary>
    private static string[] Prepare(string kind, byte[] input, byte[] seedBytes, int seedIndex, int index, FuzzTarget target, string work, string output, string repo)
    {
        switch (kind)
        {
            case "y4m":
            {
                // The mutant as the distorted clip against its unmutated seed (now and then as the reference), through
                // score (the default model) and extract.
                string mutant = Path.Combine(work, "mutant.y4m"), intact = Path.Combine(target.Folder, "intact.y4m");
                File.WriteAllBytes(mutant, input);
                File.WriteAllBytes(intact, seedBytes);
                bool asReference = index % 5 == 4;
                string r = asReference ? mutant : intact, d = asReference ? intact : mutant;
                return index % 2 == 0
                    ? ["score", "-r", r, "-d", d, "--threads", "1", "-o", output]
                    : ["extract", "-r", r, "-d", d, "--features", "canonical", "--threads", "1", "-o", output];
            }

            case "log":
            {
                string log = Path.Combine(work, "mutant.json");
                File.WriteAllBytes(log, input);
                return ["predict", "--model", Path.Combine(repo, "models", "fr_regressor_v1.onnx"), "--log", log, "-o", output];
            }

            case "report":
            {
                string log = Path.Combine(work, "mutant.json");
                File.WriteAllBytes(log, input);
                return ["report", log, "-o", output];
            }

            case "table":
            {
                string table = Path.Combine(work, "mutant.csv");
                File.WriteAllBytes(table, input);
                return ["corpus", "import", "--table", table, "--logs", Path.Combine(target.Folder, "logs"), "--mos-scale", "1:5", "-o", output];
            }

            case "onnx":
            {
                // Half the mutants come with a sidecar re-pinned to their bytes (so they reach the parser), half
                // with the seed's own pin (so the pin must refuse them).
                return OnnxPrepare(input, seedIndex, index, (OnnxTarget)target, work);
            }

            default:
                throw new ArgumentException(kind);
        }

        string[] OnnxPrepare(byte[] bytes, int seed, int i, OnnxTarget onnx, string folder)
        {
            var seedModel = onnx.Models[seed];
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllBytes(path, bytes);
            if (seedModel.ExternalData is { } data)
            {
                File.WriteAllBytes(Path.Combine(folder, SeedModel.DataFile), data);
            }

            (i % 2 == 0 ? seedModel.Pinned(bytes, seedModel.ExternalData) : seedModel.Pinned(seedModel.Onnx, seedModel.ExternalData)).Write(Path.Combine(folder, "model.json"));
            string log = Path.Combine(onnx.Folder, "features.json");
            File.WriteAllBytes(log, SeedLogs.Synthetic(3, 0));
            return ["predict", "--model", path, "--log", log, "--codec", "hevc", "-o", output];
        }
    }

    private static (int Exit, string Stderr, bool Hung) Execute(string tinyvmaf, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(tinyvmaf.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : tinyvmaf)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (tinyvmaf.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(tinyvmaf);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stderr.Result, true);
        }

        _ = stdout.Result;
        return (process.ExitCode, stderr.Result, false);
    }
}
