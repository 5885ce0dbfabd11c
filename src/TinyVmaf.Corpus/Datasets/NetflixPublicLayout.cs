using System.Globalization;
using System.Text.RegularExpressions;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Import;
using TinyVmaf.Features.Video;
using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>What <c>corpus netflix</c> reads.</summary>
public sealed record NetflixPublicOptions(string Root)
{
    /// <summary>The dataset's score file (<c>NFLX_dataset_public.py</c>, its <c>_raw</c> twin, or a CSV); null builds without MOS.</summary>
    public string? ScoresPath { get; init; }

    /// <summary>For a CSV score file: the scale to rescale its scores to 0..100 from.</summary>
    public MosScale? CsvScale { get; init; }

    /// <summary>The frame size of every <c>.yuv</c>: the dataset's are 1920x1080 (the distortions scaled back up).</summary>
    public int Width { get; init; } = 1920;

    public int Height { get; init; } = 1080;

    public DatasetCodec Codec { get; init; } = DatasetCodec.Default;
}

/// <summary>
/// The Netflix Public dataset as published: <c>ref/&lt;src&gt;_&lt;fps&gt;fps.yuv</c> and
/// <c>dis/&lt;src&gt;_&lt;quality&gt;_&lt;height&gt;_&lt;kbps&gt;.yuv</c>, all 8-bit 4:2:0 at 1920x1080. Its distortions are
/// encoded already, so each distorted file pairs with its source's reference as it is; the bitrate comes from the
/// name. Which encoder made them the layout does not say, so the codec is <c>unknown</c> unless told.
/// </summary>
public static partial class NetflixPublicLayout
{
    public const string DatasetName = "netflix-public";

    public static BuildPlan Plan(NetflixPublicOptions options)
    {
        string refDir = Path.Combine(options.Root, "ref");
        string disDir = Path.Combine(options.Root, "dis");
        var absent = new[] { refDir, disDir }.Where(d => !Directory.Exists(d)).ToArray();
        if (absent.Length > 0)
        {
            throw new CorpusBuildException(
                $"{options.Root} is not laid out as the Netflix Public dataset (ref/<src>_<fps>fps.yuv, dis/<src>_<quality>_<height>_<kbps>.yuv)",
                absent.Select(d => $"{d}: no such folder").ToArray());
        }

        var warnings = new List<string>();
        var references = new Dictionary<string, (string Path, double Fps)>(StringComparer.Ordinal);
        foreach (string file in Files(refDir))
        {
            var m = ReferenceName().Match(Path.GetFileName(file));
            if (!m.Success)
            {
                warnings.Add($"{file}: not named <src>_<fps>fps.<ext>; ignored");
                continue;
            }

            references[m.Groups["src"].Value] = (file, double.Parse(m.Groups["fps"].Value, CultureInfo.InvariantCulture));
        }

        var scores = options.ScoresPath is { } scorePath ? NetflixScores.Read(scorePath, options.CsvScale) : null;
        var unscored = new List<string>();
        var pairs = new List<CorpusPair>();
        foreach (string file in Files(disDir))
        {
            var m = DistortedName().Match(Path.GetFileName(file));
            if (!m.Success)
            {
                warnings.Add($"{file}: not named <src>_<quality>_<height>_<kbps>.<ext>; ignored");
                continue;
            }

            string unit = Path.GetFileNameWithoutExtension(file);
            double? mos = null;
            if (scores is not null)
            {
                if (!scores.Scores.TryGetValue(unit, out double score))
                {
                    unscored.Add(unit);
                    continue;
                }

                mos = score;
            }

            string src = m.Groups["src"].Value;

            // A distortion without its reference still becomes a pair, so that the build names the missing file.
            var (refPath, fps) = references.TryGetValue(src, out var r) ? r : (Path.Combine(refDir, $"{src}_<fps>fps.yuv"), 0);
            string? raw = options.Codec.RawLabelFor(file);
            pairs.Add(new CorpusPair
            {
                Source = src,
                Unit = unit,
                Reference = Input(refPath, options, fps),
                Distorted = Input(file, options, fps),
                Codec = CodecVocabulary.Canonical(raw),
                CodecRaw = raw ?? "",
                Mos = mos,
                BitrateKbps = double.Parse(m.Groups["kbps"].Value, CultureInfo.InvariantCulture),
            });
        }

        if (unscored.Count > 0)
        {
            warnings.Add($"{unscored.Count} distorted video(s) have no score in {scores!.Path} and are left out: {string.Join(", ", unscored.Take(5))}{(unscored.Count > 5 ? ", …" : "")}");
        }

        if (scores is not null)
        {
            var onDisk = pairs.Select(p => p.Unit).ToHashSet(StringComparer.Ordinal);
            var notHere = scores.Scores.Keys.Where(k => !onDisk.Contains(k)).Order(StringComparer.Ordinal).ToArray();
            if (notHere.Length > 0)
            {
                warnings.Add($"{notHere.Length} scored video(s) are not in {disDir}: {string.Join(", ", notHere.Take(5))}{(notHere.Length > 5 ? ", …" : "")}");
            }
        }

        if (pairs.Count == 0)
        {
            throw new CorpusBuildException($"{disDir}: no distorted video to build from", warnings);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["tinyvmaf.dataset"] = DatasetName };
        if (scores is not null)
        {
            metadata["tinyvmaf.mos_kind"] = scores.Kind;
            if (scores.RescaledFrom is { } scale)
            {
                metadata[CorpusImporter.MosScaleKey] = scale.ToString();
            }
        }

        return new BuildPlan(pairs, warnings, metadata);
    }

    private static VideoInput Input(string path, NetflixPublicOptions options, double fps) =>
        Path.GetExtension(path).Equals(".yuv", StringComparison.OrdinalIgnoreCase)
            ? new VideoInput(path, new RawVideoFormat(options.Width, options.Height, ChromaSubsampling.Yuv420, 8, fps))
            : new VideoInput(path);

    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^(?<src>.+)_(?<fps>[0-9]+(?:\.[0-9]+)?)fps\.[A-Za-z0-9]+$")]
    private static partial Regex ReferenceName();

    [GeneratedRegex(@"^(?<src>.+)_(?<quality>[0-9]+)_(?<height>[0-9]+)_(?<kbps>[0-9]+(?:\.[0-9]+)?)\.[A-Za-z0-9]+$")]
    private static partial Regex DistortedName();
}
