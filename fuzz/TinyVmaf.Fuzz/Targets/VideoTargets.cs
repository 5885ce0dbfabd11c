using System.Buffers.Binary;
using System.Text;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Fuzz.Targets;

/// <summary>Y4M: the stream header, frame headers and frame bodies, read to the end as a scorer would.</summary>
internal sealed class Y4mTarget : FuzzTarget
{
    private const int MaxFrames = 8;
    private readonly List<byte[]> _seeds = [];

    public Y4mTarget(FuzzEnvironment environment)
        : base(environment)
    {
        InputPath = File("input.y4m");
        foreach (var (colorspace, width, height) in new[]
                 {
                     ("420jpeg", 8, 4), ("420mpeg2", 6, 2), ("420paldv", 4, 4), ("420", 2, 2), ("422", 8, 2), ("422p10", 4, 3),
                     ("444", 3, 5), ("444p12", 2, 2), ("mono", 5, 3), ("mono16", 4, 2), ("420p10", 8, 4), ("420p16", 2, 2),
                 })
        {
            _seeds.Add(Synthetic(colorspace, width, height, frames: 2, extras: " F25:1 Ip A1:1", frameParameters: ""));
        }

        _seeds.Add(Synthetic("420jpeg", 4, 2, frames: 3, extras: " F30000:1001 A0:0 XYSCSS=420JPEG", frameParameters: " Ixyz"));
        _seeds.Add(Synthetic("422", 4, 2, frames: 1, extras: "", frameParameters: ""));

        // Real clips, cut to two frames: the repository's golden test data and, when present, ../shared's clips.
        foreach (string? clip in new[]
                 {
                     environment.Repo("tests", "TinyVmaf.Features.Tests", "TestData", "golden", "coffee.y4m"),
                     environment.Repo("tests", "TinyVmaf.Features.Tests", "TestData", "golden", "chelsea10.y4m"),
                     environment.Shared("golden", "clips", "rocket422.y4m"),
                     environment.Shared("golden", "clips", "moto444.y4m"),
                 })
        {
            if (clip is not null && System.IO.File.Exists(clip) && CutToFrames(clip, 2) is { } cut)
            {
                _seeds.Add(cut);
            }
        }
    }

    public string InputPath { get; }

    public override string Name => "y4m";

    public override string Description => "Y4mReader: stream header, frame headers, frames (VideoInputException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "YUV4MPEG2", "YUV4MPEG2 ", " W", " H", "W384", "H216", "W0", "H0", "W-1", "W60000", "H60000", "W32768", "H32768",
            "W65536", "W4294967297", "C420jpeg", "C420mpeg2", "C420paldv", "C420p10", "C420p16", "C420p9", "C422", "C422p10",
            "C444", "C444p12", "Cmono", "Cmono16", "Cmono10", "C411", "C420p", "Cp10", "C", "F25:1", "F30000:1001", "F0:0",
            "F1:0", "F-1:1", "Ip", "A1:1", "XYSCSS=420JPEG", "FRAME", "FRAME ", "FRAME Ixx", "FRAMEX", "\n", " ",
        }.Select(Encoding.ASCII.GetBytes),
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(VideoInputException)];

    public override void Run(byte[] input, int seedIndex)
    {
        using var stream = new MemoryStream(input, writable: false);
        using var reader = Y4mReader.FromStream(stream, InputPath);
        var frame = new Frame(reader.Format);
        for (int i = 0; i < MaxFrames && reader.ReadFrame(frame); i++)
        {
        }
    }

    public override bool NamesTheFile(string message) => message.Contains(InputPath, StringComparison.Ordinal);

    internal static byte[] Synthetic(string colorspace, int width, int height, int frames, string extras, string frameParameters)
    {
        var (format, _) = Y4mReader.ParseStreamHeader($"YUV4MPEG2 W{width} H{height} C{colorspace}", "seed");
        var bytes = new List<byte>(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height}{extras} C{colorspace}\n"));
        var random = new FuzzRandom((ulong)(width * 131 + height * 7 + colorspace.Length));
        for (int f = 0; f < frames; f++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes($"FRAME{frameParameters}\n"));
            for (long i = 0; i < format.FrameBytes; i++)
            {
                // High-bit-depth samples stay below their maximum, as a real stream's do.
                bytes.Add(format.BytesPerSample == 2 && (i & 1) == 1 ? (byte)random.Next(1 << Math.Max(0, format.BitDepth - 8)) : (byte)random.Next(256));
            }
        }

        return [.. bytes];
    }

    /// <summary>The header and the first <paramref name="frames"/> frames of a Y4M file (frame headers without parameters).</summary>
    internal static byte[]? CutToFrames(string path, int frames)
    {
        using var reader = Y4mReader.Open(path);
        using var stream = System.IO.File.OpenRead(path);
        int headerLength = 0;
        while (stream.ReadByte() is int b and >= 0 && b != '\n')
        {
            headerLength++;
        }

        long length = headerLength + 1 + frames * (6 + reader.Format.FrameBytes);
        if (length > stream.Length)
        {
            return null;
        }

        byte[] bytes = new byte[length];
        stream.Position = 0;
        stream.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>
/// Raw YUV: the size a user states (width, height, layout, bit depth: the first six bytes of the input) against
/// the file's length (the rest, written to a file).
/// </summary>
internal sealed class RawYuvTarget : FuzzTarget
{
    private const int MaxFrames = 8;
    private static readonly int[] Depths = [8, 10, 12, 16];
    private readonly List<byte[]> _seeds = [];

    public RawYuvTarget(FuzzEnvironment environment)
        : base(environment)
    {
        InputPath = File("input.yuv");
        var random = new FuzzRandom(7);
        foreach (var (width, height, chroma, depth, frames) in new[]
                 {
                     (8, 4, 0, 8, 2), (6, 2, 1, 10, 1), (3, 5, 2, 12, 3), (5, 3, 3, 16, 2), (16, 16, 0, 8, 1), (2, 2, 0, 16, 4),
                 })
        {
            var format = new FrameFormat(width, height, (ChromaSubsampling)chroma, depth);
            byte[] seed = new byte[6 + format.FrameBytes * frames];
            BinaryPrimitives.WriteInt16LittleEndian(seed, (short)width);
            BinaryPrimitives.WriteInt16LittleEndian(seed.AsSpan(2), (short)height);
            seed[4] = (byte)chroma;
            seed[5] = (byte)Array.IndexOf(Depths, depth);
            for (int i = 6; i < seed.Length; i++)
            {
                seed[i] = (byte)random.Next(256);
            }

            _seeds.Add(seed);
        }
    }

    public string InputPath { get; }

    public override string Name => "rawyuv";

    public override string Description => "RawYuvReader: stated size against the file's length, then frames (VideoInputException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<Type> Documented { get; } = [typeof(VideoInputException)];

    public override void Run(byte[] input, int seedIndex)
    {
        if (input.Length < 6)
        {
            input = [.. input, .. new byte[6 - input.Length]];
        }

        // What the CLI lets through: any int width and height (it refuses non-positive ones itself, the library must
        // too), the four layouts, the four depths; a depth byte past the table is taken as a depth as it is.
        int width = BinaryPrimitives.ReadInt16LittleEndian(input);
        int height = BinaryPrimitives.ReadInt16LittleEndian(input.AsSpan(2));
        var chroma = (ChromaSubsampling)(input[4] % 4);
        int depth = input[5] < Depths.Length ? Depths[input[5]] : input[5];
        System.IO.File.WriteAllBytes(InputPath, input.AsSpan(6).ToArray());
        using var reader = RawYuvReader.Open(InputPath, new FrameFormat(width, height, chroma, depth));
        var frame = new Frame(reader.Format);
        for (int i = 0; i < MaxFrames && reader.ReadFrame(frame); i++)
        {
        }
    }

    public override bool NamesTheFile(string message) => message.Contains(InputPath, StringComparison.Ordinal);
}
