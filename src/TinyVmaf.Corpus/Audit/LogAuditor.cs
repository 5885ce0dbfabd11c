using System.Globalization;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Audit;

/// <summary>
/// <c>corpus audit</c>: looks for logs that are likely wrong before they are trained on. Real corpora have such
/// faults (a distorted stream decoded with a frame dropped, a log computed against the wrong reference), and a
/// model given a codec id learns them as if they were properties of the codec. The checks:
/// <list type="bullet">
/// <item><see cref="AuditCheck.FrameCount"/>: a log with fewer or more frames than the table says, or than most
/// logs of its source have.</item>
/// <item><see cref="AuditCheck.ReferenceMismatch"/>: libvmaf's motion features are computed from the reference
/// alone, so every log of one source must carry the same motion track; a log whose track strays from the
/// per-frame median of its source's logs was computed against a shifted or different reference.</item>
/// <item><see cref="AuditCheck.TwinCollapse"/>: a log whose per-frame vmaf (adm2 when it has no vmaf) falls far
/// below a twin's, i.e. a video of the same source and operating point made by another codec, on a sizeable
/// share of frames.</item>
/// <item><see cref="AuditCheck.NonFinite"/>, and logs that are missing or do not parse.</item>
/// </list>
/// The audit never changes anything; it lists findings with reasons for the user to judge.
/// </summary>
public static class LogAuditor
{
    private const string ScoreVmaf = "vmaf";

    private const string ScoreAdm2 = "adm2";

    /// <summary>Audits the logs of an import table (the same inputs as <c>corpus import</c>).</summary>
    public static AuditReport Audit(AuditOptions options, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var table = ImportTable.Read(options.TablePath);
        if (!Directory.Exists(options.LogsDirectory))
        {
            throw new CorpusImportException($"the logs folder {options.LogsDirectory} does not exist", [$"{options.LogsDirectory}: no such folder"]);
        }

        var findings = new List<AuditFinding>();
        var notes = new List<string>();
        var twinColumns = options.TwinColumns.Where(table.Csv.HasColumn).ToArray();
        if (twinColumns.Length == 0)
        {
            notes.Add($"the table has none of the twin columns ({string.Join(", ", options.TwinColumns)}): no twin check");
        }

        int framesColumn = table.Csv.ColumnIndex("frames");
        var rows = table.Rows;
        var units = new AuditUnit?[rows.Count];
        var rowFindings = new AuditFinding?[rows.Count];
        int done = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount,
        };
        var resolver = new LogResolver(options.LogsDirectory);
        progress?.Report(new ImportProgress(ImportStage.Auditing, 0, rows.Count));
        Parallel.For(0, rows.Count, parallel, i =>
        {
            var row = rows[i];
            var candidates = resolver.Candidates(row.Distorted, row.Log);
            string? path = resolver.Resolve(candidates);
            if (path is null)
            {
                rowFindings[i] = new AuditFinding(row.Unit, row.Source, row.Codec, null, AuditCheck.MissingLog,
                    $"no log; looked for {string.Join(", ", candidates.Select(Path.GetFileName))}", 0);
            }
            else
            {
                try
                {
                    var log = ImportedLog.Read(path);
                    string? twinKey = twinColumns.Length == 0
                        ? null
                        : string.Join("|", twinColumns.Select(c => $"{c}={row.Raw.Get(table.Csv.ColumnIndex(c))}"));
                    int? expected = row.Raw.Get(framesColumn) is { } text
                        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int frames) ? frames : null;
                    units[i] = AuditUnit.From(row.Unit, row.Source, row.Codec, path, twinKey, expected, log.FrameCount, log.Vmaf, log.Features);
                }
                catch (InvalidDataException e)
                {
                    rowFindings[i] = new AuditFinding(row.Unit, row.Source, row.Codec, path, AuditCheck.UnreadableLog, e.Message, 0);
                }
            }

            progress?.Report(new ImportProgress(ImportStage.Auditing, Interlocked.Increment(ref done), rows.Count));
        });

        findings.AddRange(rowFindings.OfType<AuditFinding>());
        var audited = units.OfType<AuditUnit>().ToArray();
        findings.AddRange(Check(audited, options.Thresholds, notes));
        return new AuditReport(audited.Length, Order(findings, rows.Select(r => r.Unit).ToArray()), notes);
    }

    /// <summary>
    /// Audits an imported corpus. Twins are paired on <c>source</c> and <c>bitrate_kbps</c> only (a corpus keeps no
    /// resolution), so on ladders that reuse a bitrate at several resolutions the table audit is the sharper one.
    /// </summary>
    public static AuditReport Audit(CorpusTable corpus, AuditThresholds? thresholds = null)
    {
        var notes = new List<string>();
        if (corpus.BitrateKbps is null)
        {
            notes.Add("the corpus has no bitrate_kbps column: no twin check");
        }

        var units = new List<AuditUnit>();
        int start = 0;
        while (start < corpus.RowCount)
        {
            int end = start + 1;
            while (end < corpus.RowCount && corpus.Units[end] == corpus.Units[start])
            {
                end++;
            }

            var features = corpus.FeatureNames.ToDictionary(n => n, n => corpus.Feature(n)[start..end].ToArray(), StringComparer.Ordinal);
            double[]? vmaf = corpus.Vmaf is { } v ? Enumerable.Range(start, end - start).Select(r => v[r]).ToArray() : null;
            string? twinKey = corpus.BitrateKbps is { } b && !double.IsNaN(b[start])
                ? "bitrate_kbps=" + b[start].ToString("R", CultureInfo.InvariantCulture)
                : null;
            units.Add(AuditUnit.From(corpus.Units[start], corpus.Sources[start], corpus.Codecs[start], null, twinKey, null, end - start, vmaf, features));
            start = end;
        }

        var findings = Check(units, thresholds ?? new AuditThresholds(), notes);
        return new AuditReport(units.Count, Order(findings, units.Select(u => u.Unit).ToArray()), notes);
    }

    private static List<AuditFinding> Order(List<AuditFinding> findings, string[] unitOrder)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < unitOrder.Length; i++)
        {
            rank.TryAdd(unitOrder[i], i);
        }

        return findings.OrderBy(f => rank.GetValueOrDefault(f.Unit, int.MaxValue)).ThenBy(f => f.Check).ToList();
    }

    private static List<AuditFinding> Check(IReadOnlyList<AuditUnit> units, AuditThresholds thresholds, List<string> notes)
    {
        var findings = new List<AuditFinding>();
        foreach (var unit in units)
        {
            if (unit.NonFinite.Count > 0)
            {
                findings.Add(unit.Finding(AuditCheck.NonFinite,
                    "not a number on some frames: " + string.Join(", ", unit.NonFinite.Select(kv => $"{kv.Key} ({kv.Value} frames)")),
                    unit.NonFinite.Values.Max()));
            }

            if (unit.ExpectedFrames is { } expected && expected != unit.FrameCount)
            {
                findings.Add(unit.Finding(AuditCheck.FrameCount, $"{unit.FrameCount} frames where the table says {expected}", unit.FrameCount));
            }
        }

        foreach (var source in units.GroupBy(u => u.Source, StringComparer.Ordinal))
        {
            var logs = source.ToArray();
            CheckFrameCounts(logs, findings);
            CheckReference(source.Key, logs, thresholds, findings, notes);
        }

        CheckTwins(units, thresholds, findings);
        return findings;
    }

    private static void CheckFrameCounts(AuditUnit[] logs, List<AuditFinding> findings)
    {
        var counts = logs.GroupBy(u => u.FrameCount).OrderByDescending(g => g.Count()).ToArray();
        // Only a clear majority defines what the source's length is; with a tie there is no telling which is off.
        if (counts.Length < 2 || counts[0].Count() * 2 <= logs.Length)
        {
            return;
        }

        int usual = counts[0].Key;
        foreach (var unit in logs.Where(u => u.FrameCount != usual))
        {
            findings.Add(unit.Finding(AuditCheck.FrameCount,
                $"{unit.FrameCount} frames where {counts[0].Count()} of the {logs.Length} logs of source '{unit.Source}' have {usual}",
                unit.FrameCount));
        }
    }

    private static void CheckReference(string source, AuditUnit[] logs, AuditThresholds thresholds, List<AuditFinding> findings, List<string> notes)
    {
        // motion before motion2: motion2 is a running minimum of motion and hides a one-frame shift half the time.
        string? feature = new[] { "motion", "motion2" }.FirstOrDefault(f => logs.Count(u => u.Features.ContainsKey(f)) >= thresholds.MinimumConsensusLogs);
        if (feature is null)
        {
            return;
        }

        var group = logs.Where(u => u.Features.ContainsKey(feature)).ToArray();
        int length = group.Max(u => u.FrameCount);
        var consensus = new double[length];
        var column = new List<double>(group.Length);
        for (int f = 0; f < length; f++)
        {
            column.Clear();
            foreach (var unit in group)
            {
                if (f < unit.FrameCount && double.IsFinite(unit.Features[feature][f]))
                {
                    column.Add(unit.Features[feature][f]);
                }
            }

            consensus[f] = column.Count > 0 ? Median(column) : double.NaN;
        }

        var disagreement = group.Select(u =>
        {
            var track = u.Features[feature];
            int compared = 0, off = 0, first = -1;
            double worst = 0;
            for (int f = 0; f < u.FrameCount; f++)
            {
                double c = consensus[f];
                if (!double.IsFinite(c) || !double.IsFinite(track[f]))
                {
                    continue;
                }

                compared++;
                double delta = Math.Abs(track[f] - c);
                worst = Math.Max(worst, delta);
                if (delta > thresholds.ReferenceTolerance * Math.Max(1.0, Math.Abs(c)))
                {
                    off++;
                    if (first < 0)
                    {
                        first = f;
                    }
                }
            }

            return (Unit: u, Share: compared > 0 ? (double)off / compared : 0, First: first, Worst: worst);
        }).ToArray();
        int agreeing = disagreement.Count(d => d.Share <= thresholds.ReferenceShare);
        if (agreeing * 2 <= group.Length)
        {
            notes.Add($"source '{source}': only {agreeing} of {group.Length} logs agree on '{feature}', so there is no consensus to check against (logs computed at different resolutions, or from different references)");
            return;
        }

        foreach (var d in disagreement.Where(d => d.Share > thresholds.ReferenceShare))
        {
            findings.Add(d.Unit.Finding(AuditCheck.ReferenceMismatch, string.Create(CultureInfo.InvariantCulture,
                $"'{feature}', computed from the reference alone, differs from the median of the source's {group.Length} logs on {d.Share:P0} of frames (first at frame {d.First}, at most by {d.Worst:G3}); {agreeing} logs agree with each other: this log was likely computed against a shifted or different reference"),
                d.Share));
        }
    }

    private static void CheckTwins(IReadOnlyList<AuditUnit> units, AuditThresholds thresholds, List<AuditFinding> findings)
    {
        foreach (var twins in units.Where(u => u.TwinKey is not null).GroupBy(u => (u.Source, u.TwinKey), EqualityComparer<(string, string?)>.Default))
        {
            var group = twins.ToArray();
            foreach (var unit in group)
            {
                // Judged against the twin it agrees with best: a codec that is simply less efficient than one twin
                // (HEVC beside AV1 at a low bitrate) still tracks another, while a log that compares the wrong
                // pictures falls below all of them.
                (AuditUnit Twin, string Score, double Share, int First)? closest = null;
                foreach (var twin in group.Where(t => t.Codec != unit.Codec))
                {
                    string? score = unit.Vmaf is not null && twin.Vmaf is not null ? ScoreVmaf
                        : unit.Features.ContainsKey(ScoreAdm2) && twin.Features.ContainsKey(ScoreAdm2) ? ScoreAdm2 : null;
                    if (score is null)
                    {
                        continue;
                    }

                    double gap = score == ScoreVmaf ? thresholds.VmafGap : thresholds.Adm2Gap;
                    double[] mine = unit.Score(score)!;
                    double[] theirs = twin.Score(score)!;
                    int n = Math.Min(mine.Length, theirs.Length);
                    int below = 0, first = -1;
                    for (int f = 0; f < n; f++)
                    {
                        if (theirs[f] - mine[f] > gap)
                        {
                            below++;
                            if (first < 0)
                            {
                                first = f;
                            }
                        }
                    }

                    double share = n > 0 ? (double)below / n : 0;
                    if (closest is null || share < closest.Value.Share)
                    {
                        closest = (twin, score, share, first);
                    }
                }

                if (closest is { } w && w.Share >= thresholds.CollapseShare)
                {
                    double gap = w.Score == ScoreVmaf ? thresholds.VmafGap : thresholds.Adm2Gap;
                    findings.Add(unit.Finding(AuditCheck.TwinCollapse, string.Create(CultureInfo.InvariantCulture,
                        $"{w.Score} is more than {gap:G3} below each of its twins (same source and {unit.TwinKey}, other codec) on at least {w.Share:P0} of frames; closest twin '{w.Twin.Unit}' ({w.Twin.Codec}), first gap at frame {w.First}"),
                        w.Share));
                }
            }
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    /// <summary>One log as the checks see it.</summary>
    private sealed record AuditUnit(
        string Unit,
        string Source,
        string Codec,
        string? Log,
        string? TwinKey,
        int? ExpectedFrames,
        int FrameCount,
        double[]? Vmaf,
        IReadOnlyDictionary<string, double[]> Features,
        IReadOnlyDictionary<string, int> NonFinite)
    {
        public static AuditUnit From(
            string unit, string source, string codec, string? log, string? twinKey, int? expectedFrames, int frameCount,
            double[]? vmaf, IReadOnlyDictionary<string, double[]> features)
        {
            var nonFinite = new Dictionary<string, int>(StringComparer.Ordinal);
            void Count(string name, double[] values)
            {
                int bad = values.Count(v => !double.IsFinite(v));
                if (bad > 0)
                {
                    nonFinite[name] = bad;
                }
            }

            foreach (var (name, values) in features)
            {
                Count(name, values);
            }

            if (vmaf is not null)
            {
                Count(ScoreVmaf, vmaf);
            }

            return new AuditUnit(unit, source, codec, log, twinKey, expectedFrames, frameCount, vmaf, features, nonFinite);
        }

        public double[]? Score(string name) => name == ScoreVmaf ? Vmaf : Features.GetValueOrDefault(name);

        public AuditFinding Finding(AuditCheck check, string reason, double measure) =>
            new(Unit, Source, Codec, Log, check, reason, measure);
    }
}
