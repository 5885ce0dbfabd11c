using System.Diagnostics;
using System.Globalization;
using System.Text;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;
using TinyVmaf.Model.Teacher;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// Runs a <see cref="BuildPlan"/>: each pair (of this shard) is taken from the per-pair cache or measured (encoded,
/// decoded, extracted natively) and cached, several at once; then the rows are assembled in (source, unit, frame)
/// order and written atomically. A failed pair stops the build, naming it, unless <see cref="BuildOptions.KeepGoing"/>
/// records it in the failures file; either way the pairs that finished stay cached, so the next run resumes.
/// </summary>
public static class CorpusBuilder
{
    /// <summary>Metadata key: the requested features, comma-separated.</summary>
    public const string FeaturesKey = "tinyvmaf.features";

    /// <summary>Metadata key: the teacher model's file name, when the <c>vmaf</c> label is its score.</summary>
    public const string TeacherKey = "tinyvmaf.teacher";

    /// <summary>Metadata key: <c>I/N</c> on a shard's output; <see cref="CorpusMerger"/> drops it.</summary>
    public const string ShardKey = "tinyvmaf.shard";

    /// <summary>Metadata key: what built the corpus (<c>corpus build</c>, <c>corpus konvid</c>, …).</summary>
    public const string BuiltByKey = "tinyvmaf.built_by";

    private const string ScratchPrefix = "tinyvmaf-build-";

    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    public static BuildResult Build(BuildPlan plan, BuildOptions options, IProgress<BuildProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var features = FeatureSet.Parse(string.Join(',', options.Features));
        var extract = features.Concat(options.Teacher is { } teacher ? TeacherFeatures(teacher) : []).Distinct(StringComparer.Ordinal).ToArray();

        // Refuses an unknown or unimplemented feature before any pair is encoded.
        ExtractorRegistry.Resolve(extract);

        var pairs = options.Shard.Select(plan.Pairs);
        var failures = new PairFailure?[pairs.Count];
        var missing = MissingInputs(pairs);
        if (missing.Count > 0 && !options.KeepGoing)
        {
            throw new CorpusBuildException(
                $"{missing.Count} pair(s) name input files that do not exist; nothing was built",
                missing.Select(m => $"{pairs[m.Index].Unit}: {m.Problem}").ToArray());
        }

        foreach (var (index, problem) in missing)
        {
            failures[index] = Failure(pairs[index], problem);
        }

        var cache = new PairCache(options.ResolveCacheDirectory(), FfmpegEncoder.Version);
        Directory.CreateDirectory(cache.Directory);
        RemoveOrphans(cache.Directory, options.OutputPath, options.EncodesDirectory);
        string scratch = Path.Combine(Path.GetTempPath(), $"{ScratchPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        if (options.EncodesDirectory is { } encodes)
        {
            Directory.CreateDirectory(encodes);
        }

        int jobs = Math.Max(1, options.Jobs);
        int threads = options.ThreadsPerPair > 0 ? options.ThreadsPerPair : Math.Max(1, Environment.ProcessorCount / jobs);
        var runner = new PairRunner(extract, threads, options.Kernels, scratch, options.EncodesDirectory);
        var outcomes = new Outcome?[pairs.Count];
        var counter = new Counter(pairs.Count, failures.Count(f => f is not null), progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        PairFailure? stoppedBy = null;
        counter.Report();
        try
        {
            Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = stop.Token }, i =>
            {
                if (failures[i] is not null)
                {
                    return;
                }

                var pair = pairs[i];
                try
                {
                    string key = cache.KeyOf(pair);
                    var measurement = cache.TryRead(key, extract);
                    bool cached = measurement is not null && (runner.KeptEncodePath(pair) is not { } kept || File.Exists(kept));
                    if (!cached)
                    {
                        measurement = runner.Measure(pair, key, counter.FramesOf(), stop.Token);
                        cache.Write(key, pair.Unit, measurement);
                    }

                    outcomes[i] = new Outcome(measurement!, options.Teacher is { } t ? Score(t, measurement!) : null);
                    counter.Finished(cached);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    // Stopped from outside or by another pair's failure; what this pair threw on the way is a consequence.
                }
                catch (Exception e) when (IsPairFailure(e))
                {
                    failures[i] = Failure(pair, Reason(e));
                    counter.Failed();
                    if (!options.KeepGoing)
                    {
                        Interlocked.CompareExchange(ref stoppedBy, failures[i], null);
                        stop.Cancel();
                    }
                }
            });
        }
        catch (OperationCanceledException) when (stoppedBy is not null && !cancel.IsCancellationRequested)
        {
            // Reported below, with the pair that stopped the build.
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        finally
        {
            TryDeleteDirectory(scratch);
        }

        if (stoppedBy is not null)
        {
            int done = outcomes.Count(o => o is not null);
            throw new CorpusBuildException(
                $"the build stopped at a failed pair ({done} finished pair(s) are cached; run again to resume, or add --keep-going to record failures and go on); nothing was written",
                [$"{stoppedBy.Unit}: {stoppedBy.Reason}"]);
        }

        var failed = failures.OfType<PairFailure>().ToArray();
        var warnings = new List<string>();
        var unrated = Enumerable.Range(0, pairs.Count)
            .Where(i => outcomes[i] is { } o && pairs[i].BitrateKbps is null && pairs[i].Encode is not null && double.IsNaN(o.Measurement.BitrateKbps))
            .Select(i => pairs[i].Reference.Path)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (unrated.Length > 0)
        {
            warnings.Add($"no frame rate is known for {string.Join(", ", unrated)} (raw YUV: give --fps), so the bitrate of its encodes is left empty");
        }

        string? failuresPath = options.KeepGoing ? options.ResolveFailuresPath() : null;
        if (failuresPath is not null)
        {
            if (failed.Length > 0)
            {
                WriteFailures(failuresPath, failed);
            }
            else if (File.Exists(failuresPath))
            {
                // A stale list from an earlier run would name failures this run no longer has.
                File.Delete(failuresPath);
            }
        }

        var table = Assemble(plan, options, features, pairs, outcomes);
        if (options.OutputPath is { } output)
        {
            table.WriteAsync(output, cancel).GetAwaiter().GetResult();
        }

        return new BuildResult(
            table, pairs.Count, counter.Computed, counter.Cached, failed, warnings, options.OutputPath,
            failed.Length > 0 ? failuresPath : null, clock.Elapsed);
    }

    /// <summary>The FULL_FEATURES names a libvmaf model reads; a model needing a feature tinyvmaf lacks is refused.</summary>
    internal static IEnumerable<string> TeacherFeatures(VmafModel model) =>
        model.FeatureKeys.Select(key => FeatureNames.FromLibvmafKey(key)
            ?? throw new NotSupportedException($"{model.Path}: the model needs '{key}', which tinyvmaf does not compute"));

    private static double[] Score(VmafModel teacher, PairMeasurement measurement) =>
        teacher.PredictFrames(key => measurement.Features[FeatureNames.FromLibvmafKey(key)!]);

    private static CorpusTable Assemble(BuildPlan plan, BuildOptions options, IReadOnlyList<string> features, IReadOnlyList<CorpusPair> pairs, Outcome?[] outcomes)
    {
        var done = Enumerable.Range(0, pairs.Count)
            .Where(i => outcomes[i] is not null)
            .OrderBy(i => pairs[i].Source, StringComparer.Ordinal)
            .ThenBy(i => pairs[i].Unit, StringComparer.Ordinal)
            .ToArray();
        int total = done.Sum(i => outcomes[i]!.Measurement.Frames);

        // Which columns exist is decided by the whole plan, not this shard's part of it, so that shards merge.
        bool encodes = plan.Pairs.Any(p => p.Encode is not null);
        bool bitrates = encodes || plan.Pairs.Any(p => p.BitrateKbps is not null);
        var sources = new string[total];
        var units = new string[total];
        var frames = new int[total];
        var codecs = new string[total];
        var codecRaw = new string[total];
        double[]? mos = plan.HasMos ? new double[total] : null;
        double[]? vmaf = options.Teacher is not null ? new double[total] : null;
        string?[]? encoders = encodes ? new string?[total] : null;
        string?[]? presets = encodes ? new string?[total] : null;
        double[]? crf = encodes ? new double[total] : null;
        double[]? bitrate = bitrates ? new double[total] : null;
        var columns = features.ToDictionary(f => f, _ => new double[total], StringComparer.Ordinal);
        int at = 0;
        foreach (int i in done)
        {
            var pair = pairs[i];
            var (measurement, scores) = outcomes[i]!;
            int n = measurement.Frames;
            var span = new Range(at, at + n);
            sources.AsSpan(span).Fill(pair.Source);
            units.AsSpan(span).Fill(pair.Unit);
            codecs.AsSpan(span).Fill(pair.Codec);
            codecRaw.AsSpan(span).Fill(pair.CodecRaw);
            for (int f = 0; f < n; f++)
            {
                frames[at + f] = f;
            }

            mos?.AsSpan(span).Fill(pair.Mos!.Value);
            scores?.CopyTo(vmaf!.AsSpan(span));
            encoders?.AsSpan(span).Fill(pair.Encode?.Encoder.Name);
            presets?.AsSpan(span).Fill(pair.Encode?.Preset);
            crf?.AsSpan(span).Fill(pair.Encode?.Crf ?? double.NaN);
            bitrate?.AsSpan(span).Fill(pair.BitrateKbps ?? measurement.BitrateKbps);
            foreach (var (name, column) in columns)
            {
                measurement.Features[name].CopyTo(column.AsSpan(span));
            }

            at += n;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CorpusImporter.CodecVocabularyKey] = CodecVocabulary.Version.ToString(CultureInfo.InvariantCulture),
            [FeaturesKey] = string.Join(",", features),
        };
        foreach (var (key, value) in plan.Metadata.Concat(options.Metadata ?? new Dictionary<string, string>()))
        {
            metadata[key] = value;
        }

        if (options.Teacher is { } teacher)
        {
            metadata[TeacherKey] = Path.GetFileName(teacher.Path);
        }

        if (!options.Shard.IsWhole)
        {
            metadata[ShardKey] = options.Shard.ToString();
        }

        return new CorpusTable(sources, units, frames, codecs, codecRaw, mos, vmaf, encoders, presets, crf, bitrate, columns, metadata);
    }

    private static List<(int Index, string Problem)> MissingInputs(IReadOnlyList<CorpusPair> pairs)
    {
        var missing = new List<(int, string)>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var names = new[] { pairs[i].Reference, pairs[i].Distorted }.OfType<VideoInput>().Where(v => !File.Exists(v.Path)).Select(v => v.Path).ToArray();
            if (names.Length > 0)
            {
                missing.Add((i, string.Join("; ", names.Select(n => $"{n}: file not found"))));
            }
        }

        return missing;
    }

    /// <summary>What a bad input or a failed encode throws; anything else is a bug and stops the build with its stack.</summary>
    private static bool IsPairFailure(Exception e) =>
        e is VideoInputException or InvalidDataException or IOException or UnauthorizedAccessException
            or (ArgumentException and not ArgumentNullException and not ArgumentOutOfRangeException);

    private static string Reason(Exception e) => e.Message.ReplaceLineEndings(" ");

    private static PairFailure Failure(CorpusPair pair, string reason) =>
        new(pair.Unit, pair.Source, pair.Reference.Path, pair.DistortedDescription, reason);

    private static void WriteFailures(string path, IReadOnlyList<PairFailure> failures)
    {
        static string Field(string value) => value.Replace('\t', ' ').ReplaceLineEndings(" ");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.WriteLine("unit\tsource\treference\tdistorted\treason");
            foreach (var f in failures)
            {
                writer.WriteLine(string.Join('\t', Field(f.Unit), Field(f.Source), Field(f.Reference), Field(f.Distorted), Field(f.Reason)));
            }
        });
    }

    /// <summary>
    /// A build killed part-way (SIGKILL, a power cut) leaves what it was writing: temporary cache entries, a temporary
    /// corpus, a half-written kept encode, a scratch folder of encodes. The next build removes those whose process is
    /// gone. The age spares the
    /// files of a build on another machine sharing the folder, whose process id means nothing here.
    /// </summary>
    private static void RemoveOrphans(string cacheDirectory, string? output, string? encodes)
    {
        AtomicFile.RemoveOrphans(cacheDirectory, fileName: null, OrphanAge);
        if (output is not null)
        {
            string full = Path.GetFullPath(output);
            AtomicFile.RemoveOrphans(Path.GetDirectoryName(full)!, Path.GetFileName(full), OrphanAge);
        }

        try
        {
            // A kept encode is written as .<key>.<pid>.<guid><ext> beside the kept ones, then renamed (PairRunner).
            foreach (string file in encodes is not null && Directory.Exists(encodes) ? Directory.EnumerateFiles(encodes, ".*") : [])
            {
                string[] parts = Path.GetFileNameWithoutExtension(file).Split('.');
                if (parts.Length == 4 && parts[0].Length == 0 && parts[1].Length == 32 && parts[3].Length == 32
                    && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int writer)
                    && writer != Environment.ProcessId && !AtomicFile.IsRunning(writer)
                    && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) >= OrphanAge)
                {
                    File.Delete(file);
                }
            }

            foreach (string folder in Directory.EnumerateDirectories(Path.GetTempPath(), ScratchPrefix + "*"))
            {
                string[] parts = Path.GetFileName(folder)[ScratchPrefix.Length..].Split('-');
                if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && pid != Environment.ProcessId && !AtomicFile.IsRunning(pid)
                    && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) >= OrphanAge)
                {
                    TryDeleteDirectory(folder);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Outcome(PairMeasurement Measurement, double[]? Scores);

    /// <summary>Counts pairs and frames from every worker and tells the caller's progress after each change.</summary>
    private sealed class Counter(int total, int failed, IProgress<BuildProgress>? progress)
    {
        private int _computed;
        private int _cached;
        private int _failed = failed;
        private long _frames;

        public int Computed => Volatile.Read(ref _computed);

        public int Cached => Volatile.Read(ref _cached);

        public void Finished(bool cached)
        {
            if (cached)
            {
                Interlocked.Increment(ref _cached);
            }
            else
            {
                Interlocked.Increment(ref _computed);
            }

            Report();
        }

        public void Failed()
        {
            Interlocked.Increment(ref _failed);
            Report();
        }

        /// <summary>A per-pair frame counter: the pipeline reports a running count for its pair; the build adds the steps.</summary>
        public IProgress<int>? FramesOf() => progress is null ? null : new PairFrames(this);

        public void Report()
        {
            if (progress is null)
            {
                return;
            }

            int computed = Computed, cached = Cached, failedNow = Volatile.Read(ref _failed);
            progress.Report(new BuildProgress(computed + cached + failedNow, total, computed, cached, failedNow, Interlocked.Read(ref _frames)));
        }

        private sealed class PairFrames(Counter counter) : IProgress<int>
        {
            private int _last;

            public void Report(int value)
            {
                // Workers may report their running counts out of order; only a count above the highest seen adds frames.
                int last;
                do
                {
                    last = Volatile.Read(ref _last);
                    if (value <= last)
                    {
                        return;
                    }
                }
                while (Interlocked.CompareExchange(ref _last, value, last) != last);

                Interlocked.Add(ref counter._frames, value - last);
                counter.Report();
            }
        }
    }
}
