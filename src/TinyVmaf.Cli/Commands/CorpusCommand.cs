using System.CommandLine;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Audit;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Cli.Commands;

/// <summary><c>tinyvmaf corpus</c>: build, inspect and audit parquet corpora.</summary>
internal sealed class CorpusCommand : Command
{
    public CorpusCommand()
        : base("corpus", "Build, describe and audit training corpora (parquet: one row per frame)")
    {
        Subcommands.Add(new CorpusBuildCommand());
        Subcommands.Add(new CorpusNetflixCommand());
        Subcommands.Add(new CorpusBviDvcCommand());
        Subcommands.Add(new CorpusKonvidCommand());
        Subcommands.Add(new CorpusMergeCommand());
        Subcommands.Add(new CorpusImportCommand());
        Subcommands.Add(new CorpusTableCommand());
        Subcommands.Add(new CorpusDescribeCommand());
        Subcommands.Add(new CorpusAuditCommand());
    }
}

/// <summary><c>tinyvmaf corpus import</c>: a table of distorted videos plus their libvmaf logs → parquet.</summary>
internal sealed class CorpusImportCommand : Command
{
    private readonly Option<string> _table = new("--table")
    {
        Description = "CSV, one row per distorted video: distorted, source, codec [, mos, encoder, preset, crf, bitrate_kbps, log]",
        Required = true,
    };

    private readonly Option<string> _logs = new("--logs")
    {
        Description = "Folder of libvmaf JSON logs (1.3.x, 2.x, 3.x or tinyvmaf's), named after the table's 'distorted' (or 'log') column",
        Required = true,
    };

    private readonly Option<string> _output = new("--output", "-o") { Description = "Parquet file to write", Required = true };

    private readonly Option<string?> _mosScale = new("--mos-scale")
    {
        Description = "Rescale MOS from LO:HI to 0..100, e.g. 1:5",
    };

    private readonly Option<string?> _dataset = new("--dataset")
    {
        Description = "The 'dataset' column every row gets (its provenance once merged with other corpora); default: the table file's name without extension (appeal.csv → appeal)",
    };

    public CorpusImportCommand()
        : base("import", "Import libvmaf logs and a MOS/codec table into a parquet corpus")
    {
        Options.Add(_table);
        Options.Add(_logs);
        Options.Add(_output);
        Options.Add(_mosScale);
        Options.Add(_dataset);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            var options = new ImportOptions(parse.GetRequiredValue(_table), parse.GetRequiredValue(_logs), parse.GetRequiredValue(_output))
            {
                MosScale = parse.GetValue(_mosScale) is { } scale ? ParseScale(scale) : null,
                Dataset = parse.GetValue(_dataset),
            };
            ImportResult result;
            using (var progress = ProgressLine.ForTerminal(stderr, "logs"))
            {
                result = CorpusImporter.Import(options, progress is null ? null : new Progress<ImportProgress>(p => progress.Report(p.Done)), c);
            }

            foreach (string warning in result.Warnings)
            {
                stderr.WriteLine($"tinyvmaf: warning: {warning}");
            }

            stdout.WriteLine($"{result.Rows} rows ({result.Table.Units.Distinct().Count()} videos, {result.Table.FeatureNames.Count} features) of dataset '{options.ResolveDataset()}' → {result.OutputPath} in {result.Elapsed.TotalSeconds:F1} s");
            return CliRun.Ok;
        }, cancel));
    }

    private static MosScale ParseScale(string text)
    {
        try
        {
            return MosScale.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--mos-scale: {e.Message}", e);
        }
    }
}

/// <summary><c>tinyvmaf corpus table</c>: the import table of a dataset whose layout we know, from its own files.</summary>
internal sealed class CorpusTableCommand : Command
{
    private readonly Argument<string> _layout = new("dataset")
    {
        Description = "The dataset's layout: appeal (AVT-VQDB-UHD-1-Appeal), nvc (AVT-VQDB-UHD-1-NVC), hdr (AVT-VQDB-UHD-1-HDR)",
    };

    private readonly Option<string> _root = new("--root") { Description = "The dataset's folder (e.g. ../shared/datasets/avt-vqdb-uhd-1-appeal)", Required = true };

    private readonly Option<string> _output = new("--output", "-o") { Description = "The CSV to write (atomically), for corpus import --table", Required = true };

    private readonly Option<bool> _includeFlagged = new("--include-flagged")
    {
        Description = "appeal: keep the 22 VVC videos whose logs suspect_vvc_logs.tsv flags as misaligned (left out by default)",
    };

    public CorpusTableCommand()
        : base("table", "Write the import table (distorted, source, codec, mos, …, log) of an AVT-VQDB-UHD-1 dataset from its own score files; MOS stay 1..5 (import with --mos-scale 1:5)")
    {
        Arguments.Add(_layout);
        Options.Add(_root);
        Options.Add(_output);
        Options.Add(_includeFlagged);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, _) =>
        {
            var dataset = Corpus.Datasets.AvtDatasetTables.Parse(parse.GetRequiredValue(_layout));
            string root = parse.GetRequiredValue(_root);
            var table = Corpus.Datasets.AvtDatasetTables.Build(dataset, root, parse.GetValue(_includeFlagged));
            string output = parse.GetRequiredValue(_output);
            table.WriteCsv(output);
            foreach (string note in table.Notes)
            {
                stderr.WriteLine($"tinyvmaf: note: {note}");
            }

            stdout.WriteLine($"{table.Rows.Count} videos → {output} (logs in {Corpus.Datasets.AvtDatasetTables.LogsFolder(dataset, root)})");
            return CliRun.Ok;
        }, cancel));
    }
}

/// <summary><c>tinyvmaf corpus describe</c>: what a corpus holds.</summary>
internal sealed class CorpusDescribeCommand : Command
{
    private readonly Argument<string> _corpus = new("corpus") { Description = "A parquet corpus" };

    public CorpusDescribeCommand()
        : base("describe", "Print rows, sources, codecs, CRF and bitrate ranges, label ranges and the features present")
    {
        Arguments.Add(_corpus);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, _, _) =>
        {
            CorpusTable.Read(parse.GetRequiredValue(_corpus)).Describe().WriteTo(stdout);
            return CliRun.Ok;
        }, cancel));
    }
}

/// <summary><c>tinyvmaf corpus audit</c>: find logs that look misaligned or broken before they poison training.</summary>
internal sealed class CorpusAuditCommand : Command
{
    private readonly Option<string> _table = new("--table") { Description = "The import table (CSV)", Required = true };

    private readonly Option<string> _logs = new("--logs") { Description = "Folder of libvmaf JSON logs", Required = true };

    private readonly Option<string?> _output = new("--output", "-o") { Description = "Write the findings as TSV here" };

    public CorpusAuditCommand()
        : base("audit", "Flag libvmaf logs that look misaligned (a per-frame collapse its twins lack, a reference track unlike its siblings') or broken")
    {
        Options.Add(_table);
        Options.Add(_logs);
        Options.Add(_output);
        SetAction((parse, cancel) => CliRun.Guard(parse, (stdout, stderr, c) =>
        {
            AuditReport report;
            using (var progress = ProgressLine.ForTerminal(stderr, "logs"))
            {
                report = LogAuditor.Audit(new AuditOptions(parse.GetRequiredValue(_table), parse.GetRequiredValue(_logs)),
                    progress is null ? null : new Progress<ImportProgress>(p => progress.Report(p.Done)), c);
            }

            report.WriteSummary(stdout);
            if (parse.GetValue(_output) is { } output)
            {
                AtomicFile.Write(output, stream =>
                {
                    using var writer = new StreamWriter(stream);
                    report.WriteTsv(writer);
                });
                stdout.WriteLine($"findings → {output}");
            }

            return CliRun.Ok;
        }, cancel));
    }
}
