using System.Globalization;
using System.Text.RegularExpressions;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Corpus.Datasets;

/// <summary>
/// The opinion scores of the Netflix Public dataset's distorted videos, keyed by file name without extension, on
/// 0..100. Read from the dataset's own Python file (<c>NFLX_dataset_public.py</c>: <c>dmos</c> per video, kept as
/// it is, the reference scoring 100; or <c>NFLX_dataset_public_raw.py</c>: each viewer's <c>os</c> on 1..5, averaged and
/// rescaled), or from a CSV with a video column (<c>dis</c>, <c>distorted</c>, <c>dis_basename</c> or <c>video</c>) and
/// <c>dmos</c> or <c>mos</c>, taken as given unless a MOS scale is named.
/// </summary>
public sealed partial class NetflixScores
{
    private NetflixScores(string path, IReadOnlyDictionary<string, double> scores, string kind, MosScale? rescaledFrom)
    {
        Path = path;
        Scores = scores;
        Kind = kind;
        RescaledFrom = rescaledFrom;
    }

    public string Path { get; }

    /// <summary>Score per distorted video (file name without extension).</summary>
    public IReadOnlyDictionary<string, double> Scores { get; }

    /// <summary><c>dmos</c> or <c>mos</c>: what the file gave.</summary>
    public string Kind { get; }

    /// <summary>The scale the scores were rescaled to 0..100 from, or null when they were kept as given.</summary>
    public MosScale? RescaledFrom { get; }

    /// <summary>The five-point scale of the raw file's individual opinion scores (its <c>ref_score</c> is 5).</summary>
    private static readonly MosScale RawOpinionScale = new(1, 5);

    /// <summary>Reads a score file. Throws <see cref="CorpusBuildException"/> saying what in it cannot be read.</summary>
    public static NetflixScores Read(string path, MosScale? csvScale = null)
    {
        if (!File.Exists(path))
        {
            throw new CorpusBuildException($"{path}: no such score file", []);
        }

        return System.IO.Path.GetExtension(path).Equals(".py", StringComparison.OrdinalIgnoreCase)
            ? ReadPython(path, File.ReadAllText(path))
            : ReadCsv(path, csvScale);
    }

    internal static NetflixScores ReadPython(string path, string text)
    {
        int list = DisVideos().Match(text) is { Success: true } m ? m.Index + m.Length : -1;
        if (list < 0)
        {
            throw new CorpusBuildException($"{path}: not a vmaf dataset file: it has no 'dis_videos = [' list", []);
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? kind = null;
        foreach (string entry in TopLevelBraces(text, list))
        {
            var pathMatch = PathEntry().Match(entry);
            if (!pathMatch.Success)
            {
                problems.Add($"{path}: an entry without a 'path': {Shorten(entry)}");
                continue;
            }

            // The dataset lists each reference against itself too (its path under ref_dir); those are not distortions.
            if (pathMatch.Groups["dir"].Value.Contains("ref_dir", StringComparison.Ordinal))
            {
                continue;
            }

            string name = System.IO.Path.GetFileNameWithoutExtension(pathMatch.Groups["file"].Value);
            double score;
            string entryKind;
            if (Number("dmos").Match(entry) is { Success: true } dmos)
            {
                score = Parse(dmos.Groups["v"].Value);
                entryKind = "dmos";
            }
            else if (OpinionScores().Match(entry) is { Success: true } os)
            {
                var values = NumberAfterColonOrInList().Matches(os.Groups["v"].Value).Select(v => Parse(v.Groups["n"].Value)).ToArray();
                if (values.Length == 0)
                {
                    problems.Add($"{path}: '{name}' has an empty 'os'");
                    continue;
                }

                score = RawOpinionScale.Rescale(values.Average());
                entryKind = "mos";
            }
            else
            {
                problems.Add($"{path}: '{name}' has neither 'dmos' nor 'os'");
                continue;
            }

            if (kind is not null && kind != entryKind)
            {
                problems.Add($"{path}: '{name}' gives {entryKind} where earlier entries gave {kind}; a corpus takes one kind");
                continue;
            }

            kind = entryKind;
            if (!scores.TryAdd(name, score))
            {
                problems.Add($"{path}: '{name}' is scored twice");
            }
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"{path}: {problems.Count} problem(s) in the score file", problems);
        }

        if (kind is null)
        {
            throw new CorpusBuildException($"{path}: the score file rates no distorted video", []);
        }

        return new NetflixScores(path, scores, kind, kind == "mos" ? RawOpinionScale : null);
    }

    private static NetflixScores ReadCsv(string path, MosScale? scale)
    {
        var csv = CsvTable.Read(path);
        int video = new[] { "dis", "distorted", "dis_basename", "video" }.Select(csv.ColumnIndex).FirstOrDefault(i => i >= 0, -1);
        string kind = csv.HasColumn("dmos") ? "dmos" : "mos";
        int score = csv.ColumnIndex(kind);
        if (video < 0 || score < 0)
        {
            throw new CorpusBuildException(
                $"{path}: a score table needs a video column (dis, distorted, dis_basename or video) and dmos or mos; it has {string.Join(", ", csv.Header)}", []);
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var row in csv.Rows)
        {
            string name = System.IO.Path.GetFileNameWithoutExtension((row.Get(video) ?? "").Trim());
            string text = row.Get(score) ?? "";
            if (name.Length == 0)
            {
                problems.Add($"{path}, line {row.Line}: no video named");
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                problems.Add($"{path}, line {row.Line}: '{text}' is not a number");
            }
            else if (!scores.TryAdd(name, scale is { } s ? s.Rescale(value) : value))
            {
                problems.Add($"{path}, line {row.Line}: '{name}' is scored twice");
            }
        }

        if (problems.Count > 0)
        {
            throw new CorpusBuildException($"{path}: {problems.Count} problem(s) in the score table", problems);
        }

        return new NetflixScores(path, scores, kind, scale);
    }

    /// <summary>The text of each top-level <c>{…}</c> after <paramref name="start"/> until the list closes, skipping quoted strings.</summary>
    private static IEnumerable<string> TopLevelBraces(string text, int start)
    {
        int depth = 0, open = -1, brackets = 0;
        char quote = '\0';
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '#':
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    break;
                case '{':
                    if (depth++ == 0)
                    {
                        open = i;
                    }

                    break;
                case '}':
                    if (--depth == 0)
                    {
                        yield return text[open..(i + 1)];
                    }

                    break;
                case '[' when depth == 0:
                    brackets++;
                    break;
                case ']' when depth == 0:
                    if (brackets-- == 0)
                    {
                        yield break;
                    }

                    break;
            }
        }
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 80 ? text.ReplaceLineEndings(" ") : text[..80].ReplaceLineEndings(" ") + "…";

    private static Regex Number(string key) => new($@"['""]{key}['""]\s*:\s*(?<v>[-+0-9.eE]+)", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\bdis_videos\s*=\s*\[")]
    private static partial Regex DisVideos();

    [GeneratedRegex(@"['""]path['""]\s*:\s*(?<dir>[^'""]*)['""](?<file>[^'""]+)['""]")]
    private static partial Regex PathEntry();

    [GeneratedRegex(@"['""]os['""]\s*:\s*(?<v>\[[^\]]*\]|\{[^}]*\})")]
    private static partial Regex OpinionScores();

    // In a list every number is a score; in a dict ({'viewer': score}) the numbers after the colons are.
    [GeneratedRegex(@"(?:^|[\[,:])\s*(?<n>[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\s*(?=[,\]}])")]
    private static partial Regex NumberAfterColonOrInList();
}
