using Parquet;
using Parquet.Schema;
using TinyVmaf.Features;

namespace TinyVmaf.Corpus;

/// <summary>
/// The corpus on disk: one parquet row group, columns in <see cref="CorpusColumns"/> order. Features and labels
/// are float64 so that a libvmaf log's numbers survive the import exactly; the float32 the model trains on is
/// taken at <see cref="CorpusTable.FeatureMatrix"/>.
/// </summary>
internal static class CorpusParquet
{
    /// <summary>Written into the file's key-value metadata; bumped when the column layout changes meaning.</summary>
    public const string FormatKey = "tinyvmaf.corpus.format";

    public const string FormatVersion = "1";

    public static Task WriteAsync(CorpusTable table, string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, cancel) => WriteAsync(table, stream, cancel), cancellationToken);

    public static async Task WriteAsync(CorpusTable table, Stream stream, CancellationToken cancellationToken)
    {
        var columns = new List<(DataField Field, Func<ParquetRowGroupWriter, DataField, Task> Write)>();
        void Strings(string name, IReadOnlyList<string?> values, bool nullable) =>
            columns.Add((new DataField<string>(name, nullable), (w, f) => w.WriteAsync(f, (IReadOnlyCollection<string>)values)));
        void Doubles(string name, double[] values) =>
            columns.Add((new DataField<double>(name, false), (w, f) => w.WriteAsync(f, new ReadOnlyMemory<double>(values), cancellationToken: cancellationToken)));
        void NullableDoubles(string name, IReadOnlyList<double> values)
        {
            // NaN marks "not known" in memory; on disk it is a null, which every parquet reader understands.
            var data = values.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray();
            columns.Add((new DataField<double>(name, true), (w, f) => w.WriteAsync(f, new ReadOnlyMemory<double?>(data), cancellationToken: cancellationToken)));
        }

        Strings(CorpusColumns.Dataset, table.Datasets, nullable: false);
        Strings(CorpusColumns.Source, table.Sources, nullable: false);
        Strings(CorpusColumns.DisBasename, table.Units, nullable: false);
        var frames = (int[])table.FrameIndices;
        columns.Add((new DataField<int>(CorpusColumns.FrameIndex, false), (w, f) => w.WriteAsync(f, new ReadOnlyMemory<int>(frames), cancellationToken: cancellationToken)));
        Strings(CorpusColumns.Codec, table.Codecs, nullable: false);
        Strings(CorpusColumns.CodecRaw, table.CodecRaw, nullable: false);
        if (table.Mos is { } mos)
        {
            Doubles(CorpusColumns.Mos, (double[])mos);
        }

        if (table.Vmaf is { } vmaf)
        {
            Doubles(CorpusColumns.Vmaf, (double[])vmaf);
        }

        if (table.Encoders is { } encoders)
        {
            Strings(CorpusColumns.Encoder, encoders, nullable: true);
        }

        if (table.Presets is { } presets)
        {
            Strings(CorpusColumns.Preset, presets, nullable: true);
        }

        if (table.Crf is { } crf)
        {
            NullableDoubles(CorpusColumns.Crf, crf);
        }

        if (table.BitrateKbps is { } bitrate)
        {
            NullableDoubles(CorpusColumns.BitrateKbps, bitrate);
        }

        foreach (string name in table.FeatureNames)
        {
            Doubles(name, table.FeatureArray(name));
        }

        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken);
        // Keys in ordinal order: the same corpus gives the same bytes however its notes were gathered.
        var metadata = new Dictionary<string, string>(table.Metadata, StringComparer.Ordinal) { [FormatKey] = FormatVersion };
        writer.CustomMetadata = metadata.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        using var group = writer.CreateRowGroup();
        foreach (var (field, write) in columns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await write(group, field);
        }

        group.CompleteValidate();
    }

    public static async Task<CorpusTable> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
            return await ReadAsync(stream, path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the corpus: {e.Message}", e);
        }
    }

    public static async Task<CorpusTable> ReadAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadCorpusAsync(stream, path, cancellationToken);
        }
        catch (Exception e) when (IsDecodingFailure(e, path))
        {
            throw new InvalidDataException($"{path}: not a readable parquet corpus: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parquet.Net reports a corrupt file through many exception types (its own, Thrift's, and whatever its decoders
    /// hit: IndexOutOfRange, Argument, InvalidData without the file's name, NotSupported, Overflow); each of them says
    /// the file is broken. Our own refusals already name the file and pass through as they are; so do a cancellation
    /// and running out of memory, which are not about the file's bytes.
    /// </summary>
    private static bool IsDecodingFailure(Exception e, string path) =>
        e is not (OperationCanceledException or OutOfMemoryException)
        && !(e is InvalidDataException && e.Message.StartsWith(path + ":", StringComparison.Ordinal));

    private static async Task<CorpusTable> ReadCorpusAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        ParquetPreflight.Check(stream, path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{path}: not a parquet file: {e.Message}", e);
        }

        await using (reader)
        {
            var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            string[] required = [CorpusColumns.Source, CorpusColumns.DisBasename, CorpusColumns.FrameIndex, CorpusColumns.Codec];
            var absent = required.Where(r => !fields.ContainsKey(r)).ToArray();
            if (absent.Length > 0)
            {
                throw new InvalidDataException(
                    $"{path}: not a corpus: it lacks column(s) {string.Join(", ", absent)} (it has: {string.Join(", ", fields.Keys)})");
            }

            var groups = new List<ParquetRowGroupReader>();
            long total = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                groups.Add(group);
                total += group.RowCount;
            }

            // Every column below is allocated at the row count the footer states: a claim, until the file backs it. A
            // corpus row costs at least a byte on disk (its float64 labels and features cost 8 each), so a footer claiming
            // more rows than the file has bytes is refused before anything is allocated for them.
            long available = stream.CanSeek ? stream.Length : long.MaxValue;
            if (total < 0 || total > Math.Min(available, Array.MaxLength))
            {
                throw new InvalidDataException($"{path}: the footer claims {total} rows in a file of {available} bytes; the file is corrupt");
            }

            int rows = (int)total;

            async Task<string?[]?> StringsAsync(string name)
            {
                if (!fields.TryGetValue(name, out var field))
                {
                    return null;
                }

                var all = new string?[rows];
                int at = 0;
                foreach (var group in groups)
                {
                    int n = (int)group.RowCount;
                    var part = new string?[n];
                    await group.ReadAsync(field, part.AsMemory(), cancellationToken: cancellationToken);
                    part.CopyTo(all, at);
                    at += n;
                }

                return all;
            }

            async Task<double[]?> DoublesAsync(string name)
            {
                if (!fields.TryGetValue(name, out var field))
                {
                    return null;
                }

                var all = new double[rows];
                int at = 0;
                foreach (var group in groups)
                {
                    int n = (int)group.RowCount;
                    var target = all.AsMemory(at, n);
                    await ReadNumbersAsync(group, field, path, n, (i, v) => target.Span[i] = v, cancellationToken);
                    at += n;
                }

                return all;
            }

            var sources = await StringsAsync(CorpusColumns.Source);
            var datasets = await StringsAsync(CorpusColumns.Dataset);
            var units = await StringsAsync(CorpusColumns.DisBasename);
            var codecs = await StringsAsync(CorpusColumns.Codec);
            var codecRaw = await StringsAsync(CorpusColumns.CodecRaw) ?? codecs;
            var frameValues = (await DoublesAsync(CorpusColumns.FrameIndex))!;
            var frames = Array.ConvertAll(frameValues, v => checked((int)v));
            var mos = await DoublesAsync(CorpusColumns.Mos);
            var vmaf = await DoublesAsync(CorpusColumns.Vmaf);
            var encoders = await StringsAsync(CorpusColumns.Encoder);
            var presets = await StringsAsync(CorpusColumns.Preset);
            var crf = await DoublesAsync(CorpusColumns.Crf);
            var bitrate = await DoublesAsync(CorpusColumns.BitrateKbps);
            var features = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (string name in FeatureNames.Full)
            {
                if (await DoublesAsync(name) is { } values)
                {
                    features[name] = values;
                }
            }

            string[] NonNull(string?[] values, string name)
            {
                int at = Array.IndexOf(values, null);
                return at < 0
                    ? values.Select(v => v!).ToArray()
                    : throw new InvalidDataException($"{path}: column '{name}' is empty at row {at}");
            }

            var metadata = reader.CustomMetadata is { } notes ? new Dictionary<string, string>(notes, StringComparer.Ordinal) : null;

            // A corpus from before the dataset column: its rows belong to the dataset its notes name (the dataset
            // layouts wrote one), else to the one its file is named after (out/appeal.parquet → appeal).
            string legacyDataset = metadata?.GetValueOrDefault(CorpusColumns.DatasetKey) ?? Path.GetFileNameWithoutExtension(path);
            return new CorpusTable(
                NonNull(sources!, CorpusColumns.Source),
                NonNull(units!, CorpusColumns.DisBasename),
                frames,
                NonNull(codecs!, CorpusColumns.Codec),
                Array.ConvertAll(codecRaw!, v => v ?? ""),
                mos,
                vmaf,
                encoders,
                presets,
                crf,
                bitrate,
                features,
                metadata,
                datasets is null ? Enumerable.Repeat(legacyDataset, rows).ToArray() : Array.ConvertAll(datasets, v => v ?? ""));
        }
    }

    /// <summary>
    /// Reads a numeric column of any of the types other tools write for such data (float32/float64, int32/int64),
    /// nulls as NaN, so that corpora written by pandas or by the lusoris scripts read too.
    /// </summary>
    private static async Task ReadNumbersAsync(
        ParquetRowGroupReader group, DataField field, string path, int n, Action<int, double> store, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(double))
        {
            await ReadAsync<double>(v => v);
        }
        else if (type == typeof(float))
        {
            await ReadAsync<float>(v => v);
        }
        else if (type == typeof(int))
        {
            await ReadAsync<int>(v => v);
        }
        else if (type == typeof(long))
        {
            await ReadAsync<long>(v => v);
        }
        else
        {
            throw new InvalidDataException($"{path}: column '{field.Name}' is {type.Name}, not a number");
        }

        async Task ReadAsync<T>(Func<T, double> convert)
            where T : struct
        {
            if (field.IsNullable)
            {
                var values = new T?[n];
                await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
                for (int i = 0; i < n; i++)
                {
                    store(i, values[i] is { } v ? convert(v) : double.NaN);
                }
            }
            else
            {
                var values = new T[n];
                await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
                for (int i = 0; i < n; i++)
                {
                    store(i, convert(values[i]));
                }
            }
        }
    }
}
