namespace TinyVmaf.Fuzz;

/// <summary>
/// One parser under fuzz: its seeds, a dictionary of tokens worth inserting, and an entry point that takes the
/// bytes of one input. The entry point returns when the parser produced a result and lets the parser's exception
/// out when it refused the input; <see cref="Campaign"/> then judges the exception against
/// <see cref="Documented"/> and checks that its message names the file.
/// </summary>
internal abstract class FuzzTarget : IDisposable
{
    protected FuzzTarget(FuzzEnvironment environment)
    {
        Environment = environment;
        Folder = Directory.CreateDirectory(Path.Combine(environment.ScratchRoot, Name)).FullName;
    }

    public abstract string Name { get; }

    /// <summary>What the parser is and what a refusal must be.</summary>
    public abstract string Description { get; }

    protected FuzzEnvironment Environment { get; }

    /// <summary>This target's scratch folder (on tmpfs when there is one); every file an input is written to lives here.</summary>
    public string Folder { get; }

    public abstract IReadOnlyList<byte[]> Seeds { get; }

    public virtual IReadOnlyList<byte[]> Dictionary => [];

    /// <summary>The exception types that are a documented refusal of a bad input.</summary>
    public abstract IReadOnlyList<Type> Documented { get; }

    /// <summary>Feeds one input; <paramref name="seedIndex"/> says which seed it was grown from (for targets whose seeds come with companion files).</summary>
    public abstract void Run(byte[] input, int seedIndex);

    /// <summary>True when the message names the file the input was read from (its path, or a file in this target's folder).</summary>
    public virtual bool NamesTheFile(string message) => message.Contains(Folder, StringComparison.Ordinal);

    protected string File(string name) => Path.Combine(Folder, name);

    public virtual void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Where seeds are read from and where inputs are written.</summary>
internal sealed class FuzzEnvironment
{
    public FuzzEnvironment(string repoRoot, string? sharedRoot, string scratchRoot)
    {
        RepoRoot = repoRoot;
        SharedRoot = sharedRoot;
        ScratchRoot = scratchRoot;
    }

    /// <summary>The repository (models/, samples/, tests/ test data).</summary>
    public string RepoRoot { get; }

    /// <summary>../shared, or null when absent: its seeds are then left out and the run says so.</summary>
    public string? SharedRoot { get; }

    public string ScratchRoot { get; }

    public string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>A file of ../shared, or null when ../shared or the file is absent.</summary>
    public string? Shared(params string[] parts)
    {
        if (SharedRoot is null)
        {
            return null;
        }

        string path = Path.Combine([SharedRoot, .. parts]);
        return System.IO.File.Exists(path) ? path : null;
    }

    /// <summary>Finds the repository above <paramref name="start"/> and ../shared (or <c>TINYVMAF_SHARED</c>) beside it.</summary>
    public static FuzzEnvironment Discover(string? start = null, string? scratch = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "TinyVmaf.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new DirectoryNotFoundException($"no TinyVmaf.slnx above {start ?? AppContext.BaseDirectory}; run from the repository or pass --repo");
        }

        string? shared = System.Environment.GetEnvironmentVariable("TINYVMAF_SHARED");
        if (string.IsNullOrEmpty(shared) || !Directory.Exists(shared))
        {
            shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
            shared = Directory.Exists(shared) ? shared : null;
        }

        string root = scratch ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        string scratchRoot = Directory.CreateDirectory(Path.Combine(root, $"tinyvmaf-fuzz-{System.Environment.ProcessId}-{Guid.NewGuid():N}"[..40])).FullName;
        return new FuzzEnvironment(dir.FullName, shared, scratchRoot);
    }

    public void Cleanup()
    {
        try
        {
            Directory.Delete(ScratchRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
