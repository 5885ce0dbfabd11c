namespace TinyVmaf.Corpus.Build;

/// <summary>
/// A build that cannot go ahead or that stopped: <see cref="Problems"/> names each bad input or failed pair on
/// its own line (the file, and what is wrong with it), so one run shows the user all of them.
/// </summary>
public sealed class CorpusBuildException : Exception
{
    public CorpusBuildException(string message, IReadOnlyList<string> problems, Exception? inner = null)
        : base(Compose(message, problems), inner)
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    private static string Compose(string message, IReadOnlyList<string> problems) =>
        problems.Count == 0 ? message : message + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
}
