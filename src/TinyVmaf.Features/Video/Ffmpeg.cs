using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TinyVmaf.Features.Video;

/// <summary>What ffprobe says of a file's first video stream.</summary>
public sealed record VideoProbe(string CodecName, int Width, int Height, string PixelFormat, double FrameRate, int? FrameCount)
{
    /// <summary>The stream's bit rate in kbit/s (else the container's), or null when neither says.</summary>
    public double? BitrateKbps { get; init; }
}

/// <summary>
/// Decodes any container through an ffmpeg process into Y4M on a pipe (decoders are bit-exact by standard),
/// and asks ffprobe for stream metadata. Frames are streamed; nothing is read whole into memory.
/// </summary>
public static class Ffmpeg
{
    public const string InstallHint = "install it with: apt-get update && apt-get install -y ffmpeg";

    /// <summary>
    /// Asks ffprobe for the first video stream of <paramref name="path"/>. The frame count is the container's
    /// (<c>nb_frames</c>); when it does not say, the count is null unless <paramref name="countFrames"/> asks for a
    /// packet count, which reads the whole file.
    /// </summary>
    public static VideoProbe Probe(string path, bool countFrames = false)
    {
        if (!File.Exists(path))
        {
            throw new VideoInputException(path, "file not found");
        }

        var (exit, stdout, stderr) = RunToEnd("ffprobe",
            ["-v", "error", "-select_streams", "v:0", .. (string[])(countFrames ? ["-count_packets"] : []), "-show_entries",
             "stream=codec_name,width,height,pix_fmt,avg_frame_rate,r_frame_rate,nb_frames,nb_read_packets,bit_rate:format=bit_rate", "-of", "json", path]);
        if (exit != 0)
        {
            throw new VideoInputException(path, $"ffprobe cannot read it: {FirstLine(stderr)}");
        }

        using var json = JsonDocument.Parse(stdout);
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new VideoInputException(path, "no video stream");
        }

        var s = streams[0];
        string Get(string name) => s.TryGetProperty(name, out var v) ? v.ToString() : "";
        int? frames = int.TryParse(Get("nb_frames"), CultureInfo.InvariantCulture, out int n) && n > 0 ? n
            : int.TryParse(Get("nb_read_packets"), CultureInfo.InvariantCulture, out n) ? n : null;
        double fps = ParseRate(Get("avg_frame_rate"));
        string containerBitRate = json.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("bit_rate", out var b) ? b.ToString() : "";
        double? bitrate = double.TryParse(Get("bit_rate"), NumberStyles.Float, CultureInfo.InvariantCulture, out double bps) && bps > 0 ? bps / 1000
            : double.TryParse(containerBitRate, NumberStyles.Float, CultureInfo.InvariantCulture, out bps) && bps > 0 ? bps / 1000 : null;
        return new VideoProbe(
            Get("codec_name"),
            int.TryParse(Get("width"), CultureInfo.InvariantCulture, out int w) ? w : 0,
            int.TryParse(Get("height"), CultureInfo.InvariantCulture, out int h) ? h : 0,
            Get("pix_fmt"),
            fps > 0 ? fps : ParseRate(Get("r_frame_rate")),
            frames)
        {
            BitrateKbps = bitrate,
        };
    }

    /// <summary>
    /// Starts ffmpeg decoding <paramref name="path"/> to planar YUV at its own depth and chroma layout (other
    /// layouts, e.g. RGB or NV12, are converted to the nearest planar YUV one).
    /// </summary>
    public static IFrameSource Open(string path) => Open(path, Probe(path));

    /// <summary><see cref="Open(string)"/> with what ffprobe already said of the file, so that it is probed once.</summary>
    public static IFrameSource Open(string path, VideoProbe probe) =>
        Decode(path, [], null, PlanarTarget(probe.PixelFormat), probe.FrameRate);

    /// <summary>
    /// Starts <c>ffmpeg [inputArgs] -i path [-vf filter] -pix_fmt pixelFormat</c> writing Y4M to a pipe: the one
    /// place where a file is decoded, scaled, cropped or re-timed by ffmpeg.
    /// </summary>
    internal static IFrameSource Decode(string path, IReadOnlyList<string> inputArgs, string? filter, string pixelFormat, double probedRate)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-v", "error", "-nostdin", .. inputArgs, "-i", path, "-map", "0:v:0",
                     .. (string[])(filter is null ? [] : ["-vf", filter]), "-pix_fmt", pixelFormat, "-strict", "-1", "-f", "yuv4mpegpipe", "-"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = StartOrExplain(start, "ffmpeg");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var reader = Y4mReader.FromStream(process.StandardOutput.BaseStream, path);
            return new PipeSource(reader, process, errors, probedRate);
        }
        catch (VideoInputException)
        {
            process.WaitForExit();
            string said;
            lock (errors)
            {
                said = errors.ToString();
            }

            Kill(process);
            throw new VideoInputException(path, $"ffmpeg cannot decode it: {FirstLine(said)}");
        }
    }

    /// <summary>The planar YUV format ffmpeg should write for a source pixel format.</summary>
    internal static string PlanarTarget(string pixelFormat)
    {
        string f = pixelFormat.ToLowerInvariant();
        var match = System.Text.RegularExpressions.Regex.Match(f, @"(?:p0?|gray)(9|10|12|14|16)(?:le|be)?$");
        int depth = match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 8;
        depth = depth switch { 9 => 10, 14 => 16, _ => depth };
        string layout = f.StartsWith("gray", StringComparison.Ordinal) ? "gray"
            : f.Contains("444", StringComparison.Ordinal) || f.StartsWith("gbr", StringComparison.Ordinal) || f.StartsWith("rgb", StringComparison.Ordinal) || f.StartsWith("bgr", StringComparison.Ordinal) ? "yuv444p"
            : f.Contains("422", StringComparison.Ordinal) ? "yuv422p"
            : "yuv420p";
        return (layout, depth) switch
        {
            (_, 8) => layout,
            ("gray", _) => $"gray{depth}le",
            _ => $"{layout}{depth}le",
        };
    }

    internal static (int Exit, string Stdout, string Stderr) RunToEnd(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = StartOrExplain(start, program);
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    private static Process StartOrExplain(ProcessStartInfo start, string program)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"{program} was not found on PATH; {InstallHint}", program, e);
        }
    }

    private static double ParseRate(string rate)
    {
        string[] parts = rate.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double den) && den > 0
            ? num / den
            : 0;
    }

    private static string FirstLine(string text)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length == 0 ? "(no message)" : line;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    /// <summary>A Y4M stream read from a running ffmpeg; a decoder failure surfaces with ffmpeg's own words.</summary>
    private sealed class PipeSource(Y4mReader reader, Process process, StringBuilder errors, double probedRate) : IFrameSource, IBytePlaneSource
    {
        public string Path => reader.Path;

        public bool FillsBytePlanes => true;

        public FrameFormat Format => reader.Format;

        public double FrameRate => reader.FrameRate > 0 ? reader.FrameRate : probedRate;

        public bool ReadFrame(Frame frame)
        {
            if (reader.ReadFrame(frame))
            {
                return true;
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string said;
                lock (errors)
                {
                    said = errors.ToString();
                }

                throw new VideoInputException(Path, $"ffmpeg failed while decoding (exit {process.ExitCode}): {FirstLine(said)}");
            }

            return false;
        }

        public void Dispose()
        {
            reader.Dispose();
            Kill(process);
        }
    }
}
