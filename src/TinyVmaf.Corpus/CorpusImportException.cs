namespace TinyVmaf.Corpus;

/// <summary>
/// An import (or audit) that cannot go ahead. <see cref="Problems"/> names every fault found, each on its own
/// (a table row, a missing log, a log that does not parse), so that one run shows the user all of them.
/// </summary>
public sealed class CorpusImportException : Exception
{
    public CorpusImportException(string message, IReadOnlyList<string> problems)
        : base(Compose(message, problems))
    {
        Problems = problems;
    }

    public CorpusImportException(string message, IReadOnlyList<string> problems, Exception inner)
        : base(Compose(message, problems), inner)
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    private static string Compose(string message, IReadOnlyList<string> problems) =>
        problems.Count <= 1 && problems.All(p => message.Contains(p, StringComparison.Ordinal))
            ? message
            : message + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p));
}
