using System.Diagnostics;
using System.Globalization;
using TinyVmaf.Features;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Import;

/// <summary>
/// <c>corpus import</c>: a table of distorted videos plus a folder of libvmaf logs (1.3.x, 2.x, 3.x or ours)
/// become a parquet corpus, one row per frame. Either every row imports or nothing is written: a missing log,
/// a log that does not parse, or a bad table row stops the import, and the exception names all of them.
/// </summary>
public static class CorpusImporter
{
    /// <summary>Metadata key: the MOS scale the import rescaled <c>mos</c> from (absent when it did not).</summary>
    public const string MosScaleKey = "tinyvmaf.mos_scale";

    /// <summary>Metadata key: the codec vocabulary version the <c>codec</c> column was mapped with.</summary>
    public const string CodecVocabularyKey = "tinyvmaf.codec_vocab_version";

    private static readonly string UnknownCodec = CodecVocabulary.Names[CodecVocabulary.Unknown];

    /// <summary>Metadata key: the table the corpus was imported from (its file name).</summary>
    public const string TableKey = "tinyvmaf.imported_from";

    /// <summary>
    /// Imports and, when <see cref="ImportOptions.OutputPath"/> is set, writes the corpus atomically. Throws
    /// <see cref="CorpusImportException"/> listing every problem found; then no file is written.
    /// </summary>
    public static ImportResult Import(ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var table = ImportTable.Read(options.TablePath);
        CheckMosScale(table, options.MosScale);
        var logs = LoadLogs(table, options.LogsDirectory, options.MaxParallelism, progress, cancellationToken);
        var warnings = new List<string>();
        var corpus = Assemble(table, logs, options, warnings);
        if (options.OutputPath is { } output)
        {
            progress?.Report(new ImportProgress(ImportStage.Writing, 0, 1));
            corpus.WriteAsync(output, cancellationToken).GetAwaiter().GetResult();
            progress?.Report(new ImportProgress(ImportStage.Writing, 1, 1));
        }

        return new ImportResult(corpus, options.OutputPath, warnings, clock.Elapsed);
    }

    /// <summary>
    /// A MOS outside the scale the user stated is a wrong scale or a wrong row, not a score: rescaled it would land
    /// outside 0..100 and train the model towards it. Every such row is named; nothing is imported.
    /// </summary>
    internal static void CheckMosScale(ImportTable table, MosScale? scale)
    {
        if (scale is null || !table.HasMos)
        {
            return;
        }

        var problems = table.Rows
            .Where(r => r.Mos is { } m && (m < scale.Lo || m > scale.Hi))
            .Select(r => $"{r.Describe(table.Csv.Path)}: mos {r.Mos!.Value.ToString(CultureInfo.InvariantCulture)} lies outside --mos-scale {scale}")
            .ToArray();
        if (problems.Length > 0)
        {
            throw new CorpusImportException(
                $"the table {table.Csv.Path} has {problems.Length} MOS value(s) outside the scale {scale}; nothing was written", problems);
        }
    }

    /// <summary>
    /// Resolves and parses the log of every row, in parallel. Throws when any log is missing, named twice, or
    /// fails to parse, naming each.
    /// </summary>
    internal static ImportedLog[] LoadLogs(
        ImportTable table, string logsDirectory, int maxParallelism, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(logsDirectory))
        {
            throw new CorpusImportException($"the logs folder {logsDirectory} does not exist", [$"{logsDirectory}: no such folder"]);
        }

        var rows = table.Rows;
        var problems = new List<string>();
        var paths = new string?[rows.Count];
        var resolver = new LogResolver(logsDirectory);
        int outside = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            if (resolver.Refusal(rows[i].Log) is { } refusal)
            {
                problems.Add($"{rows[i].Describe(table.Csv.Path)}: {refusal}");
                outside++;
                continue;
            }

            var candidates = resolver.Candidates(rows[i].Distorted, rows[i].Log);
            paths[i] = resolver.Resolve(candidates);
            if (paths[i] is null)
            {
                problems.Add($"{rows[i].Describe(table.Csv.Path)}: no log; looked for {string.Join(", ", candidates.Select(Path.GetFileName))} in {logsDirectory}");
            }
            else if (!resolver.IsInside(paths[i]!))
            {
                problems.Add($"{rows[i].Describe(table.Csv.Path)}: log {paths[i]} resolves outside the logs folder {logsDirectory} (a symbolic link); it is not read");
                paths[i] = null;
                outside++;
            }
        }

        foreach (var group in Enumerable.Range(0, rows.Count)
                     .Where(i => paths[i] is not null)
                     .GroupBy(i => Path.GetFullPath(paths[i]!), StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            problems.Add($"{Path.GetFileName(table.Csv.Path)}: {Path.GetFileName(group.Key)} is the log of {group.Count()} rows ({string.Join(", ", group.Select(i => $"'{rows[i].Distorted}'"))}); each video needs its own log");
        }

        var logs = new ImportedLog?[rows.Count];
        var failures = new string?[rows.Count];
        int done = 0;
        progress?.Report(new ImportProgress(ImportStage.ReadingLogs, 0, rows.Count));
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
        };
        Parallel.For(0, rows.Count, parallel, i =>
        {
            if (paths[i] is { } path)
            {
                try
                {
                    logs[i] = ImportedLog.Read(path);
                }
                catch (InvalidDataException e)
                {
                    failures[i] = $"{rows[i].Describe(table.Csv.Path)}: {e.Message}";
                }
            }

            progress?.Report(new ImportProgress(ImportStage.ReadingLogs, Interlocked.Increment(ref done), rows.Count));
        });

        problems.AddRange(failures.OfType<string>());
        if (problems.Count > 0)
        {
            int missing = paths.Count(p => p is null) - outside;
            int broken = failures.Count(f => f is not null);
            throw new CorpusImportException(
                $"the import of {table.Csv.Path} stopped: {missing} missing log(s), {broken} log(s) that do not parse, {problems.Count - missing - broken} other problem(s); nothing was written",
                problems);
        }

        return logs!;
    }

    private static CorpusTable Assemble(ImportTable table, ImportedLog[] logs, ImportOptions options, List<string> warnings)
    {
        var rows = table.Rows;
        int total = logs.Sum(l => l.FrameCount);

        // A column exists only when every log has it: a value made up for the logs that lack it (zero, NaN)
        // would be read as a measurement by whoever trains on the corpus.
        var features = new List<string>();
        foreach (string name in FeatureNames.Full)
        {
            int having = logs.Count(l => l.Features.ContainsKey(name));
            if (having == logs.Length)
            {
                features.Add(name);
            }
            else if (having > 0)
            {
                warnings.Add($"feature '{name}' is in {having} of {logs.Length} logs, so the corpus leaves it out (lacking e.g. {Path.GetFileName(logs.First(l => !l.Features.ContainsKey(name)).Path)})");
            }
        }

        int withVmaf = logs.Count(l => l.Vmaf is not null);
        bool hasVmaf = withVmaf == logs.Length;
        if (!hasVmaf && withVmaf > 0)
        {
            warnings.Add($"'vmaf' is in {withVmaf} of {logs.Length} logs, so the corpus has no vmaf label");
        }

        if (features.Count == 0)
        {
            warnings.Add("no FULL_FEATURES name is in every log: the corpus has no feature columns");
        }

        if (options.MosScale is not null && !table.HasMos)
        {
            warnings.Add("a MOS scale was given but the table has no 'mos' column");
        }

        var unknown = rows.Where(r => r.Codec == UnknownCodec && r.CodecRaw.Length > 0 && !r.CodecRaw.Trim().Equals(UnknownCodec, StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => r.CodecRaw, StringComparer.Ordinal)
            .Select(g => $"'{g.Key}' ({g.Count()} videos)")
            .ToArray();
        if (unknown.Length > 0)
        {
            warnings.Add($"codec label(s) {string.Join(", ", unknown)} are not in the codec vocabulary and were mapped to 'unknown'");
        }

        string dataset = options.ResolveDataset();
        var sources = new string[total];
        var units = new string[total];
        var frames = new int[total];
        var codecs = new string[total];
        var codecRaw = new string[total];
        double[]? mos = table.HasMos ? new double[total] : null;
        double[]? vmaf = hasVmaf ? new double[total] : null;
        string?[]? encoders = table.HasEncoder ? new string?[total] : null;
        string?[]? presets = table.HasPreset ? new string?[total] : null;
        double[]? crf = table.HasCrf ? new double[total] : null;
        double[]? bitrate = table.HasBitrate ? new double[total] : null;
        var featureColumns = features.ToDictionary(n => n, _ => new double[total], StringComparer.Ordinal);
        int at = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var log = logs[i];
            int n = log.FrameCount;
            var span = new Range(at, at + n);
            sources.AsSpan(span).Fill(row.Source);
            units.AsSpan(span).Fill(row.Unit);
            codecs.AsSpan(span).Fill(row.Codec);
            codecRaw.AsSpan(span).Fill(row.CodecRaw);
            for (int f = 0; f < n; f++)
            {
                frames[at + f] = f;
            }

            if (mos is not null)
            {
                double value = row.Mos!.Value;
                mos.AsSpan(span).Fill(options.MosScale is { } s ? s.Rescale(value) : value);
            }

            if (vmaf is not null)
            {
                log.Vmaf!.CopyTo(vmaf.AsSpan(span));
            }

            encoders?.AsSpan(span).Fill(row.Encoder);
            presets?.AsSpan(span).Fill(row.Preset);
            crf?.AsSpan(span).Fill(row.Crf ?? double.NaN);
            bitrate?.AsSpan(span).Fill(row.BitrateKbps ?? double.NaN);
            foreach (var (name, column) in featureColumns)
            {
                log.Features[name].CopyTo(column.AsSpan(span));
            }

            at += n;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TableKey] = Path.GetFileName(table.Csv.Path),
            [CorpusColumns.DatasetKey] = dataset,
            [CodecVocabularyKey] = CodecVocabulary.Version.ToString(CultureInfo.InvariantCulture),
        };
        if (options.MosScale is { } used && table.HasMos)
        {
            metadata[MosScaleKey] = used.ToString();
        }

        return new CorpusTable(sources, units, frames, codecs, codecRaw, mos, vmaf, encoders, presets, crf, bitrate, featureColumns, metadata,
            Enumerable.Repeat(dataset, total).ToArray());
    }
}
