namespace TinyVmaf.Corpus;

/// <summary>
/// A corpus held in memory, column by column: one row per frame of a distorted video, with its source, unit
/// (<c>dis_basename</c>), codec, labels, encode metadata and feature values. Rows of one unit are contiguous and
/// in frame order. A feature or label the corpus lacks is absent (null, <see cref="HasFeature"/> false), never
/// filled in.
/// </summary>
public sealed class CorpusTable
{
    private readonly Dictionary<string, double[]> _features;

    internal CorpusTable(
        string[] sources,
        string[] units,
        int[] frameIndices,
        string[] codecs,
        string[] codecRaw,
        double[]? mos,
        double[]? vmaf,
        string?[]? encoders,
        string?[]? presets,
        double[]? crf,
        double[]? bitrateKbps,
        IReadOnlyDictionary<string, double[]> features,
        IReadOnlyDictionary<string, string>? metadata = null,
        string[]? datasets = null)
    {
        int rows = sources.Length;
        void Check(Array? column, string name)
        {
            if (column is not null && column.Length != rows)
            {
                throw new ArgumentException($"column '{name}' has {column.Length} rows where '{CorpusColumns.Source}' has {rows}");
            }
        }

        Check(datasets, CorpusColumns.Dataset);
        Check(units, CorpusColumns.DisBasename);
        Check(frameIndices, CorpusColumns.FrameIndex);
        Check(codecs, CorpusColumns.Codec);
        Check(codecRaw, CorpusColumns.CodecRaw);
        Check(mos, CorpusColumns.Mos);
        Check(vmaf, CorpusColumns.Vmaf);
        Check(encoders, CorpusColumns.Encoder);
        Check(presets, CorpusColumns.Preset);
        Check(crf, CorpusColumns.Crf);
        Check(bitrateKbps, CorpusColumns.BitrateKbps);
        foreach (var (name, values) in features)
        {
            if (!Features.FeatureNames.IsKnown(name))
            {
                throw new ArgumentException($"'{name}' is not a FULL_FEATURES name");
            }

            Check(values, name);
        }

        // A table made without per-row datasets (a build) holds one dataset: the one its notes name, else "".
        Datasets = datasets ?? Enumerable.Repeat(metadata?.GetValueOrDefault(CorpusColumns.DatasetKey) ?? "", rows).ToArray();
        Sources = sources;
        Units = units;
        FrameIndices = frameIndices;
        Codecs = codecs;
        CodecRaw = codecRaw;
        Mos = mos;
        Vmaf = vmaf;
        Encoders = encoders;
        Presets = presets;
        Crf = crf;
        BitrateKbps = bitrateKbps;
        _features = new Dictionary<string, double[]>(features, StringComparer.Ordinal);
        FeatureNames = Features.FeatureNames.Full.Where(_features.ContainsKey).ToArray();
        Metadata = metadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
    }

    public int RowCount => Sources.Count;

    /// <summary>
    /// <c>dataset</c> per row: the corpus the row was imported as. A video is identified by (dataset,
    /// <see cref="Units"/>); see <see cref="VideoKey"/>.
    /// </summary>
    public IReadOnlyList<string> Datasets { get; }

    /// <summary><c>source</c> per row.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary><c>dis_basename</c> per row: the distorted video a row is a frame of.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary><c>frame_index</c> per row: the frame's position in its log.</summary>
    public IReadOnlyList<int> FrameIndices { get; }

    /// <summary><c>codec</c> per row, a codec vocabulary name.</summary>
    public IReadOnlyList<string> Codecs { get; }

    /// <summary><c>codec_raw</c> per row: the label the table gave (empty when it gave none).</summary>
    public IReadOnlyList<string> CodecRaw { get; }

    /// <summary><c>mos</c> per row (the video's score on every frame of it), or null when the corpus has none.</summary>
    public IReadOnlyList<double>? Mos { get; }

    /// <summary><c>vmaf</c> per row (the log's per-frame teacher score), or null when the corpus has none.</summary>
    public IReadOnlyList<double>? Vmaf { get; }

    /// <summary><c>encoder</c> per row (null where the table left it empty), or null when the corpus has no such column.</summary>
    public IReadOnlyList<string?>? Encoders { get; }

    /// <summary><c>preset</c> per row, as <see cref="Encoders"/>.</summary>
    public IReadOnlyList<string?>? Presets { get; }

    /// <summary><c>crf</c> per row (NaN where unknown), or null when the corpus has no such column.</summary>
    public IReadOnlyList<double>? Crf { get; }

    /// <summary><c>bitrate_kbps</c> per row (NaN where unknown), or null when the corpus has no such column.</summary>
    public IReadOnlyList<double>? BitrateKbps { get; }

    /// <summary>The FULL_FEATURES names this corpus has a column for, in FULL_FEATURES order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Key-value notes stored in the file (e.g. the MOS scale the import rescaled from).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool HasFeature(string name) => _features.ContainsKey(name);

    /// <summary>
    /// The video row <paramref name="row"/> is a frame of, as one string: <c>dataset/dis_basename</c> (just
    /// <c>dis_basename</c> when the dataset is empty), so that two datasets' videos of one name stay apart.
    /// </summary>
    public string VideoKey(int row) => Datasets[row].Length == 0 ? Units[row] : $"{Datasets[row]}/{Units[row]}";

    /// <summary>One feature's values, one per row. Throws <see cref="KeyNotFoundException"/> naming what the corpus has.</summary>
    public ReadOnlySpan<double> Feature(string name) =>
        _features.TryGetValue(name, out var values)
            ? values
            : throw new KeyNotFoundException(
                $"the corpus has no '{name}' column (it has: {string.Join(", ", FeatureNames)})");

    /// <summary>
    /// The features <paramref name="names"/> as a row-major <c>[RowCount, names.Count]</c> float32 matrix, the layout
    /// the regressor and the ONNX <c>features</c> input use. Throws <see cref="KeyNotFoundException"/> naming every
    /// feature the corpus lacks.
    /// </summary>
    public float[] FeatureMatrix(IReadOnlyList<string> names)
    {
        var missing = names.Where(n => !_features.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
        {
            throw new KeyNotFoundException(
                $"the corpus lacks feature(s) {string.Join(", ", missing)} (it has: {string.Join(", ", FeatureNames)})");
        }

        int rows = RowCount;
        int width = names.Count;
        var matrix = new float[rows * width];
        for (int f = 0; f < width; f++)
        {
            double[] column = _features[names[f]];
            for (int r = 0; r < rows; r++)
            {
                matrix[r * width + f] = (float)column[r];
            }
        }

        return matrix;
    }

    public bool HasLabel(string target) => LabelOrNull(target) is not null;

    /// <summary>The label column <paramref name="target"/> (<c>mos</c> or <c>vmaf</c>), one value per row.</summary>
    public IReadOnlyList<double> Label(string target) =>
        LabelOrNull(target) ?? throw new KeyNotFoundException(
            $"the corpus has no '{target}' label (it has: {string.Join(", ", CorpusColumns.Labels.Where(HasLabel).DefaultIfEmpty("none"))})");

    /// <summary>Reads a corpus written by <see cref="Write"/> (or any parquet file with the corpus columns).</summary>
    public static CorpusTable Read(string path) => ReadAsync(path).GetAwaiter().GetResult();

    public static Task<CorpusTable> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        CorpusParquet.ReadAsync(path, cancellationToken);

    /// <summary>Writes the corpus to <paramref name="path"/> through a temporary file and a rename.</summary>
    public void Write(string path) => WriteAsync(path).GetAwaiter().GetResult();

    public Task WriteAsync(string path, CancellationToken cancellationToken = default) =>
        CorpusParquet.WriteAsync(this, path, cancellationToken);

    /// <summary>A summary for <c>corpus describe</c>.</summary>
    public CorpusDescription Describe() => CorpusDescription.Of(this);

    internal double[] FeatureArray(string name) => _features[name];

    private IReadOnlyList<double>? LabelOrNull(string target) => target switch
    {
        CorpusColumns.Mos => Mos,
        CorpusColumns.Vmaf => Vmaf,
        _ => throw new ArgumentException(
            $"'{target}' is not a label; labels are {string.Join(", ", CorpusColumns.Labels)}", nameof(target)),
    };
}
