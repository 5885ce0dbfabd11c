using System.Globalization;
using System.Text.RegularExpressions;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>What <c>corpus bvi-dvc</c> reads and makes.</summary>
public sealed record BviDvcOptions(string Root)
{
    /// <summary>The resolution tiers to take (A 3840x2176, B 1920x1088, C 960x544, D 480x272).</summary>
    public IReadOnlyList<char> Tiers { get; init; } = ['A', 'B', 'C', 'D'];

    /// <summary>The distorted side: by default libx264 CRF 35 preset fast, in the sources' 10 bits.</summary>
    public Ladder Ladder { get; init; } = DefaultLadder;

    public DatasetCodec Codec { get; init; } = DatasetCodec.Default;

    public static Ladder DefaultLadder => new([LadderEncoder.X264], new Dictionary<LadderEncoder, IReadOnlyList<int>> { [LadderEncoder.X264] = [35] },
        new Dictionary<LadderEncoder, IReadOnlyList<string>> { [LadderEncoder.X264] = ["fast"] });
}

/// <summary>
/// BVI-DVC (Ma, Zhang, Bull): reference-only sequences, 10-bit 4:2:0, named
/// <c>&lt;tier&gt;&lt;Name&gt;_&lt;W&gt;x&lt;H&gt;_&lt;fps&gt;fps_10bit_420.&lt;ext&gt;</c> with tier A–D by resolution, found anywhere under
/// the root (the published archive keeps them in <c>Videos/</c>, as <c>.mp4</c>; <c>.yuv</c> and <c>.y4m</c> read too).
/// There are no opinion scores: the distorted side is encoded here and the label is the teacher. One scene appears
/// at every tier, so a row's source is the scene's name without the tier letter and leave-one-source-out keeps
/// all its resolutions on one side.
/// </summary>
public static partial class BviDvcLayout
{
    public const string DatasetName = "bvi-dvc";

    public static BuildPlan Plan(BviDvcOptions options, IReadOnlySet<string>? availableEncoders = null)
    {
        if (!Directory.Exists(options.Root))
        {
            throw new CorpusBuildException($"{options.Root}: no such folder", []);
        }

        var tiers = options.Tiers.Select(char.ToUpperInvariant).ToHashSet();
        var bad = tiers.Where(t => t is < 'A' or > 'D').ToArray();
        if (bad.Length > 0)
        {
            throw new ArgumentException($"--tiers: {string.Join(", ", bad)} is not a BVI-DVC tier; tiers are A, B, C, D");
        }

        var sources = new List<LadderSource>();
        var warnings = new List<string>();
        foreach (string file in Directory.EnumerateFiles(options.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var m = ClipName().Match(Path.GetFileName(file));
            if (!m.Success || !tiers.Contains(m.Groups["tier"].Value[0]))
            {
                continue;
            }

            var raw = Path.GetExtension(file).Equals(".yuv", StringComparison.OrdinalIgnoreCase)
                ? new RawVideoFormat(
                    int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture),
                    ChromaSubsampling.Yuv420,
                    10,
                    double.Parse(m.Groups["fps"].Value, CultureInfo.InvariantCulture))
                : null;
            string clip = m.Groups["tier"].Value + m.Groups["scene"].Value;
            sources.Add(new LadderSource(clip, m.Groups["scene"].Value, new VideoInput(file, raw), CodecLabel: options.Codec.RawLabelFor(file)));
        }

        foreach (var twice in sources.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new CorpusBuildException(
                $"clip '{twice.Key}' is under {options.Root} more than once",
                twice.Select(s => s.Input.Path).ToArray());
        }

        if (sources.Count == 0)
        {
            throw new CorpusBuildException(
                $"{options.Root} holds no BVI-DVC clip of tier(s) {string.Join(", ", tiers.Order())} (named <tier><Name>_<W>x<H>_<fps>fps_10bit_420.<ext>)", []);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["tinyvmaf.dataset"] = DatasetName };
        return LadderPlanner.Plan(sources, options.Ladder, availableEncoders, warnings, metadata);
    }

    [GeneratedRegex(@"^(?<tier>[A-D])(?<scene>[A-Za-z0-9-]+?)_(?<w>[0-9]+)x(?<h>[0-9]+)_(?<fps>[0-9]+(?:\.[0-9]+)?)fps_10bit_420\.(?:mp4|yuv|y4m|mkv)$")]
    private static partial Regex ClipName();
}
