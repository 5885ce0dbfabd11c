using System.Globalization;
using TinyVmaf.Fuzz;
using TinyVmaf.Fuzz.Targets;

// tinyvmaf's in-process fuzzer. See fuzz/README.md.
//   run    [--targets y4m,log,…|all] [--inputs N] [--minutes M] [--seed S] [--findings DIR]
//   replay --target NAME FILE…           feed saved inputs again and print how each ends
//   cli    --tinyvmaf PATH [--count N] [--seed S] [--kinds y4m,log,table,onnx]
//   list
var options = Arguments.Parse(args);
string command = options.Positional.FirstOrDefault() ?? "run";
switch (command)
{
    case "list":
    {
        var environment = FuzzEnvironment.Discover(options.Get("repo"));
        try
        {
            foreach (var target in Targets.Create(environment, Targets.Names))
            {
                Console.WriteLine($"{target.Name,-10} {target.Seeds.Count,3} seeds  {target.Description}");
                target.Dispose();
            }
        }
        finally
        {
            environment.Cleanup();
        }

        return 0;
    }

    case "run":
    {
        var environment = FuzzEnvironment.Discover(options.Get("repo"));
        Console.Error.WriteLine($"fuzz: repo {environment.RepoRoot}, shared {environment.SharedRoot ?? "(absent: its seeds are left out)"}, scratch {environment.ScratchRoot}");
        var names = options.Get("targets") is { } list && list != "all" ? list.Split(',') : Targets.Names;
        var campaign = new CampaignOptions
        {
            Seed = ulong.Parse(options.Get("seed") ?? "1", CultureInfo.InvariantCulture),
            Inputs = long.Parse(options.Get("inputs") ?? "10000", CultureInfo.InvariantCulture),
            Duration = options.Get("minutes") is { } minutes ? TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture)) : null,
            FindingsFolder = options.Get("findings") ?? Path.Combine(environment.RepoRoot, "fuzz", "findings"),
            Progress = Console.Error,
        };
        int violations = 0;
        try
        {
            foreach (var target in Targets.Create(environment, names))
            {
                using (target)
                {
                    var result = Campaign.Run(target, campaign);
                    Console.WriteLine(result);
                    foreach (var (key, count) in result.FindingCounts.OrderByDescending(kv => kv.Value))
                    {
                        Console.WriteLine($"    {count,8} × {key}");
                    }

                    violations += result.FindingCounts.Count;
                }
            }
        }
        finally
        {
            environment.Cleanup();
        }

        return violations == 0 ? 0 : 1;
    }

    case "replay":
    {
        var environment = FuzzEnvironment.Discover(options.Get("repo"));
        try
        {
            string name = options.Get("target") ?? throw new ArgumentException("replay needs --target");
            using var target = Targets.Create(environment, [name]).Single();
            using var probe = options.Get("alloc-probe") is not null ? new AllocationProbe() : null;
            foreach (string file in options.Positional.Skip(1))
            {
                byte[] input = File.ReadAllBytes(file);
                for (int seed = 0; seed < (target is OnnxTarget or SidecarTarget ? target.Seeds.Count : 1); seed++)
                {
                    try
                    {
                        target.Run(input, seed);
                        Console.WriteLine($"{file} (seed model {seed}): accepted");
                    }
                    catch (Exception e)
                    {
                        bool documented = target.Documented.Any(t => t.IsInstanceOfType(e)) && target.NamesTheFile(e.Message);
                        Console.WriteLine($"{file} (seed model {seed}): {(documented ? "refused" : "VIOLATION")}: {Campaign.Describe(e)}");
                    }
                }
            }
        }
        finally
        {
            environment.Cleanup();
        }

        return 0;
    }

    case "cli":
        return CliMutants.Run(options);

    default:
        Console.Error.WriteLine($"fuzz: unknown command '{command}' (run, replay, cli, list)");
        return 2;
}

/// <summary>Every target by name, in the order a full run takes them.</summary>
internal static class Targets
{
    public static readonly string[] Names = ["y4m", "rawyuv", "log", "table", "parquet", "vmafmodel", "onnx", "sidecar", "registry"];

    public static IEnumerable<FuzzTarget> Create(FuzzEnvironment environment, IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            yield return name switch
            {
                "y4m" => new Y4mTarget(environment),
                "rawyuv" => new RawYuvTarget(environment),
                "log" => new LogTarget(environment),
                "table" => new ImportTableTarget(environment),
                "parquet" => new ParquetTarget(environment),
                "vmafmodel" => new VmafModelTarget(environment),
                "onnx" => new OnnxTarget(environment),
                "sidecar" => new SidecarTarget(environment),
                "registry" => new RegistryTarget(environment),
                _ => throw new ArgumentException($"no fuzz target '{name}' (targets: {string.Join(", ", Names)})"),
            };
        }
    }
}

/// <summary>Prints every large object the runtime reports allocating (its type and size), to find where a replayed input's bytes went.</summary>
internal sealed class AllocationProbe : System.Diagnostics.Tracing.EventListener
{
    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && e.Payload is { } payload && e.PayloadNames is { } names)
        {
            object? size = names.Contains("ObjectSize") ? payload[names.IndexOf("ObjectSize")] : null;
            if (size is ulong bytes && bytes > 1 << 20)
            {
                Console.Error.WriteLine($"  alloc {bytes >> 20} MiB {payload[names.IndexOf("TypeName")]}\n{System.Environment.StackTrace}");
            }
        }
    }
}

/// <summary><c>--name value</c> pairs and positional words.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public string? Get(string name) => _named.GetValueOrDefault(name);

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                parsed._named[args[i][2..]] = args[++i];
            }
            else
            {
                parsed.Positional.Add(args[i]);
            }
        }

        return parsed;
    }
}
