using System.Diagnostics;
using System.Security.Cryptography;

namespace TinyVmaf.Fuzz;

/// <summary>One violation of the invariant: what kind, on which input, and the file the input was saved to.</summary>
internal sealed record Finding(string Kind, long Index, string Summary, string Detail, byte[] Input, string? SavedAs);

/// <summary>What a campaign did: inputs fed, how they ended, the worst time and allocation of one input, and what broke.</summary>
internal sealed record CampaignResult(
    string Target, ulong Seed, long Inputs, long Accepted, long Refused, TimeSpan Elapsed, TimeSpan Slowest,
    long MostAllocated, int SeedCount, IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, long> FindingCounts)
{
    public override string ToString() =>
        $"{Target}: {Inputs} inputs (seed {Seed}, {SeedCount} seed files) in {Elapsed.TotalSeconds:F0} s: {Accepted} accepted, " +
        $"{Refused} refused with a documented error, {FindingCounts.Values.Sum()} violations ({FindingCounts.Count} distinct); " +
        $"slowest input {Slowest.TotalMilliseconds:F0} ms, most managed bytes for one input {MostAllocated / 1024} KiB";
}

/// <summary>Settings of one run of one target.</summary>
internal sealed record CampaignOptions
{
    public ulong Seed { get; init; } = 1;

    public long Inputs { get; init; } = 10_000;

    /// <summary>Stop at this wall-clock time even when fewer inputs ran.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The watchdog ends the process when one input runs this long (a hang), after saving it.</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Managed bytes one input may allocate: this plus <see cref="AllocationPerInputByte"/> per input byte. More means
    /// a size was taken from the input and allocated before it was checked against the data that is really there.
    /// </summary>
    public long AllocationAllowance { get; init; } = 24L << 20;

    public int AllocationPerInputByte { get; init; } = 24;

    /// <summary>Where violating inputs are saved (one file per distinct violation); null: not saved.</summary>
    public string? FindingsFolder { get; init; }

    public TextWriter? Progress { get; init; }

    /// <summary>Only this input index (replays a finding).</summary>
    public long? Only { get; init; }
}

/// <summary>
/// Feeds a target mutated inputs and checks the invariant on each: the parser returns a result or throws one of the
/// target's documented exceptions, with a message naming the file; it allocates no more than the input justifies; it
/// finishes within the hang timeout (a watchdog thread ends the process otherwise).
/// </summary>
internal static class Campaign
{
    public static CampaignResult Run(FuzzTarget target, CampaignOptions options)
    {
        var seeds = target.Seeds;
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"{target.Name}: no seeds");
        }

        var mutator = new Mutator(seeds, target.Dictionary);
        var findings = new List<Finding>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long accepted = 0, refused = 0, inputs = 0, mostAllocated = 0;
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        using var watchdog = new Watchdog(target.Name, options.HangTimeout, options.FindingsFolder, options.Progress ?? Console.Error);

        long first = options.Only ?? 0, end = options.Only is { } only ? only + 1 : options.Inputs;
        for (long index = first; index < end; index++)
        {
            if (options.Duration is { } duration && clock.Elapsed > duration)
            {
                break;
            }

            var random = FuzzRandom.ForInput(options.Seed, index);
            byte[] input = mutator.Next(ref random, out int seedIndex);
            long before = GC.GetAllocatedBytesForCurrentThread();
            long started = Stopwatch.GetTimestamp();
            watchdog.Begin(index, input);
            Exception? error = null;
            try
            {
                target.Run(input, seedIndex);
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                watchdog.End();
            }

            var took = Stopwatch.GetElapsedTime(started);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            inputs++;
            slowest = took > slowest ? took : slowest;
            mostAllocated = Math.Max(mostAllocated, allocated);

            if (error is null)
            {
                accepted++;
            }
            else if (error is OutOfMemoryException or InsufficientExecutionStackException or StackOverflowException)
            {
                Record("crash", error.GetType().Name, Describe(error));
            }
            else if (!target.Documented.Any(t => t.IsInstanceOfType(error)))
            {
                Record("crash", $"{error.GetType().Name} at {TopFrame(error)}", Describe(error));
            }
            else if (!target.NamesTheFile(error.Message))
            {
                Record("unnamed", $"{error.GetType().Name} at {TopFrame(error)}", Describe(error));
            }
            else
            {
                refused++;
            }

            long allowance = options.AllocationAllowance + (long)options.AllocationPerInputByte * input.Length;
            if (allocated > allowance)
            {
                Record("alloc", $"{allocated >> 20} MiB for a {input.Length}-byte input", $"{allocated} bytes allocated{(error is null ? "" : $"; ended in {Describe(error)}")}");
            }

            if (options.Progress is { } progress && clock.Elapsed - lastReport > TimeSpan.FromSeconds(60))
            {
                lastReport = clock.Elapsed;
                progress.WriteLine($"  {target.Name}: {inputs} inputs, {accepted} accepted, {refused} refused, {counts.Values.Sum()} violations, {inputs / clock.Elapsed.TotalSeconds:F0}/s");
            }

            void Record(string kind, string summary, string detail)
            {
                string key = $"{kind}: {summary}";
                bool isNew = !counts.ContainsKey(key);
                counts[key] = counts.GetValueOrDefault(key) + 1;
                if (!isNew || findings.Count >= 200)
                {
                    return;
                }

                string? saved = Save(options.FindingsFolder, target.Name, kind, input, $"{key}\nseed {options.Seed} index {index}\n\n{detail}\n");
                findings.Add(new Finding(kind, index, summary, detail, input, saved));
                options.Progress?.WriteLine($"  {target.Name}: NEW {key} (input {index}{(saved is null ? "" : $", saved as {saved}")})");
            }
        }

        return new CampaignResult(target.Name, options.Seed, inputs, accepted, refused, clock.Elapsed, slowest, mostAllocated, seeds.Count, findings, counts);
    }

    internal static string Describe(Exception e) => $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}" +
        (e.InnerException is { } inner ? $"\n--- inner ---\n{Describe(inner)}" : "");

    /// <summary>The first frame in our own code (the place to fix), else the first frame.</summary>
    private static string TopFrame(Exception e)
    {
        var frames = new StackTrace(e, fNeedFileInfo: false).GetFrames();
        var ours = frames.FirstOrDefault(f => f.GetMethod()?.DeclaringType?.FullName?.StartsWith("TinyVmaf.", StringComparison.Ordinal) == true
                                              && f.GetMethod()?.DeclaringType?.FullName?.StartsWith("TinyVmaf.Fuzz", StringComparison.Ordinal) != true)
                   ?? frames.FirstOrDefault();
        var method = ours?.GetMethod();
        return method is null ? "?" : $"{method.DeclaringType?.Name}.{method.Name}";
    }

    internal static string? Save(string? folder, string target, string kind, byte[] input, string note)
    {
        if (folder is null)
        {
            return null;
        }

        string dir = Directory.CreateDirectory(Path.Combine(folder, target)).FullName;
        string name = $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(input))[..12]}";
        string path = Path.Combine(dir, name + ".bin");
        File.WriteAllBytes(path, input);
        File.WriteAllText(Path.Combine(dir, name + ".txt"), note);
        return path;
    }

    /// <summary>Ends the process when one input runs past the timeout, after saving the input: a hang cannot be interrupted in-process.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly string _target;
        private readonly TimeSpan _timeout;
        private readonly string? _folder;
        private readonly TextWriter _report;
        private readonly Thread _thread;
        private readonly CancellationTokenSource _stop = new();
        private long _started;
        private long _index;
        private byte[]? _input;

        public Watchdog(string target, TimeSpan timeout, string? folder, TextWriter report)
        {
            _target = target;
            _timeout = timeout;
            _folder = folder;
            _report = report;
            _thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
            _thread.Start();
        }

        public void Begin(long index, byte[] input)
        {
            _input = input;
            Volatile.Write(ref _index, index);
            Volatile.Write(ref _started, Stopwatch.GetTimestamp());
        }

        public void End() => Volatile.Write(ref _started, 0);

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
        }

        private void Watch()
        {
            while (!_stop.Token.WaitHandle.WaitOne(200))
            {
                long started = Volatile.Read(ref _started);
                if (started != 0 && Stopwatch.GetElapsedTime(started) > _timeout)
                {
                    long index = Volatile.Read(ref _index);
                    string? saved = _input is { } input ? Save(_folder, _target, "hang", input, $"hang: input {index} ran over {_timeout.TotalSeconds} s\n") : null;
                    _report.WriteLine($"  {_target}: HANG on input {index} (over {_timeout.TotalSeconds} s){(saved is null ? "" : $", saved as {saved}")}; stopping");
                    _report.Flush();
                    System.Environment.Exit(3);
                }
            }
        }
    }
}
