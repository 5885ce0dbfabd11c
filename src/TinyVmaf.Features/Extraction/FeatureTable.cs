namespace TinyVmaf.Features.Extraction;

/// <summary>
/// Per-frame feature values under libvmaf's keys, one column per key in a fixed order. A value never
/// written reads as NaN. Writes are thread-safe so that extractors on several threads share one table.
/// </summary>
public sealed class FeatureTable
{
    private readonly Dictionary<string, int> _columnByKey;
    private readonly List<double[]> _columns = [];
    private readonly List<string> _keys = [];
    private readonly Lock _gate = new();
    private int _frameCount;
    private int _capacity = 64;

    public FeatureTable(IEnumerable<string> keys)
    {
        _columnByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            AddKey(key);
        }
    }

    /// <summary>Column keys, in the order they were declared.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public int FrameCount => _frameCount;

    public bool HasKey(string key) => _columnByKey.ContainsKey(key);

    public double this[int frame, string key] => Column(key)[frame];

    /// <summary>The values of one key for every frame (NaN where unwritten).</summary>
    public ReadOnlySpan<double> Column(string key) =>
        _columnByKey.TryGetValue(key, out int c)
            ? _columns[c].AsSpan(0, _frameCount)
            : throw new KeyNotFoundException($"no feature '{key}' in this table (it has: {string.Join(", ", _keys)})");

    public void Write(int frame, string key, double value)
    {
        lock (_gate)
        {
            if (!_columnByKey.TryGetValue(key, out int c))
            {
                throw new InvalidOperationException($"feature '{key}' was not declared by any extractor");
            }

            EnsureFrames(frame + 1);
            _columns[c][frame] = value;
        }
    }

    /// <summary>Adds (or replaces) a whole column, e.g. a model's per-frame scores.</summary>
    public void SetColumn(string key, ReadOnlySpan<double> values)
    {
        lock (_gate)
        {
            if (!_columnByKey.ContainsKey(key))
            {
                AddKey(key);
            }

            EnsureFrames(values.Length);
            values.CopyTo(_columns[_columnByKey[key]]);
        }
    }

    /// <summary>The frames held, keeping only those whose index is a multiple of <paramref name="every"/>.</summary>
    internal FeatureTable Subsample(int every)
    {
        if (every <= 1)
        {
            return this;
        }

        var table = new FeatureTable(_keys);
        foreach (string key in _keys)
        {
            var source = Column(key);
            var values = new double[(source.Length + every - 1) / every];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = source[i * every];
            }

            table.SetColumn(key, values);
        }

        return table;
    }

    private void AddKey(string key)
    {
        if (_columnByKey.TryAdd(key, _keys.Count))
        {
            _keys.Add(key);
            var column = new double[_capacity];
            column.AsSpan().Fill(double.NaN);
            _columns.Add(column);
        }
    }

    private void EnsureFrames(int count)
    {
        if (count > _frameCount)
        {
            if (count > _capacity)
            {
                _capacity = Math.Max(count, _capacity * 2);
                for (int c = 0; c < _columns.Count; c++)
                {
                    var grown = new double[_capacity];
                    grown.AsSpan().Fill(double.NaN);
                    _columns[c].CopyTo(grown, 0);
                    _columns[c] = grown;
                }
            }

            _frameCount = count;
        }
    }
}
