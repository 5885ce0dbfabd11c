using System.Globalization;
using System.Text.RegularExpressions;
using TinyVmaf.Features.Extraction;

namespace TinyVmaf.Scoring;

/// <summary>How a <see cref="VmafScorer"/> scores. Every default is what <c>tinyvmaf score</c> does without options.</summary>
public sealed record ScoringOptions
{
    /// <summary>A shipped regressor's id, or a path to one (.onnx, sidecar or folder); null: the registry's default.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// The libvmaf model whose score is reported beside the MOS, as libvmaf's <c>--model</c> names it: a built-in name
    /// or path (<c>vmaf_v1.0.16_3d0h</c>, <c>version=vmaf_v0.6.1neg:name=vmaf_neg</c>, <c>path=FILE:enable_transform</c>).
    /// </summary>
    public string VmafModel { get; init; } = "vmaf_v0.6.1";

    /// <summary>Where the shipped models are; null: <c>TINYVMAF_MODELS</c>, else <c>models/</c> beside or above the program.</summary>
    public string? ModelsFolder { get; init; }

    /// <summary><c>auto</c> (ffprobe's codec of each distorted stream, through the vocabulary's aliases) or a codec name or alias.</summary>
    public string Codec { get; init; } = "auto";

    /// <summary>How per-frame scores become one (MOS and VMAF alike); all poolings are in the log anyway.</summary>
    public PoolMethod Pool { get; init; } = PoolMethod.Mean;

    /// <summary>Score every Nth measured frame (motion still sees every frame, so it stays exact).</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>Worker threads; 0 is one per core.</summary>
    public int Threads { get; init; }

    public KernelPath Kernels { get; init; } = KernelPath.Auto;

    /// <summary>Measure at most this many frame pairs (libvmaf's <c>--frame_cnt</c>); null: all.</summary>
    public int? Frames { get; init; }

    /// <summary>
    /// Search ±this many frames for the offset that best aligns the clips (greatest mean luma PSNR over their first
    /// <see cref="SyncFrames"/> frames) and measure the aligned frames; null: no search.
    /// </summary>
    public int? SyncWindow { get; init; }

    /// <summary>Frame pairs compared at each offset of the sync search.</summary>
    public int SyncFrames { get; init; } = 10;

    /// <summary>The scaler of ffmpeg's <c>scale</c> filter used when a clip is resized.</summary>
    public Scaler Scaler { get; init; } = Scaler.Bicubic;

    /// <summary>Scale both clips to this size before measuring; null: the (cropped) reference's size.</summary>
    public FrameSize? MeasureAt { get; init; }

    /// <summary>A rectangle of the reference (and of the distorted once at the reference's size) to measure, e.g. to drop letterbox bars.</summary>
    public CropRect? Crop { get; init; }

    /// <summary>
    /// Convert a distorted clip whose frame rate differs from the reference's as ffmpeg's <c>fps</c> filter does;
    /// false: refuse it, naming the command that would.
    /// </summary>
    public bool ConvertFrameRate { get; init; }

    internal void Validate()
    {
        if (Subsample < 1)
        {
            throw new ArgumentException("--subsample must be at least 1");
        }

        if (Frames is < 1)
        {
            throw new ArgumentException("--frames must be at least 1");
        }

        if (SyncWindow is < 0 || SyncFrames < 1)
        {
            throw new ArgumentException("--sync auto:W needs a window W of 0 or more frames");
        }
    }
}

/// <summary>How per-frame scores are pooled: libvmaf's names.</summary>
public enum PoolMethod
{
    Mean,

    /// <summary>libvmaf's shifted harmonic mean, <c>1/mean(1/(x+1)) − 1</c>.</summary>
    HarmonicMean,
    Min,
}

/// <summary>The scalers of ffmpeg's <c>scale</c> filter (its <c>flags</c>).</summary>
public enum Scaler
{
    Bicubic,
    Lanczos,
    Bilinear,
    Neighbor,
    Spline,
}

/// <summary>A frame size.</summary>
public readonly partial record struct FrameSize(int Width, int Height)
{
    /// <summary><c>WxH</c>, <c>1080p</c> (1920x1080), <c>2160p</c> (3840x2160), <c>720p</c>; <c>reference</c> is null (the reference's own size).</summary>
    public static FrameSize? Parse(string value)
    {
        string v = value.Trim().ToLowerInvariant();
        switch (v)
        {
            case "reference" or "ref":
                return null;
            case "720p":
                return new FrameSize(1280, 720);
            case "1080p":
                return new FrameSize(1920, 1080);
            case "1440p":
                return new FrameSize(2560, 1440);
            case "2160p" or "4k":
                return new FrameSize(3840, 2160);
        }

        var match = SizePattern().Match(v);
        if (!match.Success || int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) is not (> 0 and var w)
            || int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) is not (> 0 and var h))
        {
            throw new ArgumentException($"--measure-at '{value}' is not WxH, reference, 720p, 1080p, 1440p or 2160p");
        }

        return new FrameSize(w, h);
    }

    public override string ToString() => $"{Width}x{Height}";

    [GeneratedRegex(@"^(\d{1,5})x(\d{1,5})$")]
    private static partial Regex SizePattern();
}

/// <summary>A rectangle to keep, as ffmpeg's <c>crop=W:H:X:Y</c> (X and Y null: centred).</summary>
public sealed record CropRect(int Width, int Height, int? X = null, int? Y = null)
{
    /// <summary><c>W:H</c> (centred) or <c>W:H:X:Y</c>.</summary>
    public static CropRect Parse(string value)
    {
        string[] parts = value.Split(':');
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1).ToArray();
        if (parts.Length is not (2 or 4) || numbers.Any(n => n < 0) || numbers[0] == 0 || numbers[1] == 0)
        {
            throw new ArgumentException($"--crop '{value}' is not W:H or W:H:X:Y (whole numbers, as ffmpeg's crop filter)");
        }

        return parts.Length == 2 ? new CropRect(numbers[0], numbers[1]) : new CropRect(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>The offsets inside a <paramref name="width"/>x<paramref name="height"/> frame; throws when it does not fit.</summary>
    internal (int X, int Y) Place(int width, int height, string path)
    {
        int x = X ?? (width - Width) / 2;
        int y = Y ?? (height - Height) / 2;
        if (x < 0 || y < 0 || x + Width > width || y + Height > height)
        {
            throw new Features.Video.VideoInputException(path, $"--crop {this} does not fit inside its {width}x{height} frames");
        }

        return (x, y);
    }

    /// <summary>ffmpeg's filter for it inside a frame of the given size.</summary>
    internal string Filter(int width, int height, string path)
    {
        var (x, y) = Place(width, height, path);
        return string.Create(CultureInfo.InvariantCulture, $"crop={Width}:{Height}:{x}:{y}");
    }

    public override string ToString() => X is null ? $"{Width}:{Height}" : $"{Width}:{Height}:{X}:{Y}";
}
