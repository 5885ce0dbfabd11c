using System.Collections.Concurrent;
using TinyVmaf.Features;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// Measures one pair: encodes the distorted side when the pair says how, then reads both sides and extracts the
/// features natively. What it learns of a reference (its frame format and rate) is kept for the build's other
/// pairs of that reference.
/// </summary>
internal sealed class PairRunner(IReadOnlyList<string> features, int threads, KernelPath kernels, string scratch, string? encodesDirectory)
{
    private readonly ConcurrentDictionary<string, Lazy<(FrameFormat Format, double FrameRate)>> _references = new(StringComparer.Ordinal);

    /// <summary>Where a kept encode of <paramref name="pair"/> lives, or null when encodes are not kept or the pair has none.</summary>
    public string? KeptEncodePath(CorpusPair pair) =>
        encodesDirectory is not null && pair.Encode is { } encode
            ? Path.Combine(encodesDirectory, pair.Unit + encode.Encoder.Extension)
            : null;

    public PairMeasurement Measure(CorpusPair pair, string key, IProgress<int>? frames, CancellationToken cancel)
    {
        string? encoded = null;
        string? temporary = null;
        try
        {
            if (pair.Encode is { } encode)
            {
                var (format, rate) = _references.GetOrAdd(
                    Path.GetFullPath(pair.Reference.Path),
                    _ => new Lazy<(FrameFormat, double)>(() => ReadFormat(pair.Reference))).Value;
                var supported = FfmpegEncoder.SupportedPixelFormats(encode.Encoder.Name);
                if (supported is not null && !supported.Contains(format.PixelFormatName))
                {
                    throw new VideoInputException(pair.Reference.Path,
                        $"{encode.Encoder.Name} cannot encode {format.PixelFormatName} (this ffmpeg's {encode.Encoder.Name} takes {string.Join(", ", supported)})");
                }

                string directory = encodesDirectory ?? scratch;
                Directory.CreateDirectory(directory);
                // Named after this process, so that a later build can tell the encode of a killed one (CorpusBuilder sweeps those).
                temporary = Path.Combine(directory, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}{encode.Encoder.Extension}");
                FfmpegEncoder.Encode(pair.Reference, format, rate, encode, temporary, cancel);
                encoded = temporary;
            }

            FeatureTable table;
            double frameRate;
            using (var reference = pair.Reference.Open())
            using (var distorted = encoded is null ? pair.Distorted!.Open() : VideoSource.Open(encoded))
            {
                table = FeaturePipeline.Run(reference, distorted, new ExtractionOptions
                {
                    Features = features,
                    Threads = threads,
                    Kernels = kernels,
                    Progress = frames,
                }, cancel);
                frameRate = reference.FrameRate;
            }

            int frameCount = table.FrameCount;
            if (frameCount == 0)
            {
                throw new VideoInputException(pair.Reference.Path, "has no frames");
            }

            long? bytes = encoded is null ? null : new FileInfo(encoded).Length;
            double bitrate = bytes is long b && frameRate > 0 ? b * 8.0 / 1000.0 / (frameCount / frameRate) : double.NaN;
            var values = features.ToDictionary(
                name => name,
                name => table.Column(FeatureNames.LibvmafKey(name)).ToArray(),
                StringComparer.Ordinal);

            if (KeptEncodePath(pair) is { } kept && encoded is not null)
            {
                File.Move(encoded, kept, overwrite: true);
                temporary = null;
            }

            return new PairMeasurement(frameCount, frameRate, bytes, bitrate, values);
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    private static (FrameFormat, double) ReadFormat(VideoInput input)
    {
        using var source = input.Open();
        return (source.Format, source.FrameRate);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
