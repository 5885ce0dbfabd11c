using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// A reference a ladder encodes. <see cref="Name"/> starts its units' names; <see cref="Source"/> is the content it
/// shows (the same for a dataset's several resolutions of one scene). <see cref="CodecLabel"/>, when set, labels its
/// rows instead of the encoder (a dataset's <c>--codec</c> or <c>--codec-from-source</c>).
/// </summary>
public sealed record LadderSource(string Name, string Source, VideoInput Input, double? Mos = null, string? CodecLabel = null);

/// <summary>Turns sources and a ladder into a build plan: one pair per source and rung, for the encoders this ffmpeg has.</summary>
public static class LadderPlanner
{
    /// <summary>Extensions taken from a folder given as a source; a file named on its own may have any.</summary>
    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".y4m", ".yuv", ".mp4", ".mkv", ".mov", ".webm", ".avi", ".ts", ".m2ts", ".mts", ".mxf", ".nut", ".m4v", ".mpg", ".mpeg", ".flv", ".ivf",
    };

    /// <summary>
    /// The plan for <paramref name="sources"/> × <paramref name="ladder"/>. An encoder missing from
    /// <paramref name="available"/> (ffmpeg's encoders; null asks ffmpeg) is skipped with a warning; none available is an error.
    /// Units are named <c>&lt;name&gt;__&lt;codec&gt;_&lt;preset&gt;_&lt;crf&gt;</c>.
    /// </summary>
    public static BuildPlan Plan(
        IReadOnlyList<LadderSource> sources,
        Ladder ladder,
        IReadOnlySet<string>? available = null,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        available ??= FfmpegEncoder.AvailableEncoders();
        var notes = new List<string>(warnings ?? []);
        var usable = new List<LadderEncoder>();
        foreach (var encoder in ladder.Encoders)
        {
            if (available.Contains(encoder.Name))
            {
                usable.Add(encoder);
            }
            else
            {
                notes.Add($"{encoder.Name}: this ffmpeg has no such encoder (see ffmpeg -encoders); its {ladder.Crfs(encoder).Count * ladder.Presets(encoder).Count} rung(s) are skipped");
            }
        }

        if (usable.Count == 0)
        {
            throw new CorpusBuildException(
                "none of the ladder's encoders is in this ffmpeg",
                ladder.Encoders.Select(e => $"{e.Name}: not listed by ffmpeg -encoders").ToArray());
        }

        var pairs = new List<CorpusPair>();
        foreach (var source in sources)
        {
            foreach (var rung in ladder.Rungs(usable))
            {
                string codecRaw = source.CodecLabel ?? rung.Encoder.Name;
                pairs.Add(new CorpusPair
                {
                    Source = source.Source,
                    Unit = $"{source.Name}__{rung.Tag}",
                    Reference = source.Input,
                    Encode = rung,
                    Codec = source.CodecLabel is null ? rung.Encoder.Codec : CodecVocabulary.Canonical(codecRaw),
                    CodecRaw = codecRaw,
                    Mos = source.Mos,
                });
            }
        }

        return new BuildPlan(pairs, notes, metadata);
    }

    /// <summary>
    /// The sources named on the command line: files as given, folders by their video files (not recursing), each named
    /// by its file name without extension. A <c>.yuv</c> file takes <paramref name="raw"/>. Throws
    /// <see cref="CorpusBuildException"/> naming every path that does not exist, raw file without a format, and name
    /// that two sources share.
    /// </summary>
    public static IReadOnlyList<LadderSource> FindSources(IEnumerable<string> paths, RawVideoFormat? raw = null)
    {
        var problems = new List<string>();
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(f => VideoExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (found.Length == 0)
                {
                    problems.Add($"{path}: the folder holds no video ({string.Join(" ", VideoExtensions.Order(StringComparer.Ordinal))})");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                problems.Add($"{path}: no such file or folder");
            }
        }

        var sources = new List<LadderSource>();
        foreach (string file in files)
        {
            bool isRaw = Path.GetExtension(file).Equals(".yuv", StringComparison.OrdinalIgnoreCase);
            if (isRaw && raw is null)
            {
                problems.Add($"{file}: raw YUV has no header: give --width, --height, --pixel-format, --bitdepth and --fps");
                continue;
            }

            string name = Path.GetFileNameWithoutExtension(file);
            sources.Add(new LadderSource(name, name, new VideoInput(file, isRaw ? raw : null)));
        }

        foreach (var group in sources.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"'{group.Key}' names {group.Count()} sources ({string.Join(", ", group.Select(s => s.Input.Path))}); source names must differ");
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"{problems.Count} problem(s) with the sources", problems);
        }

        if (sources.Count == 0)
        {
            throw new CorpusBuildException("no sources given", []);
        }

        return sources;
    }
}
