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
        catch (CompactReader.Malformed e)
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
            catch (CompactReader.Malformed) when (available < end - at && window < 1 << 24)
            {
                // A header longer than the window (large statistics): read more of the chunk and walk it again.
                window <<= 2;
                continue;
            }
            catch (CompactReader.Malformed e)
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

    private sealed record ColumnChunk(long DataPageOffset, long? DictionaryPageOffset, long TotalCompressedSize, long NumValues, long Codec);

    /// <summary>ColumnMetaData's codec for Snappy, whose stream starts with the length it decompresses to.</summary>
    private const long Snappy = 1;

    private readonly record struct PageHeader(long UncompressedSize, long CompressedSize, long NumValues);

    // The parts of parquet.thrift read here (field ids): FileMetaData { 4: list<RowGroup> row_groups }, RowGroup
    // { 1: list<ColumnChunk> columns, 3: i64 num_rows }, ColumnChunk { 3: ColumnMetaData meta_data }, ColumnMetaData
    // { 5: i64 num_values, 7: i64 total_compressed_size, 9: i64 data_page_offset, 11: i64 dictionary_page_offset },
    // PageHeader { 2: i32 uncompressed_page_size, 3: i32 compressed_page_size, 5/7/8: the page kind's header, whose
    // field 1 is its i32 num_values }. Everything else is walked for its sizes and skipped.
    private static void ReadFileMetaData(ref CompactReader reader, List<ColumnChunk> chunks, ref long rows)
    {
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == 4 && type == CompactReader.List)
            {
                int count = reader.ListHeader(out byte element);
                for (int i = 0; i < count; i++)
                {
                    if (element != CompactReader.Struct)
                    {
                        reader.Skip(element, 1);
                        continue;
                    }

                    rows += ReadRowGroup(ref reader, chunks);
                }
            }
            else
            {
                reader.Skip(type, 1);
            }
        }
    }

    private static long ReadRowGroup(ref CompactReader reader, List<ColumnChunk> chunks)
    {
        long rows = 0;
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == 1 && type == CompactReader.List)
            {
                int count = reader.ListHeader(out byte element);
                for (int i = 0; i < count; i++)
                {
                    if (element == CompactReader.Struct)
                    {
                        ReadColumnChunk(ref reader, chunks);
                    }
                    else
                    {
                        reader.Skip(element, 2);
                    }
                }
            }
            else if (field == 3 && type == CompactReader.I64)
            {
                rows = reader.ZigZag();
            }
            else
            {
                reader.Skip(type, 2);
            }
        }

        return rows;
    }

    private static void ReadColumnChunk(ref CompactReader reader, List<ColumnChunk> chunks)
    {
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (field == 3 && type == CompactReader.Struct)
            {
                long values = 0, compressed = 0, data = 0, codec = 0;
                long? dictionary = null;
                short inner = 0;
                while (reader.NextField(ref inner, out byte innerType))
                {
                    if (innerType == CompactReader.I32 && inner == 4)
                    {
                        codec = reader.ZigZag();
                    }
                    else if (innerType == CompactReader.I64 && inner is 5 or 7 or 9 or 11)
                    {
                        long value = reader.ZigZag();
                        switch (inner)
                        {
                            case 5: values = value; break;
                            case 7: compressed = value; break;
                            case 9: data = value; break;
                            default: dictionary = value; break;
                        }
                    }
                    else
                    {
                        reader.Skip(innerType, 4);
                    }
                }

                chunks.Add(new ColumnChunk(data, dictionary, compressed, values, codec));
            }
            else
            {
                reader.Skip(type, 3);
            }
        }
    }

    private static PageHeader ReadPageHeader(ref CompactReader reader)
    {
        long uncompressed = 0, compressed = 0, values = 0;
        short field = 0;
        while (reader.NextField(ref field, out byte type))
        {
            if (type == CompactReader.I32 && field is 2 or 3)
            {
                long value = reader.ZigZag();
                (uncompressed, compressed) = field == 2 ? (value, compressed) : (uncompressed, value);
            }
            else if (type == CompactReader.Struct && field is 5 or 7 or 8)
            {
                short inner = 0;
                while (reader.NextField(ref inner, out byte innerType))
                {
                    if (inner == 1 && innerType == CompactReader.I32)
                    {
                        values = reader.ZigZag();
                    }
                    else
                    {
                        reader.Skip(innerType, 2);
                    }
                }
            }
            else
            {
                reader.Skip(type, 1);
            }
        }

        return new PageHeader(uncompressed, compressed, values);
    }

    /// <summary>Thrift's compact protocol over a buffer: every length and count is checked against the bytes left.</summary>
    private ref struct CompactReader(ReadOnlySpan<byte> data)
    {
        public const byte I32 = 5;
        public const byte I64 = 6;
        public const byte List = 9;
        public const byte Struct = 12;

        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        private readonly int Remaining => _data.Length - Position;

        /// <summary>The next field of a struct; false at its stop byte.</summary>
        public bool NextField(ref short field, out byte type)
        {
            byte header = Byte();
            type = (byte)(header & 0x0F);
            if (header == 0)
            {
                return false;
            }

            int delta = header >> 4;
            field = delta == 0 ? (short)ZigZag() : (short)(field + delta);
            return true;
        }

        public int ListHeader(out byte element)
        {
            byte header = Byte();
            element = (byte)(header & 0x0F);
            long size = header >> 4;
            if (size == 15)
            {
                size = (long)Varint();
            }

            // Every element takes at least one byte.
            if (size > Remaining)
            {
                throw new Malformed($"a list claims {size} elements with {Remaining} bytes left");
            }

            return (int)size;
        }

        public void Skip(byte type, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new Malformed($"structures nest deeper than {MaxDepth}");
            }

            switch (type)
            {
                case 1 or 2:
                    break;
                case 3:
                    Byte();
                    break;
                case 4 or I32 or I64:
                    Varint();
                    break;
                case 7:
                    Take(8);
                    break;
                case 8:
                    Take(Varint());
                    break;
                case List or 10:
                {
                    int count = ListHeader(out byte element);
                    for (int i = 0; i < count; i++)
                    {
                        if (element is 1 or 2)
                        {
                            Byte();
                        }
                        else
                        {
                            Skip(element, depth + 1);
                        }
                    }

                    break;
                }

                case 11:
                {
                    ulong count = Varint();
                    if (count == 0)
                    {
                        break;
                    }

                    if (count > (ulong)Remaining)
                    {
                        throw new Malformed($"a map claims {count} entries with {Remaining} bytes left");
                    }

                    byte kinds = Byte();
                    for (ulong i = 0; i < count; i++)
                    {
                        Skip((byte)(kinds >> 4), depth + 1);
                        Skip((byte)(kinds & 0x0F), depth + 1);
                    }

                    break;
                }

                case Struct:
                {
                    short field = 0;
                    while (NextField(ref field, out byte inner))
                    {
                        Skip(inner, depth + 1);
                    }

                    break;
                }

                default:
                    throw new Malformed($"unknown compact type {type}");
            }
        }

        public long ZigZag()
        {
            ulong raw = Varint();
            return (long)(raw >> 1) ^ -(long)(raw & 1);
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 70; shift += 7)
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

        private void Take(ulong count)
        {
            if (count > (ulong)Remaining)
            {
                throw new Malformed($"a value claims {count} bytes with {Remaining} left");
            }

            Position += (int)count;
        }

        public sealed class Malformed(string message) : Exception(message);
    }
}
