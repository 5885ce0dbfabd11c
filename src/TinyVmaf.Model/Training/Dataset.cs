using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Training;

/// <summary>
/// An in-memory training table, one row per frame: features row-major <c>[N, F]</c>, the label (MOS rescaled
/// to 0..100, or a teacher score such as VMAF), the source (reference) the row was made from, the codec's
/// vocabulary index, and the unit, the distorted video the frame belongs to (the level a MOS lives at).
/// </summary>
/// <remarks>
/// The arrays are taken over, not copied: the caller must not change them afterwards. Construction checks
/// that every value is finite and every codec index is in the vocabulary, and that each unit lies within one
/// source and one codec (a unit straddling two sources would leak across leave-one-source-out folds).
/// </remarks>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly double[] _labels;
    private readonly string[] _sources;
    private readonly int[] _codecs;
    private readonly string[] _units;

    public Dataset(IReadOnlyList<string> featureNames, float[] features, double[] labels, string[] sources, int[] codecs, string[] units)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        int n = labels.Length;
        int f = featureNames.Count;
        if (f == 0)
            throw new ArgumentException("A dataset needs at least one feature.", nameof(featureNames));
        if (featureNames.Distinct(StringComparer.Ordinal).Count() != f || featureNames.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Feature names must be distinct and non-empty.", nameof(featureNames));
        if (features.Length != n * f)
            throw new ArgumentException($"Features hold {features.Length} values, not {n} rows × {f}.", nameof(features));
        if (sources.Length != n || codecs.Length != n || units.Length != n)
            throw new ArgumentException($"Labels, sources, codecs and units must all have {n} entries.");
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new ArgumentException($"Row {i / f} has {features[i]} for feature '{featureNames[i % f]}'.", nameof(features));
        }
        var unitOwner = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(labels[i]))
                throw new ArgumentException($"Row {i} has label {labels[i]}.", nameof(labels));
            if ((uint)codecs[i] >= CodecVocabulary.Count)
                throw new ArgumentException($"Row {i} has codec index {codecs[i]}, outside the vocabulary.", nameof(codecs));
            if (sources[i] is null || units[i] is null)
                throw new ArgumentException($"Row {i} has no source or no unit.");
            if (unitOwner.TryGetValue(units[i], out int first))
            {
                if (!string.Equals(sources[first], sources[i], StringComparison.Ordinal) || codecs[first] != codecs[i])
                    throw new ArgumentException($"Unit '{units[i]}' spans two sources or codecs (rows {first} and {i}).", nameof(units));
            }
            else
            {
                unitOwner.Add(units[i], i);
            }
        }

        FeatureNames = featureNames.ToArray();
        _features = features;
        _labels = labels;
        _sources = sources;
        _codecs = codecs;
        _units = units;
        DistinctSources = sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        UnitCount = unitOwner.Count;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public int FeatureCount => FeatureNames.Count;

    public int RowCount => _labels.Length;

    /// <summary>Row-major <c>[RowCount, FeatureCount]</c>.</summary>
    public ReadOnlySpan<float> Features => _features;

    public ReadOnlySpan<double> Labels => _labels;

    public IReadOnlyList<string> Sources => _sources;

    /// <summary>Vocabulary indices (<see cref="CodecVocabulary"/>).</summary>
    public ReadOnlySpan<int> Codecs => _codecs;

    public IReadOnlyList<string> Units => _units;

    /// <summary>The sources, in ordinal order: the leave-one-source-out folds, in fold order.</summary>
    public IReadOnlyList<string> DistinctSources { get; }

    public int UnitCount { get; }

    public ReadOnlySpan<float> Row(int row) => _features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>A dataset of the given rows, in the given order.</summary>
    public Dataset SelectRows(IEnumerable<int> rows)
    {
        var list = rows.ToArray();
        var features = new float[list.Length * FeatureCount];
        for (int i = 0; i < list.Length; i++)
            Row(list[i]).CopyTo(features.AsSpan(i * FeatureCount, FeatureCount));
        return new Dataset(FeatureNames, features,
            list.Select(r => _labels[r]).ToArray(),
            list.Select(r => _sources[r]).ToArray(),
            list.Select(r => _codecs[r]).ToArray(),
            list.Select(r => _units[r]).ToArray());
    }

    /// <summary>A dataset with only the named features, in the given order.</summary>
    public Dataset SelectFeatures(IReadOnlyList<string> names)
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < FeatureCount; k++)
            position[FeatureNames[k]] = k;
        var index = new int[names.Count];
        for (int k = 0; k < names.Count; k++)
        {
            if (!position.TryGetValue(names[k], out index[k]))
                throw new ArgumentException($"The dataset has no feature '{names[k]}'.", nameof(names));
        }
        var features = new float[RowCount * names.Count];
        for (int r = 0; r < RowCount; r++)
        {
            var row = Row(r);
            for (int k = 0; k < index.Length; k++)
                features[r * names.Count + k] = row[index[k]];
        }
        return new Dataset(names, features, _labels, _sources, _codecs, _units);
    }
}
