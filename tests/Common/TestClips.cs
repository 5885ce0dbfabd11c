using System.Diagnostics;
using System.Globalization;

namespace TinyVmaf.Tests;

/// <summary>
/// Tiny clips made by ffmpeg's test sources (a few frames at 64x64 or 96x64), so that ladder and dataset tests encode
/// and extract in well under a second per pair. Tests that need ffmpeg, or one of its encoders, skip with a message
/// when it is absent.
/// </summary>
internal static class TestClips
{
    private static readonly Lazy<string?> Encoders = new(() =>
    {
        try
        {
            var (exit, stdout, _) = Run("ffmpeg", "-hide_banner", "-encoders");
            return exit == 0 ? stdout : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    });

    public static void RequireFfmpeg() =>
        Assert.SkipWhen(Encoders.Value is null, "needs ffmpeg and ffprobe on PATH (apt-get install ffmpeg); they are absent");

    /// <summary>Skips unless ffmpeg has every one of <paramref name="encoders"/>.</summary>
    public static void RequireEncoders(params string[] encoders)
    {
        RequireFfmpeg();
        var missing = encoders.Where(e => !Encoders.Value!.Contains(" " + e + " ", StringComparison.Ordinal)).ToArray();
        Assert.SkipWhen(missing.Length > 0, $"needs ffmpeg encoder(s) {string.Join(", ", missing)}, which this ffmpeg lacks");
    }

    /// <summary>Writes <paramref name="frames"/> frames of an ffmpeg test source (<c>testsrc2</c>, <c>mandelbrot</c>, …) to <paramref name="path"/>.</summary>
    public static string Make(string path, string pattern = "testsrc2", int width = 96, int height = 64, int frames = 4,
        string pixelFormat = "yuv420p", double fps = 24, params string[] output)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string rate = fps.ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"{pattern}=size={width}x{height}:rate={rate}",
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture), "-pix_fmt", pixelFormat, "-strict", "-1", .. output, path,
        ];
        var (exit, _, stderr) = Run("ffmpeg", args);
        Assert.True(exit == 0, $"ffmpeg could not make {path}: {stderr}");
        return path;
    }

    /// <summary>Converts <paramref name="input"/> with ffmpeg (e.g. to raw YUV, or through an encoder).</summary>
    public static string Convert(string input, string output, params string[] options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var (exit, _, stderr) = Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", input, .. options, output]);
        Assert.True(exit == 0, $"ffmpeg could not make {output}: {stderr}");
        return output;
    }

    public static (int Exit, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>ffprobe's word for one field of a file's first video stream (e.g. <c>codec_name</c>, <c>pix_fmt</c>).</summary>
    public static string Probe(string path, string field)
    {
        var (exit, stdout, stderr) = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=" + field, "-of", "default=nw=1:nk=1", path);
        Assert.True(exit == 0, stderr);
        return stdout.Trim();
    }
}
