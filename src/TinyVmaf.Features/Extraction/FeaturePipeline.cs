using System.Threading.Channels;
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
/// Reads frame pairs from two sources and runs the extractors that a feature set needs, each once. Each source
/// is read ahead on its own thread (<see cref="FrameReadAhead"/>), so parsing or decoding both overlaps the
/// measurement. Temporal extractors (motion) run in frame order on the calling thread; the others run on
/// workers, each worker owning its extractor instances and the read-aheads recycling frame buffers, so nothing
/// is allocated per frame.
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

    private static void RunParallel(
        IFrameSource reference, IFrameSource distorted, IFeatureExtractor[] temporal, ExtractorDescriptor[] spatial,
        ExtractorContext context, int threads, FeatureTable table, ExtractionOptions options, CancellationToken cancel)
    {
        // Frames in flight: queued or being measured by each worker, plus those being read ahead.
        int poolSize = 2 * threads + ReadAheadDepth;
        var work = Channel.CreateBounded<FramePair>(2 * threads);
        using var referenceAhead = new FrameReadAhead(reference, poolSize);
        using var distortedAhead = new FrameReadAhead(distorted, poolSize);

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            var extractors = spatial.Select(d => d.Create(context)).ToArray();
            try
            {
                var sink = new Sink(table);
                while (work.Reader.WaitToReadAsync(failed.Token).AsTask().GetAwaiter().GetResult())
                {
                    while (work.Reader.TryRead(out var pair))
                    {
                        foreach (var extractor in extractors)
                        {
                            extractor.Extract(pair, sink);
                        }

                        referenceAhead.Return(pair.Reference);
                        distortedAhead.Return(pair.Distorted);
                    }
                }

                foreach (var extractor in extractors)
                {
                    extractor.Flush(sink);
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
        })).ToArray();

        try
        {
            var sink = new Sink(table);
            for (int index = 0; NextPair(referenceAhead, distortedAhead, reference, distorted, index, options.StopAtShorter, failed.Token) is { } pair; index++)
            {
                foreach (var extractor in temporal)
                {
                    extractor.Extract(pair, sink);
                }

                if (IsSampled(index, options))
                {
                    work.Writer.WriteAsync(pair, failed.Token).AsTask().GetAwaiter().GetResult();
                }
                else
                {
                    referenceAhead.Return(pair.Reference);
                    distortedAhead.Return(pair.Distorted);
                }

                options.Progress?.Report(index + 1);
            }
        }
        catch (Exception) when (!cancel.IsCancellationRequested && failed.IsCancellationRequested)
        {
            // A worker failed; its exception is thrown below.
        }
        catch
        {
            failed.Cancel();
            throw;
        }
        finally
        {
            work.Writer.TryComplete();
        }

        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e)
        {
            cancel.ThrowIfCancellationRequested();
            var first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerException!;
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
        FrameReadAhead referenceAhead, FrameReadAhead distortedAhead, IFrameSource reference, IFrameSource distorted, int index,
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
