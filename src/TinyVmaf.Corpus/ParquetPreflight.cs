namespace TinyVmaf.Corpus;

/// <summary>
/// Checks a parquet file's sizes before Parquet.Net reads it. Parquet.Net allocates what the file's headers state (a
/// footer string of 133 MB in a 2 KB file, a page of 250 MB) before it reads the bytes, so a corrupt or hostile
/// file could make it allocate gigabytes. Here every length and count in the footer, and every page header of every
/// column chunk, is walked (Thrift's compact protocol, which both are written in) and checked against the bytes
/// that are really there; only then does Parquet.Net see the file. Each refusal is an <see cref="InvalidDataException"/>
/// naming the file.
/// </summary>
internal static class ParquetPreflight
{
    /// <summary>A page may decompress to this many times its stored size (gzip's worst case is about 1032:1), plus a floor.</summary>
    private const long MaxExpansion = 1100;

    private const long ExpansionFloor = 1 << 20;

    private const int MaxDepth = 32;

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    public static void Check(Stream stream, string path)
    {
        if (!stream.CanSeek)
        {
            return;
        }

        long length = stream.Length;
        if (length < 12)
        {
            throw Corrupt(path, $"{length} bytes is too short for a parquet file");
        }

        Span<byte> tail = stackalloc byte[8];
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        Span<byte> head = stackalloc byte[4];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (!tail[4..].SequenceEqual(Magic) || !head.SequenceEqual(Magic))
        {
            throw Corrupt(path, "no PAR1 marker at its start and end");
        }

        long footerLength = BitConverter.ToUInt32(tail[..4]);
        long footerStart = length - 8 - footerLength;
        if (footerLength == 0 || footerStart < 4)
        {
            throw Corrupt(path, $"its footer claims {footerLength} bytes in a file of {length}");
        }

        byte[] footer = new byte[footerLength];
        stream.Position = footerStart;
        stream.ReadExactly(footer);
        var chunks = new List<ColumnChunk>();
        long rows = 0;
        try
        {
            var reader = new CompactReader(footer);
            ReadFileMetaData(ref reader, chunks, ref rows);
        }
        catch (Malformed e)
        {
            throw Corrupt(path, $"its footer is malformed: {e.Message}");
        }

        if (rows < 0 || rows > length)
        {
            throw Corrupt(path, $"its footer claims {rows} rows in a file of {length} bytes");
        }

        foreach (var chunk in chunks)
        {
            CheckPages(stream, path, chunk, footerStart, rows);
        }

        stream.Position = 0;
    }

    private static void CheckPages(Stream stream, string path, ColumnChunk chunk, long footerStart, long rows)
    {
        long start = chunk.DictionaryPageOffset is > 0 and long dictionary ? Math.Min(dictionary, chunk.DataPageOffset) : chunk.DataPageOffset;
        long end = start + chunk.TotalCompressedSize;
        if (start < 4 || chunk.TotalCompressedSize < 0 || end > footerStart || end < start)
        {
            throw Corrupt(path, $"a column chunk claims bytes {start}..{end}, outside the data part of the file (4..{footerStart})");
        }

        if (chunk.NumValues < 0 || chunk.NumValues > Math.Max(rows, 0))
        {
            throw Corrupt(path, $"a column chunk claims {chunk.NumValues} values in a file of {rows} rows");
        }

        long at = start;
        int window = 1 << 16;
        while (at < end)
        {
            int available = (int)Math.Min(end - at, window);
            byte[] bytes = new byte[available];
            stream.Position = at;
            stream.ReadExactly(bytes);
            var reader = new CompactReader(bytes);
            PageHeader page;
            try
            {
                page = ReadPageHeader(ref reader);
            }
            catch (Malformed) when (available < end - at && window < 1 << 24)
            {
                // A header longer than the window (large statistics): read more of the chunk and walk it again.
                window <<= 2;
                continue;
            }
            catch (Malformed e)
            {
                throw Corrupt(path, $"a page header at byte {at} is malformed: {e.Message}");
            }

            long body = at + reader.Position;
            if (page.CompressedSize < 0 || page.CompressedSize > end - body)
            {
                throw Corrupt(path, $"a page at byte {at} claims {page.CompressedSize} bytes where its column chunk has {end - body} left");
            }

            if (page.UncompressedSize < 0 || page.UncompressedSize > page.CompressedSize * MaxExpansion + ExpansionFloor)
            {
                throw Corrupt(path, $"a page at byte {at} claims to decompress {page.CompressedSize} bytes into {page.UncompressedSize}");
            }

            if (page.NumValues < 0 || page.NumValues > Math.Max(rows, 0))
            {
                throw Corrupt(path, $"a page at byte {at} claims {page.NumValues} values in a file of {rows} rows");
            }

            if (chunk.Codec == Snappy && page.CompressedSize > 0)
            {
                // Snappy allocates the length its stream's preamble states, not the page header's: it must agree.
                ulong stated = SnappyPreamble(stream, body, (int)Math.Min(page.CompressedSize, 10));
                if (stated > (ulong)page.UncompressedSize)
                {
                    throw Corrupt(path, $"a page at byte {at} holds a snappy stream of {stated} bytes where its header says {page.UncompressedSize}");
                }
            }

            at = body + page.CompressedSize;
        }
    }

    private static ulong SnappyPreamble(Stream stream, long at, int count)
    {
        Span<byte> bytes = stackalloc byte[10];
        stream.Position = at;
        stream.ReadExactly(bytes[..count]);
        ulong value = 0;
        for (int i = 0, shift = 0; i < count; i++, shift += 7)
        {
            value |= (ulong)(bytes[i] & 0x7F) << shift;
            if ((bytes[i] & 0x80) == 0)
            {
                return value;
            }
        }

        return ulong.MaxValue;
    }

    private static InvalidDataException Corrupt(string path, string problem) => new($"{path}: not a readable parquet corpus: {problem}");

    private sealed class ColumnChunk
    {
        public long DataPageOffset { get; set; }

        public long? DictionaryPageOffset { get; set; }

        public long TotalCompressedSize { get; set; }

        public long NumValues { get; set; }

        public long Codec { get; set; }
    }

    /// <summary>ColumnMetaData's codec for Snappy, whose stream starts with the length it decompresses to.</summary>
    private const long Snappy = 1;

    private readonly record struct PageHeader(long UncompressedSize, long CompressedSize, long NumValues);

    /// <summary>The structs of parquet.thrift that Parquet.Net reads (each a node of <see cref="Schema"/>).</summary>
    private enum Kind
    {
        Empty, FileMetaData, SchemaElement, LogicalType, DecimalType, TimeType, TimeUnit, IntType, VariantType, GeometryType,
        GeographyType, RowGroup, SortingColumn, ColumnChunk, ColumnCryptoMetaData, EncryptionWithColumnKey, ColumnMetaData,
        KeyValue, Statistics, PageEncodingStats, SizeStatistics, GeospatialStatistics, BoundingBox, ColumnOrder,
        EncryptionAlgorithm, AesGcm, PageHeader, DataPageHeader, DictionaryPageHeader, DataPageHeaderV2,
    }

    /// <summary>A field's wire type, its list's element type, and the struct it (or its list's elements) is.</summary>
    private readonly record struct FieldType(byte Type, byte Element = 0, Kind Struct = Kind.Empty);

    private const byte Bool = 1, I8 = 3, I16 = 4, I32 = 5, I64 = 6, F64 = 7, Bin = 8, Lst = 9, Str = 12;

    /// <summary>
    /// parquet.thrift's field ids and types. Parquet.Net reads a known field as its declared type whatever the wire
    /// says (a byte-typed field 6 of the footer is read as a string whose length is the next bytes), so a file whose
    /// wire types disagree with these is refused here; with them agreeing, this walk and Parquet.Net's read the same
    /// bytes the same way, and every size Parquet.Net will allocate has been checked.
    /// </summary>
    private static readonly Dictionary<(Kind, short), FieldType> Schema = BuildSchema();

    private static Dictionary<(Kind, short), FieldType> BuildSchema()
    {
        var schema = new Dictionary<(Kind, short), FieldType>();
        void Add(Kind kind, params (short Id, FieldType Type)[] fields)
        {
            foreach (var (id, type) in fields)
            {
                schema[(kind, id)] = type;
            }
        }

        FieldType T(byte type) => new(type);
        FieldType S(Kind kind) => new(Str, 0, kind);
        FieldType L(byte element, Kind kind = Kind.Empty) => new(Lst, element, kind);
        Add(Kind.FileMetaData, (1, T(I32)), (2, L(Str, Kind.SchemaElement)), (3, T(I64)), (4, L(Str, Kind.RowGroup)),
            (5, L(Str, Kind.KeyValue)), (6, T(Bin)), (7, L(Str, Kind.ColumnOrder)), (8, S(Kind.EncryptionAlgorithm)), (9, T(Bin)));
        Add(Kind.SchemaElement, (1, T(I32)), (2, T(I32)), (3, T(I32)), (4, T(Bin)), (5, T(I32)), (6, T(I32)), (7, T(I32)),
            (8, T(I32)), (9, T(I32)), (10, S(Kind.LogicalType)));
        Add(Kind.LogicalType, (1, S(Kind.Empty)), (2, S(Kind.Empty)), (3, S(Kind.Empty)), (4, S(Kind.Empty)), (5, S(Kind.DecimalType)),
            (6, S(Kind.Empty)), (7, S(Kind.TimeType)), (8, S(Kind.TimeType)), (10, S(Kind.IntType)), (11, S(Kind.Empty)),
            (12, S(Kind.Empty)), (13, S(Kind.Empty)), (14, S(Kind.Empty)), (15, S(Kind.Empty)), (16, S(Kind.VariantType)),
            (17, S(Kind.GeometryType)), (18, S(Kind.GeographyType)));
        Add(Kind.DecimalType, (1, T(I32)), (2, T(I32)));
        Add(Kind.TimeType, (1, T(Bool)), (2, S(Kind.TimeUnit)));
        Add(Kind.TimeUnit, (1, S(Kind.Empty)), (2, S(Kind.Empty)), (3, S(Kind.Empty)));
        Add(Kind.IntType, (1, T(I8)), (2, T(Bool)));
        Add(Kind.VariantType, (1, T(I8)));
        Add(Kind.GeometryType, (1, T(Bin)));
        Add(Kind.GeographyType, (1, T(Bin)), (2, T(I32)));
        Add(Kind.RowGroup, (1, L(Str, Kind.ColumnChunk)), (2, T(I64)), (3, T(I64)), (4, L(Str, Kind.SortingColumn)), (5, T(I64)),
            (6, T(I64)), (7, T(I16)));
        Add(Kind.SortingColumn, (1, T(I32)), (2, T(Bool)), (3, T(Bool)));
        Add(Kind.ColumnChunk, (1, T(Bin)), (2, T(I64)), (3, S(Kind.ColumnMetaData)), (4, T(I64)), (5, T(I32)), (6, T(I64)),
            (7, T(I32)), (8, S(Kind.ColumnCryptoMetaData)), (9, T(Bin)));
        Add(Kind.ColumnCryptoMetaData, (1, S(Kind.Empty)), (2, S(Kind.EncryptionWithColumnKey)));
        Add(Kind.EncryptionWithColumnKey, (1, L(Bin)), (2, T(Bin)));
        Add(Kind.ColumnMetaData, (1, T(I32)), (2, L(I32)), (3, L(Bin)), (4, T(I32)), (5, T(I64)), (6, T(I64)), (7, T(I64)),
            (8, L(Str, Kind.KeyValue)), (9, T(I64)), (10, T(I64)), (11, T(I64)), (12, S(Kind.Statistics)),
            (13, L(Str, Kind.PageEncodingStats)), (14, T(I64)), (15, T(I32)), (16, S(Kind.SizeStatistics)), (17, S(Kind.GeospatialStatistics)));
        Add(Kind.KeyValue, (1, T(Bin)), (2, T(Bin)));
        Add(Kind.Statistics, (1, T(Bin)), (2, T(Bin)), (3, T(I64)), (4, T(I64)), (5, T(Bin)), (6, T(Bin)), (7, T(Bool)), (8, T(Bool)));
        Add(Kind.PageEncodingStats, (1, T(I32)), (2, T(I32)), (3, T(I32)));
        Add(Kind.SizeStatistics, (1, T(I64)), (2, L(I64)), (3, L(I64)));
        Add(Kind.GeospatialStatistics, (1, S(Kind.BoundingBox)), (2, L(I32)));
        Add(Kind.BoundingBox, (1, T(F64)), (2, T(F64)), (3, T(F64)), (4, T(F64)), (5, T(F64)), (6, T(F64)), (7, T(F64)), (8, T(F64)));
        Add(Kind.ColumnOrder, (1, S(Kind.Empty)));
        Add(Kind.EncryptionAlgorithm, (1, S(Kind.AesGcm)), (2, S(Kind.AesGcm)));
        Add(Kind.AesGcm, (1, T(Bin)), (2, T(Bin)), (3, T(Bool)));
        Add(Kind.PageHeader, (1, T(I32)), (2, T(I32)), (3, T(I32)), (4, T(I32)), (5, S(Kind.DataPageHeader)), (6, S(Kind.Empty)),
            (7, S(Kind.DictionaryPageHeader)), (8, S(Kind.DataPageHeaderV2)));
        Add(Kind.DataPageHeader, (1, T(I32)), (2, T(I32)), (3, T(I32)), (4, T(I32)), (5, S(Kind.Statistics)));
        Add(Kind.DictionaryPageHeader, (1, T(I32)), (2, T(I32)), (3, T(Bool)));
        Add(Kind.DataPageHeaderV2, (1, T(I32)), (2, T(I32)), (3, T(I32)), (4, T(I32)), (5, T(I32)), (6, T(I32)), (7, T(Bool)),
            (8, S(Kind.Statistics)));
        return schema;
    }

    /// <summary>What a walk reports: a struct entered, an integer field read.</summary>
    private interface IVisitor
    {
        void Enter(Kind kind);

        void Integer(Kind kind, short field, long value);
    }

    /// <summary>Collects the row groups' rows and each column chunk's sizes and offsets from the footer.</summary>
    private sealed class FooterVisitor : IVisitor
    {
        public List<ColumnChunk> Chunks { get; } = [];

        public long Rows { get; private set; }

        private ColumnChunk? _current;

        public void Enter(Kind kind)
        {
            if (kind == Kind.ColumnMetaData)
            {
                _current = new ColumnChunk();
                Chunks.Add(_current);
            }
        }

        public void Integer(Kind kind, short field, long value)
        {
            if (kind == Kind.RowGroup && field == 3)
            {
                Rows = value < 0 || Rows + value < Rows ? -1 : Rows < 0 ? -1 : Rows + value;
            }
            else if (kind == Kind.ColumnMetaData && _current is { } chunk)
            {
                switch (field)
                {
                    case 4: chunk.Codec = value; break;
                    case 5: chunk.NumValues = value; break;
                    case 7: chunk.TotalCompressedSize = value; break;
                    case 9: chunk.DataPageOffset = value; break;
                    case 11: chunk.DictionaryPageOffset = value; break;
                }
            }
        }
    }

    /// <summary>Collects a page header's sizes and value count.</summary>
    private sealed class PageVisitor : IVisitor
    {
        public long UncompressedSize { get; private set; }

        public long CompressedSize { get; private set; }

        public long NumValues { get; private set; }

        public void Enter(Kind kind)
        {
        }

        public void Integer(Kind kind, short field, long value)
        {
            if (kind == Kind.PageHeader && field == 2)
            {
                UncompressedSize = value;
            }
            else if (kind == Kind.PageHeader && field == 3)
            {
                CompressedSize = value;
            }
            else if (kind is Kind.DataPageHeader or Kind.DictionaryPageHeader or Kind.DataPageHeaderV2 && field == 1)
            {
                NumValues = value;
            }
        }
    }

    private static void ReadFileMetaData(ref CompactReader reader, List<ColumnChunk> chunks, ref long rows)
    {
        var visitor = new FooterVisitor();
        reader.Struct(Kind.FileMetaData, visitor, 0);
        chunks.AddRange(visitor.Chunks);
        rows = visitor.Rows;
    }

    private static PageHeader ReadPageHeader(ref CompactReader reader)
    {
        var visitor = new PageVisitor();
        reader.Struct(Kind.PageHeader, visitor, 0);
        return new PageHeader(visitor.UncompressedSize, visitor.CompressedSize, visitor.NumValues);
    }

    /// <summary>
    /// Thrift's compact protocol over a buffer: every length and count is checked against the bytes left, known fields
    /// against <see cref="Schema"/>, unknown ones skipped as Parquet.Net skips them.
    /// </summary>
    private ref struct CompactReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        private readonly int Remaining => _data.Length - Position;

        public void Struct(Kind kind, IVisitor visitor, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new Malformed($"structures nest deeper than {MaxDepth}");
            }

            visitor.Enter(kind);
            short field = 0;
            while (true)
            {
                byte header = Byte();
                if (header == 0)
                {
                    return;
                }

                byte type = (byte)(header & 0x0F);
                int delta = header >> 4;
                field = delta == 0 ? (short)ZigZag32() : (short)(field + delta);
                if (!Schema.TryGetValue((kind, field), out var expected))
                {
                    Skip(type, depth + 1);
                    continue;
                }

                bool matches = expected.Type == Bool ? type is 1 or 2 : type == expected.Type;
                if (!matches)
                {
                    throw new Malformed($"{kind} field {field} has wire type {type} where parquet.thrift declares {expected.Type}");
                }

                switch (expected.Type)
                {
                    case Bool:
                        break;
                    case Str:
                        Struct(expected.Struct, visitor, depth + 1);
                        break;
                    case Lst:
                    {
                        int count = ListHeader(out byte element);
                        if (count > 0 && element != expected.Element)
                        {
                            throw new Malformed($"{kind} field {field} is a list of wire type {element} where parquet.thrift declares {expected.Element}");
                        }

                        for (int i = 0; i < count; i++)
                        {
                            if (element == Str)
                            {
                                Struct(expected.Struct, visitor, depth + 1);
                            }
                            else
                            {
                                Skip(element, depth + 1);
                            }
                        }

                        break;
                    }

                    case I16 or I32:
                        visitor.Integer(kind, field, ZigZag32());
                        break;
                    case I64:
                        visitor.Integer(kind, field, ZigZag64());
                        break;
                    default:
                        Skip(type, depth + 1);
                        break;
                }
            }
        }

        private int ListHeader(out byte element)
        {
            byte header = Byte();
            element = (byte)(header & 0x0F);
            long size = header >> 4;
            if (size == 15)
            {
                size = Varint32();
            }

            // Every element takes at least one byte.
            if (size > Remaining)
            {
                throw new Malformed($"a list claims {size} elements with {Remaining} bytes left");
            }

            return (int)size;
        }

        private void Skip(byte type, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new Malformed($"structures nest deeper than {MaxDepth}");
            }

            switch (type)
            {
                case 1 or 2:
                    break;
                case I8:
                    Byte();
                    break;
                case I16 or I32:
                    Varint32();
                    break;
                case I64:
                    Varint64();
                    break;
                case F64:
                    Take(8);
                    break;
                case Bin:
                    Take(Varint32());
                    break;
                case Lst or 10:
                {
                    int count = ListHeader(out byte element);
                    // Parquet.Net skips a boolean element as no bytes where the protocol stores one: refuse what the
                    // two would read differently.
                    if (count > 0 && element is 1 or 2)
                    {
                        throw new Malformed("a list of booleans in a field Parquet.Net skips");
                    }

                    for (int i = 0; i < count; i++)
                    {
                        Skip(element, depth + 1);
                    }

                    break;
                }

                case 11:
                {
                    long count = Varint32();
                    if (count == 0)
                    {
                        break;
                    }

                    if (count > Remaining)
                    {
                        throw new Malformed($"a map claims {count} entries with {Remaining} bytes left");
                    }

                    byte kinds = Byte();
                    if ((kinds >> 4) is 1 or 2 || (kinds & 0x0F) is 1 or 2)
                    {
                        throw new Malformed("a map of booleans in a field Parquet.Net skips");
                    }

                    for (long i = 0; i < count; i++)
                    {
                        Skip((byte)(kinds >> 4), depth + 1);
                        Skip((byte)(kinds & 0x0F), depth + 1);
                    }

                    break;
                }

                case Str:
                {
                    short field = 0;
                    while (true)
                    {
                        byte header = Byte();
                        if (header == 0)
                        {
                            break;
                        }

                        int delta = header >> 4;
                        field = delta == 0 ? (short)ZigZag32() : (short)(field + delta);
                        Skip((byte)(header & 0x0F), depth + 1);
                    }

                    break;
                }

                default:
                    throw new Malformed($"unknown compact type {type}");
            }
        }

        private long ZigZag32()
        {
            uint raw = (uint)Varint32();
            return (int)(raw >> 1) ^ -(int)(raw & 1);
        }

        private long ZigZag64()
        {
            ulong raw = Varint64();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        /// <summary>A 32-bit varint as Parquet.Net reads lengths and counts: at most 5 bytes, at most 32 bits.</summary>
        private long Varint32()
        {
            ulong value = Varint64();
            return value <= uint.MaxValue ? (long)value : throw new Malformed("a 32-bit varint over 32 bits");
        }

        private ulong Varint64()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Byte();
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new Malformed("a varint longer than 10 bytes");
        }

        private byte Byte()
        {
            if (Remaining < 1)
            {
                throw new Malformed("it ends inside a structure");
            }

            return _data[Position++];
        }

        private void Take(long count)
        {
            if (count > Remaining)
            {
                throw new Malformed($"a value claims {count} bytes with {Remaining} left");
            }

            Position += (int)count;
        }
    }

    private sealed class Malformed(string message) : Exception(message);
}
