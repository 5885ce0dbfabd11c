using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Extraction;

/// <summary>What to extract and how.</summary>
public sealed record ExtractionOptions
{
    /// <summary>FULL_FEATURES names to compute.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>
    /// libvmaf extractor instances to run besides (e.g. what a libvmaf model needs), each once. A key that a
    /// FULL_FEATURES extractor of <see cref="Features"/> already writes is left to it.
    /// </summary>
    public IReadOnlyList<ExtractorRequest> Extractors { get; init; } = [];

    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Threads { get; init; }

    public KernelPath Kernels { get; init; } = KernelPath.Auto;

    /// <summary>
    /// Compute the spatial features of every Nth frame only (libvmaf's <c>--subsample</c>). Temporal
    /// features still see every frame, so motion stays exact; keep rows with <see cref="FeatureTable.Subsample"/>.
    /// </summary>
    public int Subsample { get; init; } = 1;

    /// <summary>
    /// End when either clip ends (as libvmaf does once frames were skipped), instead of refusing clips of
    /// different lengths.
    /// </summary>
    public bool StopAtShorter { get; init; }

    /// <summary>Told the number of frame pairs read so far.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>
/// Reads frame pairs from two sources and runs the extractors that a feature set needs, each once. On one thread,
/// each source is read ahead on a thread of its own (<see cref="FrameReadAhead"/>), so parsing or decoding
/// overlaps the measurement. On more, every thread measures whole pairs with its own extractor instances, taking
/// turns to read the next pair and run the temporal extractors (motion) on it in frame order; a source with a
/// decoder behind it is still read ahead. Frame buffers are recycled, so nothing is allocated per frame.
/// </summary>
public static class FeaturePipeline
{
    public static FeatureTable Run(IFrameSource reference, IFrameSource distorted, ExtractionOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        CheckCompatible(reference, distorted);

        var descriptors = Descriptors(options);
        var table = new FeatureTable(descriptors.SelectMany(d => d.Keys));
        var context = new ExtractorContext(reference.Format, options.Kernels);
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;

        var temporal = descriptors.Where(d => d.IsTemporal).Select(d => d.Create(context)).ToArray();
        var spatial = descriptors.Where(d => !d.IsTemporal).ToArray();
        // Nothing looks at chroma (vmaf_v0.6.1's adm, vif and motion): the sources may leave it unread.
        using var lumaOnly = ChromaSkip.When(descriptors.All(d => d.LumaOnly), reference, distorted);
        try
        {
            if (threads == 1 || spatial.Length == 0)
            {
                RunSequential(reference, distorted, temporal, spatial, context, table, options, cancel);
            }
            else
            {
                RunParallel(reference, distorted, temporal, spatial, context, threads, table, options, cancel);
            }

            foreach (var extractor in temporal)
            {
                extractor.Flush(new Sink(table));
            }
        }
        finally
        {
            foreach (var extractor in temporal)
            {
                extractor.Dispose();
            }
        }

        return table;
    }

    /// <summary>
    /// The extractors to run: those of the FULL_FEATURES names, then each distinct requested instance, less the
    /// keys already written by an earlier one (an instance with none left is not run).
    /// </summary>
    internal static IReadOnlyList<ExtractorDescriptor> Descriptors(ExtractionOptions options)
    {
        var descriptors = options.Features.Count > 0 ? ExtractorRegistry.Resolve(options.Features).ToList() : [];
        var keys = descriptors.SelectMany(d => d.Keys).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in options.Extractors)
        {
            if (!ids.Add(request.Id))
            {
                continue;
            }

            var descriptor = LibvmafExtractors.Instantiate(request);
            var fresh = descriptor.Keys.Where(k => !keys.Contains(k)).ToHashSet(StringComparer.Ordinal);
            if (fresh.Count == 0)
            {
                continue;
            }

            descriptors.Add(fresh.Count == descriptor.Keys.Count ? descriptor : LibvmafExtractors.Only(descriptor, fresh));
            keys.UnionWith(fresh);
        }

        if (descriptors.Count == 0)
        {
            throw new ArgumentException("nothing to extract: no feature names and no extractor instances were given");
        }

        return descriptors;
    }

    /// <summary>Refuses a pair libvmaf would refuse: different size, chroma layout or bit depth.</summary>
    public static void CheckCompatible(IFrameSource reference, IFrameSource distorted)
    {
        var r = reference.Format;
        var d = distorted.Format;
        if (r.Width != d.Width || r.Height != d.Height)
        {
            throw new VideoInputException(distorted.Path, $"size {d.Width}x{d.Height} differs from the reference's {r.Width}x{r.Height} ({reference.Path})");
        }

        if (r.Chroma != d.Chroma)
        {
            throw new VideoInputException(distorted.Path, $"pixel format {d.PixelFormatName} differs from the reference's {r.PixelFormatName} ({reference.Path})");
        }

        if (r.BitDepth != d.BitDepth)
        {
            throw new VideoInputException(distorted.Path, $"bit depth {d.BitDepth} differs from the reference's {r.BitDepth} ({reference.Path})");
        }
    }

    private static void RunSequential(
        IFrameSource reference, IFrameSource distorted, IFeatureExtractor[] temporal, ExtractorDescriptor[] spatial,
        ExtractorContext context, FeatureTable table, ExtractionOptions options, CancellationToken cancel)
    {
        var extractors = spatial.Select(d => d.Create(context)).ToArray();
        try
        {
            var sink = new Sink(table);
            using var referenceAhead = new FrameReadAhead(reference, ReadAheadDepth);
            using var distortedAhead = new FrameReadAhead(distorted, ReadAheadDepth);
            for (int index = 0; NextPair(referenceAhead, distortedAhead, reference, distorted, index, options.StopAtShorter, cancel) is { } current; index++)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (var extractor in temporal)
                {
                    extractor.Extract(current, sink);
                }

                if (IsSampled(index, options))
                {
                    foreach (var extractor in extractors)
                    {
                        extractor.Extract(current, sink);
                    }
                }

                referenceAhead.Return(current.Reference);
                distortedAhead.Return(current.Distorted);
                options.Progress?.Report(index + 1);
            }

            foreach (var extractor in extractors)
            {
                extractor.Flush(sink);
            }
        }
        finally
        {
            foreach (var extractor in extractors)
            {
                extractor.Dispose();
            }
        }
    }

    /// <summary>
    /// Every thread measures: in turn, under one lock, a thread takes the next pair from the feeds and runs the
    /// temporal extractors on it (so they see frames in order), then measures it alone with its own spatial
    /// extractors. Stored frames are read by these threads themselves (<see cref="FrameFeed"/>): no thread waits
    /// for another to hand it a frame, and only the frames being measured are held.
    /// </summary>
    private static void RunParallel(
        IFrameSource reference, IFrameSource distorted, IFeatureExtractor[] temporal, ExtractorDescriptor[] spatial,
        ExtractorContext context, int threads, FeatureTable table, ExtractionOptions options, CancellationToken cancel)
    {
        // A read-ahead (a decoder's pipe) holds what each thread measures plus what it has read ahead.
        using var referenceFeed = FrameFeed.For(reference, threads + ReadAheadDepth);
        using var distortedFeed = FrameFeed.For(distorted, threads + ReadAheadDepth);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var turn = new Lock();
        int next = 0;
        bool ended = false;

        void Measure()
        {
            var sink = new Sink(table);
            var extractors = spatial.Select(d => d.Create(context)).ToArray();
            try
            {
                while (true)
                {
                    FramePair pair;
                    lock (turn)
                    {
                        if (ended || failed.IsCancellationRequested)
                        {
                            break;
                        }

                        if (NextPair(referenceFeed, distortedFeed, reference, distorted, next, options.StopAtShorter, failed.Token) is not { } read)
                        {
                            ended = true;
                            break;
                        }

                        pair = read;
                        next++;
                        foreach (var extractor in temporal)
                        {
                            extractor.Extract(pair, sink);
                        }

                        options.Progress?.Report(pair.Index + 1);
                    }

                    if (IsSampled(pair.Index, options))
                    {
                        foreach (var extractor in extractors)
                        {
                            extractor.Extract(pair, sink);
                        }
                    }

                    referenceFeed.Return(pair.Reference);
                    distortedFeed.Return(pair.Distorted);
                }

                // Only a thread that reached the end flushes: one that stopped for another's failure leaves it.
                if (!failed.IsCancellationRequested)
                {
                    foreach (var extractor in extractors)
                    {
                        extractor.Flush(sink);
                    }
                }
            }
            catch
            {
                failed.Cancel();
                throw;
            }
            finally
            {
                foreach (var extractor in extractors)
                {
                    extractor.Dispose();
                }
            }
        }

        // Threads of their own (they block on reads and the turn, which the thread pool should not absorb); the
        // calling thread is one of them.
        var others = Enumerable.Range(0, threads - 1)
            .Select(_ => Task.Factory.StartNew(Measure, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        var errors = new List<Exception>();
        try
        {
            Measure();
        }
        catch (Exception e)
        {
            errors.Add(e);
        }

        foreach (var other in others)
        {
            try
            {
                other.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        cancel.ThrowIfCancellationRequested();
        if (errors.Count > 0)
        {
            var first = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    private static bool IsSampled(int index, ExtractionOptions options) => index % Math.Max(1, options.Subsample) == 0;

    /// <summary>Frames each source may be read ahead of the one being measured.</summary>
    private const int ReadAheadDepth = 3;

    /// <summary>
    /// The next pair; null when both sources end together (or either ends, with <paramref name="stopAtShorter"/>),
    /// an error when only one does.
    /// </summary>
    private static FramePair? NextPair(
        IFrameFeed referenceAhead, IFrameFeed distortedAhead, IFrameSource reference, IFrameSource distorted, int index,
        bool stopAtShorter, CancellationToken cancel)
    {
        var r = referenceAhead.Next(cancel);
        var d = r is not null || !stopAtShorter ? distortedAhead.Next(cancel) : null;
        if (r is not null && d is not null)
        {
            return new FramePair(r, d, index);
        }

        if ((r is null && d is null) || stopAtShorter)
        {
            return null;
        }

        var (shorter, longer) = r is not null ? (distorted, reference) : (reference, distorted);
        throw new VideoInputException(shorter.Path, $"ends after {index} frames while {longer.Path} goes on: reference and distorted must have the same number of frames");
    }

    private sealed class Sink(FeatureTable table) : IFeatureSink
    {
        public void Write(int frameIndex, string libvmafKey, double value) => table.Write(frameIndex, libvmafKey, value);
    }
}

/// <summary>Sets <see cref="IChromaSkipping.SkipChroma"/> on the sources that can, for the length of a run.</summary>
internal readonly struct ChromaSkip : IDisposable
{
    private readonly IChromaSkipping[] _sources;

    private ChromaSkip(IChromaSkipping[] sources) => _sources = sources;

    public static ChromaSkip When(bool lumaOnly, params IFrameSource[] sources)
    {
        var skipping = lumaOnly ? sources.OfType<IChromaSkipping>().Where(s => !s.SkipChroma).ToArray() : [];
        foreach (var source in skipping)
        {
            source.SkipChroma = true;
        }

        return new ChromaSkip(skipping);
    }

    public void Dispose()
    {
        foreach (var source in _sources ?? [])
        {
            source.SkipChroma = false;
        }
    }
}
