using System.Globalization;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>What <c>corpus konvid</c> reads and makes.</summary>
public sealed record KonvidOptions(string Root)
{
    /// <summary>The MOS table; null looks for <c>KoNViD_1k_mos.csv</c> in the root, then in <c>KoNViD_1k_metadata/</c>.</summary>
    public string? MosPath { get; init; }

    /// <summary>The distorted side: by default libx264 CRF 35 preset veryfast.</summary>
    public Ladder Ladder { get; init; } = DefaultLadder;

    public DatasetCodec Codec { get; init; } = DatasetCodec.Default;

    public static Ladder DefaultLadder => new([LadderEncoder.X264], new Dictionary<LadderEncoder, IReadOnlyList<int>> { [LadderEncoder.X264] = [35] },
        new Dictionary<LadderEncoder, IReadOnlyList<string>> { [LadderEncoder.X264] = ["veryfast"] });
}

/// <summary>
/// KoNViD-1k (Hosu et al.): user videos <c>&lt;flickr_id&gt;.mp4</c> (in <c>KoNViD_1k_videos/</c>, or the root itself) and
/// a MOS table with <c>flickr_id</c> and <c>mos</c> on 1..5. The ratings are of the uploads themselves; the distorted
/// side here is an encode of each upload, and its MOS is the upload's, rescaled to 0..100. So the label says how good
/// the content looked to people, not how much the encode took away; a teacher label beside it says the latter.
/// <c>--codec-from-source</c> labels rows with the upload's own codec, for an audit of what the dataset holds.
/// </summary>
public static class KonvidLayout
{
    public const string DatasetName = "konvid-1k";

    /// <summary>KoNViD-1k's absolute category rating scale.</summary>
    public static readonly MosScale Scale = new(1, 5);

    public static BuildPlan Plan(KonvidOptions options, IReadOnlySet<string>? availableEncoders = null)
    {
        if (!Directory.Exists(options.Root))
        {
            throw new CorpusBuildException($"{options.Root}: no such folder", []);
        }

        string videos = Path.Combine(options.Root, "KoNViD_1k_videos");
        if (!Directory.Exists(videos))
        {
            videos = options.Root;
        }

        string mosPath = options.MosPath
            ?? new[] { Path.Combine(options.Root, "KoNViD_1k_mos.csv"), Path.Combine(options.Root, "KoNViD_1k_metadata", "KoNViD_1k_mos.csv") }.FirstOrDefault(File.Exists)
            ?? throw new CorpusBuildException($"{options.Root}: no KoNViD_1k_mos.csv here or in KoNViD_1k_metadata/; name the MOS table with --mos", []);
        var csv = CsvTable.Read(mosPath);
        int idColumn = csv.ColumnIndex("flickr_id");
        int mosColumn = csv.ColumnIndex("mos");
        if (idColumn < 0 || mosColumn < 0)
        {
            throw new CorpusBuildException($"{mosPath}: the MOS table needs columns flickr_id and mos; it has {string.Join(", ", csv.Header)}", []);
        }

        var files = Directory.EnumerateFiles(videos)
            .Where(f => LadderPlanner.VideoExtensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);

        var problems = new List<string>();
        var warnings = new List<string>();
        var sources = new List<LadderSource>();
        var rated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in csv.Rows)
        {
            string id = (row.Get(idColumn) ?? "").Trim();
            string text = row.Get(mosColumn) ?? "";
            if (id.Length == 0 || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double mos) || !double.IsFinite(mos))
            {
                problems.Add($"{mosPath}, line {row.Line}: needs a flickr_id and a numeric mos (got '{id}', '{text}')");
                continue;
            }

            if (!rated.Add(id))
            {
                problems.Add($"{mosPath}, line {row.Line}: flickr_id {id} is rated twice");
                continue;
            }

            if (mos < Scale.Lo || mos > Scale.Hi)
            {
                warnings.Add($"{mosPath}, line {row.Line}: MOS {text} of {id} lies outside KoNViD-1k's {Scale}; rescaled all the same");
            }

            // A rated video that is not on disk still becomes a pair, so that the build names the missing file.
            string path = files.GetValueOrDefault(id) ?? Path.Combine(videos, id + ".mp4");
            sources.Add(new LadderSource(id, id, new VideoInput(path), Scale.Rescale(mos), options.Codec.RawLabelFor(path)));
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"{mosPath}: {problems.Count} problem(s) in the MOS table", problems);
        }

        var unrated = files.Keys.Where(k => !rated.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unrated.Length > 0)
        {
            warnings.Add($"{unrated.Length} video(s) in {videos} have no MOS in {mosPath} and are left out: {string.Join(", ", unrated.Take(5))}{(unrated.Length > 5 ? ", …" : "")}");
        }

        if (sources.Count == 0)
        {
            throw new CorpusBuildException($"{mosPath} rates no video", []);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tinyvmaf.dataset"] = DatasetName,
            [CorpusImporter.MosScaleKey] = Scale.ToString(),
        };
        return LadderPlanner.Plan(sources, options.Ladder, availableEncoders, warnings, metadata);
    }
}
