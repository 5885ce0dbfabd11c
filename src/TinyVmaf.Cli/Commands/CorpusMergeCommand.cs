using System.CommandLine;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Build;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus merge</c>: join corpora (the shards of one build, or different datasets) into one.</summary>
internal sealed class CorpusMergeCommand : Command
{
    private readonly Argument<string[]> _inputs = new("corpora")
    {
        Description = "The parquet corpora to join (the shards of one build, or corpora of different datasets)",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string> _output = new("--output", "-o") { Description = "Parquet file to write (atomically)", Required = true };

    public CorpusMergeCommand()
        : base("merge", "Join corpora into one, rows in (dataset, source, unit, frame) order; each row keeps its dataset. Features: those every input has (the rest are dropped, with a warning); a label only when every input has it. A video (dataset, dis_basename) in two inputs is refused")
    {
        Arguments.Add(_inputs);
        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var parts = parse.GetRequiredValue(_inputs).Select(path => (path, CorpusTable.ReadAsync(path, c).GetAwaiter().GetResult())).ToArray();
            var result = CorpusMerger.Merge(parts);
            foreach (string warning in result.Warnings)
            {
                stderr.WriteLine($"tinyvmaf: warning: {warning}");
            }

            string output = parse.GetRequiredValue(_output);
            result.Table.WriteAsync(output, c).GetAwaiter().GetResult();
            stdout.WriteLine($"{parts.Length} corpora, {result.Table.RowCount} rows ({result.Table.Describe().Units} videos), {result.Table.FeatureNames.Count} features → {output}");
            return CliRun.Ok;
        }, cancel));
    }
}
