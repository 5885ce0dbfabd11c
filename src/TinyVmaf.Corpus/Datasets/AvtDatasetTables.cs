using System.Globalization;
using System.Text;
using System.Text.Json;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>The three TU Ilmenau AVT-VQDB-UHD-1 subjective datasets whose layouts <see cref="AvtDatasetTables"/> knows.</summary>
public enum AvtDataset
{
    /// <summary>AVT-VQDB-UHD-1-Appeal (Rao et al., MMSP 2023): AV1, HEVC, VVC; libvmaf 2.3 logs.</summary>
    Appeal,

    /// <summary>AVT-VQDB-UHD-1-NVC (Herb et al., PCS 2025): AV1, VVC, DCVC-FM, DCVC-RT; libvmaf 3.x logs.</summary>
    Nvc,

    /// <summary>AVT-VQDB-UHD-1-HDR (Rao et al., QoMEX 2024): AV1, HEVC, VVC on HDR sources; libvmaf 2.3 logs.</summary>
    Hdr,
}

/// <summary>
/// An import table made from a dataset's own files: the CSV <c>corpus import --table</c> reads, plus what was left
/// out on the way and why.
/// </summary>
public sealed record DatasetTable(AvtDataset Dataset, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows, IReadOnlyList<string> Notes)
{
    /// <summary>The default dataset name a corpus imported from this table gets (<c>appeal</c>, <c>nvc</c>, <c>hdr</c>).</summary>
    public string Name => AvtDatasetTables.NameOf(Dataset);

    /// <summary>Writes the table as RFC 4180 CSV, atomically.</summary>
    public void WriteCsv(string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.NewLine = "\n";
            writer.WriteLine(string.Join(",", Columns.Select(Quote)));
            foreach (var row in Rows)
            {
                writer.WriteLine(string.Join(",", row.Select(Quote)));
            }
        });

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// <c>corpus table appeal|nvc|hdr --root DIR</c>: the import table of an AVT-VQDB-UHD-1 dataset, built from the
/// files its publishers ship (each names its videos, scores and logs its own way), so that importing it is one
/// documented command rather than a hand-written script. MOS stay on the datasets' 1..5 scale: import with
/// <c>--mos-scale 1:5</c>.
/// </summary>
public static class AvtDatasetTables
{
    /// <summary>Appeal's list of VVC logs checked against their HEVC twins, with <c>flag</c> = True for the misaligned.</summary>
    public const string AppealSuspectList = "suspect_vvc_logs.tsv";

    public static string NameOf(AvtDataset dataset) => dataset switch
    {
        AvtDataset.Appeal => "appeal",
        AvtDataset.Nvc => "nvc",
        AvtDataset.Hdr => "hdr",
        _ => throw new ArgumentOutOfRangeException(nameof(dataset)),
    };

    /// <summary>Parses <c>appeal</c>, <c>nvc</c> or <c>hdr</c> (case-insensitive).</summary>
    public static AvtDataset Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "appeal" => AvtDataset.Appeal,
        "nvc" => AvtDataset.Nvc,
        "hdr" => AvtDataset.Hdr,
        _ => throw new ArgumentException($"'{name}' is not a known dataset layout; known are appeal, nvc, hdr"),
    };

    /// <summary>The folder of the dataset's libvmaf logs under its root.</summary>
    public static string LogsFolder(AvtDataset dataset, string root) =>
        Path.Combine(root, dataset == AvtDataset.Appeal ? "vmaf_scores" : "vmaf_logs");

    /// <summary>
    /// Builds the import table of <paramref name="dataset"/> from its folder <paramref name="root"/>. Appeal's VVC logs
    /// that <see cref="AppealSuspectList"/> flags as misaligned are left out unless <paramref name="includeFlagged"/>;
    /// HDR's rows for the sources themselves (no log) are always left out. Throws <see cref="CorpusImportException"/>
    /// naming the file when the layout is not what the dataset ships.
    /// </summary>
    public static DatasetTable Build(AvtDataset dataset, string root, bool includeFlagged = false)
    {
        if (!Directory.Exists(root))
        {
            throw new CorpusImportException($"the dataset folder {root} does not exist", [$"{root}: no such folder"]);
        }

        return dataset switch
        {
            AvtDataset.Appeal => Appeal(root, includeFlagged),
            AvtDataset.Nvc => Nvc(root),
            AvtDataset.Hdr => Hdr(root),
            _ => throw new ArgumentOutOfRangeException(nameof(dataset)),
        };
    }

    /// <summary>
    /// <c>subjective_scores/video_quality_mos_ci.csv</c> (<c>video_name, mos, ci, src, codec, resolution, bitrate</c>).
    /// AV1 and HEVC logs are the video's stem; VVC video <c>X.mkv_1080p_1000k_vvc.mkv</c> has log
    /// <c>X_1080p_1000k.266.json</c>.
    /// </summary>
    private static DatasetTable Appeal(string root, bool includeFlagged)
    {
        var scores = CsvTable.Read(Path.Combine(root, "subjective_scores", "video_quality_mos_ci.csv"));
        var get = Columns(scores, "video_name", "mos", "src", "codec", "resolution", "bitrate");
        var notes = new List<string>();
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        string suspects = Path.Combine(root, AppealSuspectList);
        if (File.Exists(suspects))
        {
            flagged.UnionWith(Training.TrainingDataBuilder.ReadUnitList(suspects));
        }
        else if (!includeFlagged)
        {
            throw new CorpusImportException(
                $"{suspects} is missing: it lists Appeal's misaligned VVC logs, which the table leaves out (pass --include-flagged to keep every video)",
                [$"{suspects}: no such file"]);
        }

        var rows = new List<string[]>();
        int left = 0;
        foreach (var row in scores.Rows)
        {
            string video = get(row, "video_name");
            string codec = get(row, "codec");
            if (flagged.Contains(video) && !includeFlagged)
            {
                left++;
                continue;
            }

            rows.Add([video, get(row, "src"), codec, get(row, "mos"), get(row, "resolution"), get(row, "bitrate"), AppealLog(video, codec, scores.Path, row.Line)]);
        }

        notes.Add(includeFlagged
            ? $"kept the {flagged.Count} VVC video(s) {AppealSuspectList} flags as misaligned (--include-flagged)"
            : $"left out {left} VVC video(s) that {AppealSuspectList} flags as misaligned (--include-flagged keeps them)");
        return new DatasetTable(AvtDataset.Appeal, ["distorted", "source", "codec", "mos", "resolution", "bitrate_kbps", "log"], rows, notes);
    }

    private static string AppealLog(string video, string codec, string table, int line)
    {
        if (!codec.Equals("vvc", StringComparison.OrdinalIgnoreCase))
        {
            return Path.ChangeExtension(video, ".json");
        }

        const string Middle = ".mkv_", Tail = "_vvc.mkv";
        int at = video.IndexOf(Middle, StringComparison.Ordinal);
        if (at < 0 || !video.EndsWith(Tail, StringComparison.Ordinal))
        {
            throw new CorpusImportException(
                $"{table} line {line}: VVC video '{video}' is not named X.mkv_<res>_<rate>_vvc.mkv, so its log name is unknown",
                [$"{table} line {line}: '{video}'"]);
        }

        string rest = video[(at + Middle.Length)..^Tail.Length];
        return $"{video[..at]}_{rest}.266.json";
    }

    /// <summary>
    /// <c>subjective.csv</c> (<c>, name, mos, std, var, ci</c>) for the scores at full precision and
    /// <c>results.json</c> for each video's source, codec, size and bitrate (bits/s); logs are
    /// <c>vmaf_logs/&lt;name&gt;.vmaf.json</c>. Codecs are written lower-case: <c>av1</c>, <c>vvc</c>, <c>dcvc-fm</c>,
    /// <c>dcvc-rt</c> (the last two are <c>unknown</c> in codec vocabulary v1).
    /// </summary>
    private static DatasetTable Nvc(string root)
    {
        var scores = CsvTable.Read(Path.Combine(root, "subjective.csv"));
        var get = Columns(scores, "name", "mos");
        string resultsPath = Path.Combine(root, "results.json");
        Dictionary<string, JsonElement> results;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(resultsPath));
            results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var video in document.RootElement.EnumerateArray())
            {
                results[video.GetProperty("name").GetString()!] = video.Clone();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new CorpusImportException($"{resultsPath}: not the dataset's results list: {e.Message}", [resultsPath], e);
        }
        catch (IOException e)
        {
            throw new CorpusImportException($"{resultsPath}: cannot read it: {e.Message}", [resultsPath], e);
        }

        var problems = new List<string>();
        var rows = new List<string[]>();
        foreach (var row in scores.Rows)
        {
            string name = get(row, "name");
            if (!results.Remove(name, out var video))
            {
                problems.Add($"{Path.GetFileName(scores.Path)} line {row.Line}: '{name}' is not in results.json");
                continue;
            }

            try
            {
                string kbps = (video.GetProperty("bitrate").GetDecimal() / 1000).ToString(CultureInfo.InvariantCulture);
                rows.Add([
                    name,
                    video.GetProperty("source").GetString()!,
                    video.GetProperty("codec").GetString()!.ToLowerInvariant(),
                    get(row, "mos"),
                    Integer(video, "width"),
                    Integer(video, "height"),
                    Integer(video, "height"),
                    kbps,
                    name + ".vmaf.json",
                ]);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"results.json: '{name}': {e.Message}");
            }
        }

        problems.AddRange(results.Keys.Select(n => $"results.json: '{n}' has no score in subjective.csv"));
        if (problems.Count > 0)
        {
            throw new CorpusImportException($"{root}: subjective.csv and results.json do not agree ({problems.Count} problem(s))", problems);
        }

        return new DatasetTable(
            AvtDataset.Nvc,
            ["distorted", "source", "codec", "mos", "width", "height", "resolution", "bitrate_kbps", "log"],
            rows,
            ["codecs dcvc-fm and dcvc-rt are neural codecs, not in codec vocabulary v1: they import as 'unknown'"]);

        static string Integer(JsonElement video, string name) =>
            video.GetProperty(name).GetInt32().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <c>mos_ci.csv</c> (<c>stimuli_file, mos, ci, std</c>), names <c>&lt;w&gt;_&lt;h&gt;_&lt;bitrate&gt;K_&lt;codec&gt;_&lt;source&gt;.mkv</c>
    /// (the source may hold underscores); logs <c>vmaf_logs/&lt;stem&gt;.json</c>. The rows of the sources themselves
    /// (<c>&lt;w&gt;_&lt;h&gt;_original_&lt;source&gt;.mkv</c>) have no log and are left out.
    /// </summary>
    private static DatasetTable Hdr(string root)
    {
        var scores = CsvTable.Read(Path.Combine(root, "mos_ci.csv"));
        var get = Columns(scores, "stimuli_file", "mos");
        var rows = new List<string[]>();
        var originals = new List<string>();
        var problems = new List<string>();
        foreach (var row in scores.Rows)
        {
            string file = get(row, "stimuli_file");
            string stem = Path.GetFileNameWithoutExtension(file);
            string[] parts = stem.Split('_', 5);
            if (parts.Length >= 4 && parts[2] == "original")
            {
                originals.Add(file);
                continue;
            }

            if (parts.Length != 5
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !parts[2].EndsWith('K')
                || !double.TryParse(parts[2][..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"{Path.GetFileName(scores.Path)} line {row.Line}: '{file}' is not named <w>_<h>_<bitrate>K_<codec>_<source>.mkv");
                continue;
            }

            rows.Add([file, parts[4], parts[3], get(row, "mos"), parts[0], parts[1], parts[1], parts[2][..^1], stem + ".json"]);
        }

        if (problems.Count > 0)
        {
            throw new CorpusImportException($"{scores.Path}: {problems.Count} name(s) the HDR layout does not explain", problems);
        }

        return new DatasetTable(
            AvtDataset.Hdr,
            ["distorted", "source", "codec", "mos", "width", "height", "resolution", "bitrate_kbps", "log"],
            rows,
            [$"left out {originals.Count} row(s) rating the sources themselves (no log): {string.Join(", ", originals)}"]);
    }

    /// <summary>Checks the CSV has <paramref name="required"/> and returns a getter that refuses an empty cell, naming it.</summary>
    private static Func<CsvRow, string, string> Columns(CsvTable table, params string[] required)
    {
        var missing = required.Where(c => !table.HasColumn(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new CorpusImportException(
                $"{table.Path} lacks column(s) {string.Join(", ", missing)} (it has: {string.Join(", ", table.Header)})",
                missing.Select(c => $"{table.Path}: no '{c}' column").ToArray());
        }

        return (row, column) => row.Get(table.ColumnIndex(column)) ?? throw new CorpusImportException(
            $"{table.Path} line {row.Line}: empty '{column}'", [$"{table.Path} line {row.Line}: empty '{column}'"]);
    }
}
