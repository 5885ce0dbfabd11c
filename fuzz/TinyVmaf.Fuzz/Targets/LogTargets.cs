using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TinyVmaf.Corpus;
using TinyVmaf.Corpus.Import;

namespace TinyVmaf.Fuzz.Targets;

/// <summary>Seed logs shared by the log and import-table targets.</summary>
internal static class SeedLogs
{
    public static readonly string[] Canonical = ["integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2"];

    /// <summary>A small libvmaf 3.x style log (nested metrics, pooled metrics) with <paramref name="frames"/> frames.</summary>
    public static byte[] Synthetic(int frames, double offset, bool flat = false)
    {
        var sb = new StringBuilder("{\n  \"version\": \"3.0.0\",\n  \"fps\": 25.0,\n  \"frames\": [\n");
        for (int f = 0; f < frames; f++)
        {
            sb.Append(flat ? $"    {{ \"frameNum\": {f}, " : $"    {{ \"frameNum\": {f}, \"metrics\": {{ ");
            for (int k = 0; k < Canonical.Length; k++)
            {
                double value = k == 5 ? 2.5 + f + offset : 0.9 - 0.01 * k + 0.001 * f + offset;
                sb.Append(CultureInfo.InvariantCulture, $"\"{Canonical[k]}\": {value:R}, ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"\"psnr_y\": {40 + f}, \"vmaf\": {80.5 + f + offset:R} }}{(flat ? "" : " }")}{(f + 1 < frames ? "," : "")}\n");
        }

        sb.Append("  ],\n  \"pooled_metrics\": { \"vmaf\": { \"min\": 80.5, \"max\": 82.5, \"mean\": 81.5, \"harmonic_mean\": 81.4 } }\n}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A real log cut to its first frames (the rest of its structure as it is), or null when absent.</summary>
    public static byte[]? Cut(string? path, int frames)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        if (root["frames"] is JsonArray all)
        {
            var kept = new JsonArray([.. all.Take(frames).Select(f => f?.DeepClone())]);
            root["frames"] = kept;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public static List<byte[]> All(FuzzEnvironment environment)
    {
        var seeds = new List<byte[]> { Synthetic(3, 0), Synthetic(1, 0.01), Synthetic(2, 0, flat: true) };
        foreach (var real in new[]
                 {
                     Cut(environment.Repo("tests", "TinyVmaf.Features.Tests", "TestData", "golden", "coffee__x264.json"), 3),
                     Cut(environment.Shared("golden", "features", "astronaut__x264.json"), 2),
                     Cut(environment.Shared("golden", "models", "vmaf_v0.6.1", "astronaut.json"), 2),
                     Cut(environment.Shared("datasets", "avt-vqdb-uhd-1-appeal", "vmaf_scores", "BunnyAnimation_1000k_1080_av1.json"), 2),
                 })
        {
            if (real is not null)
            {
                seeds.Add(real);
            }
        }

        return seeds;
    }

    public static readonly IReadOnlyList<byte[]> JsonDictionary =
    [
        .. new[]
        {
            "\"frames\"", "\"metrics\"", "\"frameNum\"", "\"version\"", "\"fps\"", "\"pooled_metrics\"", "\"aggregate_metrics\"",
            "\"integer_adm2\"", "\"adm2\"", "\"vmaf\"", "\"integer_motion2\"", "\"psnr_y\"", "null", "true", "false", "[]", "{}",
            "\"NaN\"", "\"1e400\"", "\"-Infinity\"", "1e999", "-1e999", "\"\"", ": ", ", ", "[", "]", "{", "}",
        }.Select(Encoding.UTF8.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'], [(byte)'"', 0xC3, 0x28, (byte)'"'], [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
        "\"\\ud800\""u8.ToArray(), "\"\\u0000\""u8.ToArray(),
    ];
}

/// <summary>libvmaf JSON logs (1.3.x to 3.x, the Python tools' flat layout, ours), read and mapped as import and predict do.</summary>
internal sealed class LogTarget : FuzzTarget
{
    private readonly List<byte[]> _seeds;

    public LogTarget(FuzzEnvironment environment)
        : base(environment)
    {
        InputPath = File("input.json");
        _seeds = SeedLogs.All(environment);
    }

    public string InputPath { get; }

    public override string Name => "log";

    public override string Description => "LibvmafLog + ImportedLog: libvmaf JSON logs (InvalidDataException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary => SeedLogs.JsonDictionary;

    public override IReadOnlyList<Type> Documented { get; } = [typeof(InvalidDataException)];

    public override void Run(byte[] input, int seedIndex)
    {
        System.IO.File.WriteAllBytes(InputPath, input);
        ImportedLog.Read(InputPath);
    }

    public override bool NamesTheFile(string message) => message.Contains(InputPath, StringComparison.Ordinal);
}

/// <summary>
/// Import tables (CSV) with a logs folder beside them: the table is parsed, every row's log resolved and read,
/// the corpus assembled in memory. A log outside the logs folder (<c>secret.json</c>, whose values no log inside
/// has) must never be read: a corpus holding its values is a violation even when nothing was thrown.
/// </summary>
internal sealed class ImportTableTarget : FuzzTarget
{
    private const double SecretOffset = 0.0123;
    private readonly List<byte[]> _seeds = [];
    private readonly string _logs;

    public ImportTableTarget(FuzzEnvironment environment)
        : base(environment)
    {
        TablePath = File("table.csv");
        _logs = Directory.CreateDirectory(File("logs")).FullName;
        string[] names = ["a", "b", "c", "d"];
        for (int i = 0; i < names.Length; i++)
        {
            System.IO.File.WriteAllBytes(Path.Combine(_logs, names[i] + ".json"), SeedLogs.Synthetic(2 + i % 2, 0.001 * i));
        }

        System.IO.File.WriteAllBytes(Path.Combine(_logs, "Mixed.Case.JSON"), SeedLogs.Synthetic(2, 0.002));
        System.IO.File.WriteAllBytes(File("secret.json"), SeedLogs.Synthetic(2, SecretOffset));
        Directory.CreateDirectory(Path.Combine(_logs, "sub"));
        System.IO.File.WriteAllBytes(Path.Combine(_logs, "sub", "e.json"), SeedLogs.Synthetic(2, 0.004));

        foreach (string table in new[]
                 {
                     "distorted,source,codec,mos\na.mp4,src1,x264,3.5\nb.mkv,src1,hevc,4.1\nc,src2,av1,2\n",
                     "distorted,source,codec,mos,log,crf,bitrate_kbps,encoder,preset\nv1.mp4,s,x265,1,a.json,23,1000,libx265,medium\nv2.mp4,s,vp9,5,b,30,,libvpx-vp9,\nv3.mp4,t,vvc,3.3,Mixed.Case.JSON,,250.5,,\n",
                     "\uFEFFdistorted, source ,CODEC\r\n\"a.json\",\"src, quoted\",\"x264\"\r\nd.y4m,src,unknown\r\n",
                     "distorted,source,codec,log\nq,src,h264,sub/e.json\nr,src,h265,c\n",
                     "video_name,mos,ci,src,codec,resolution,bitrate,distorted,source,log\nBunny.mkv,3.6,0.2,Bunny,vvc,1080,1000,Bunny.mkv,Bunny,a\n",
                 })
        {
            _seeds.Add(Encoding.UTF8.GetBytes(table));
        }

        if (environment.Shared("corpus", "manifest.csv") is { } manifest)
        {
            // The shared manifest's header and rows, re-pointed at the logs here through a log column.
            var lines = System.IO.File.ReadLines(manifest).Take(4).ToArray();
            var sb = new StringBuilder(lines[0] + ",log,mos\n");
            for (int i = 1; i < lines.Length; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{lines[i]},{names[i - 1]},{i + 1}\n");
            }

            _seeds.Add(Encoding.UTF8.GetBytes(sb.ToString().Replace("source,distorted", "source,distorted", StringComparison.Ordinal)));
        }
    }

    public string TablePath { get; }

    public override string Name => "table";

    public override string Description => "ImportTable + LogResolver + CorpusImporter: CSV import tables (CorpusImportException)";

    public override IReadOnlyList<byte[]> Seeds => _seeds;

    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "distorted", "source", "codec", "mos", "log", "crf", "bitrate_kbps", "encoder", "preset", "a.json", "b", "c.json",
            "../secret.json", "../secret", "..", "sub/../../secret.json", "/etc/passwd", "/", "./a.json", "~/a", "\"", "\"\"",
            ",", "\n", "\r\n", "x264", "hevc", "unknown", "NaN", "1e309", "-5", "6", "0", "5", "1", "\uFEFF", "a.mp4", "sub/e.json",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3, 0x28],
    ];

    public override IReadOnlyList<Type> Documented { get; } = [typeof(CorpusImportException)];

    public override void Run(byte[] input, int seedIndex)
    {
        System.IO.File.WriteAllBytes(TablePath, input);
        var options = new ImportOptions(TablePath, _logs, null)
        {
            MaxParallelism = 1,
            MosScale = (input.Length & 1) == 0 ? new MosScale(1, 5) : null,
        };
        var result = CorpusImporter.Import(options);
        if (result.Table.Vmaf is { } vmaf && vmaf.Any(v => Math.Abs(v - Math.Round(v) - (0.5 + SecretOffset)) < 1e-9))
        {
            throw new InvariantViolation($"{TablePath}: the corpus holds values of {File("secret.json")}, a log outside --logs");
        }
    }

    public override bool NamesTheFile(string message) => message.Contains(Folder, StringComparison.Ordinal) || message.Contains("table.csv", StringComparison.Ordinal);
}

/// <summary>A check of the fuzzer itself failed: never a documented refusal.</summary>
internal sealed class InvariantViolation(string message) : Exception(message);
