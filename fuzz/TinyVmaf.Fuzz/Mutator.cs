using System.Buffers.Binary;
using System.Text;

namespace TinyVmaf.Fuzz;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every .NET version and machine, so a
/// finding is reproduced from (target, campaign seed, input index) alone.
/// </summary>
internal struct FuzzRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n); n &gt; 0.</summary>
    public int Next(int n) => (int)(NextUInt64() % (ulong)n);

    public bool Chance(int oneIn) => Next(oneIn) == 0;

    /// <summary>The generator for input <paramref name="index"/> of a campaign: independent of every other input.</summary>
    public static FuzzRandom ForInput(ulong campaignSeed, long index)
    {
        var mix = new FuzzRandom(campaignSeed ^ (0xD1B54A32D192ED03UL * (ulong)(index + 1)));
        return new FuzzRandom(mix.NextUInt64());
    }
}

/// <summary>
/// Our own havoc-style mutator (the operations AFL and libFuzzer use): bit flips, byte sets, inserts, deletes,
/// chunk duplication, splicing with another seed, interesting integers in binary and in ASCII, truncation, and
/// token edits from a per-parser dictionary (header fields, JSON keys, CSV columns, invalid UTF-8).
/// </summary>
internal sealed class Mutator(IReadOnlyList<byte[]> seeds, IReadOnlyList<byte[]> dictionary)
{
    private static readonly long[] InterestingIntegers =
    [
        0, 1, -1, 2, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 1023, 1024, 4095, 4096, 32767, 32768,
        65535, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000, long.MaxValue, long.MinValue, -128, -32768,
    ];

    private static readonly string[] InterestingNumbers =
    [
        "0", "-0", "1", "-1", "2", "3", "9", "10", "16", "255", "256", "32767", "32768", "32769", "60000", "65535", "65536",
        "2147483647", "2147483648", "-2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999", "1e308", "1e309", "-1e308", "5e-324", "1e-400", "NaN", "Infinity", "-Infinity",
        "0.5", "1.5", "0x10", "1e", "--1", "+1", "1.0.0", "",
    ];

    private static readonly byte[][] BuiltinTokens =
    [
        [0xFF], [0xFE, 0xFF], [0xC3, 0x28], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        [0xEF, 0xBB, 0xBF], [0x00], "\n"u8.ToArray(), "\r\n"u8.ToArray(), " "u8.ToArray(), "\""u8.ToArray(),
        ","u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ":"u8.ToArray(),
        "\\"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "null"u8.ToArray(), "../"u8.ToArray(),
        "/"u8.ToArray(), "/etc/passwd"u8.ToArray(),
    ];

    private const int MaxLength = 4 << 20;

    /// <summary>The input for one index: usually a seed under 1 to 8 stacked mutations, now and then a seed as it is.</summary>
    public byte[] Next(ref FuzzRandom random, out int seedIndex)
    {
        seedIndex = random.Next(seeds.Count);
        byte[] data = seeds[seedIndex];
        if (random.Chance(200))
        {
            return (byte[])data.Clone();
        }

        int rounds = 1 << random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            data = MutateOnce(data, ref random);
        }

        return data;
    }

    private byte[] MutateOnce(byte[] data, ref FuzzRandom random)
    {
        if (data.Length == 0)
        {
            return Insert(data, 0, Token(ref random));
        }

        switch (random.Next(13))
        {
            case 0:
            {
                var copy = (byte[])data.Clone();
                int at = random.Next(copy.Length);
                copy[at] ^= (byte)(1 << random.Next(8));
                return copy;
            }

            case 1:
            {
                var copy = (byte[])data.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }

            case 2:
            {
                int n = 1 + random.Next(16);
                var bytes = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    bytes[i] = (byte)random.Next(256);
                }

                return Insert(data, random.Next(data.Length + 1), bytes);
            }

            case 3:
            {
                int at = random.Next(data.Length);
                int n = 1 + random.Next(random.Chance(8) ? data.Length - at : Math.Min(64, data.Length - at));
                return Delete(data, at, n);
            }

            case 4:
            {
                int from = random.Next(data.Length);
                int n = 1 + random.Next(Math.Min(data.Length - from, 256));
                return Insert(data, random.Next(data.Length + 1), data.AsSpan(from, n).ToArray());
            }

            case 5:
            {
                // Splice: this input's head, another seed's tail.
                byte[] other = seeds[random.Next(seeds.Count)];
                int cut = random.Next(data.Length + 1), otherCut = random.Next(other.Length + 1);
                return [.. data.AsSpan(0, cut), .. other.AsSpan(otherCut)];
            }

            case 6:
            {
                var copy = (byte[])data.Clone();
                long value = InterestingIntegers[random.Next(InterestingIntegers.Length)];
                int width = 1 << random.Next(4);
                if (copy.Length < width)
                {
                    return copy;
                }

                int at = random.Next(copy.Length - width + 1);
                Span<byte> bytes = stackalloc byte[8];
                if (random.Chance(2))
                {
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                    bytes[..width].CopyTo(copy.AsSpan(at));
                }
                else
                {
                    BinaryPrimitives.WriteInt64BigEndian(bytes, value);
                    bytes[(8 - width)..].CopyTo(copy.AsSpan(at));
                }

                return copy;
            }

            case 7:
                return ReplaceAsciiNumber(data, ref random);

            case 8:
                return data.AsSpan(0, random.Next(data.Length)).ToArray();

            case 9:
            case 10:
                return ReplaceToken(data, ref random);

            case 11:
                return Insert(data, random.Next(data.Length + 1), Token(ref random));

            default:
            {
                // Header-field edit: mutate the first line (Y4M header, CSV header, a JSON file's first keys) harder.
                int end = Array.IndexOf(data, (byte)'\n');
                end = end < 0 ? Math.Min(data.Length, 256) : end;
                if (end == 0)
                {
                    return Insert(data, 0, Token(ref random));
                }

                int at = random.Next(end);
                return random.Next(3) switch
                {
                    0 => Insert(data, at, Token(ref random)),
                    1 => Delete(data, at, 1 + random.Next(Math.Min(8, end - at))),
                    _ => ReplaceAsciiNumber(data, ref random, at),
                };
            }
        }
    }

    private byte[] Token(ref FuzzRandom random)
    {
        if (dictionary.Count > 0 && random.Chance(2))
        {
            return dictionary[random.Next(dictionary.Count)];
        }

        return random.Chance(3)
            ? Encoding.ASCII.GetBytes(InterestingNumbers[random.Next(InterestingNumbers.Length)])
            : BuiltinTokens[random.Next(BuiltinTokens.Length)];
    }

    /// <summary>Finds a run of digits at or after a random point and puts an interesting number in its place.</summary>
    private static byte[] ReplaceAsciiNumber(byte[] data, ref FuzzRandom random, int? from = null)
    {
        int start = from ?? random.Next(data.Length);
        int i = start;
        while (i < data.Length && !IsDigit(data[i]))
        {
            i++;
        }

        if (i == data.Length)
        {
            return data;
        }

        int end = i;
        while (end < data.Length && (IsDigit(data[end]) || data[end] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'-' or (byte)'+'))
        {
            end++;
        }

        byte[] number = Encoding.ASCII.GetBytes(InterestingNumbers[random.Next(InterestingNumbers.Length)]);
        return [.. data.AsSpan(0, i), .. number, .. data.AsSpan(end)];

        static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
    }

    /// <summary>Replaces one occurrence of a dictionary token the input holds by another token.</summary>
    private byte[] ReplaceToken(byte[] data, ref FuzzRandom random)
    {
        if (dictionary.Count == 0)
        {
            return ReplaceAsciiNumber(data, ref random);
        }

        for (int attempt = 0; attempt < 4; attempt++)
        {
            byte[] token = dictionary[random.Next(dictionary.Count)];
            int from = random.Next(data.Length);
            int relative = data.AsSpan(from).IndexOf(token);
            int at = relative >= 0 ? from + relative : data.AsSpan().IndexOf(token);
            if (at >= 0)
            {
                byte[] replacement = Token(ref random);
                return [.. data.AsSpan(0, at), .. replacement, .. data.AsSpan(at + token.Length)];
            }
        }

        return Insert(data, random.Next(data.Length + 1), Token(ref random));
    }

    private static byte[] Insert(byte[] data, int at, ReadOnlySpan<byte> bytes) =>
        data.Length + bytes.Length > MaxLength ? data : [.. data.AsSpan(0, at), .. bytes, .. data.AsSpan(at)];

    private static byte[] Delete(byte[] data, int at, int count) => [.. data.AsSpan(0, at), .. data.AsSpan(at + count)];
}
