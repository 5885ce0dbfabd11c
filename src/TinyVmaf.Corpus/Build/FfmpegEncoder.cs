using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Corpus.Build;

/// <summary>
/// Encodes a reference with one rung of a ladder through an ffmpeg process (one encoder thread), and asks ffmpeg
/// which encoders and pixel formats it has. The encoder is fed the frames the reference side of extraction reads:
/// a Y4M or raw YUV file directly, and any other container through a second ffmpeg that decodes it exactly as
/// <see cref="Ffmpeg.Open"/> does, so that a variable-frame-rate source cannot give the two sides different frames.
/// </summary>
internal static class FfmpegEncoder
{
    // What ffmpeg says of itself does not change while a process runs; asking once saves a process start per build.
    private static readonly Lazy<IReadOnlySet<string>> Encoders = new(QueryEncoders);
    private static readonly Lazy<string> VersionLine = new(QueryVersion);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IReadOnlySet<string>?>> PixelFormats = new(StringComparer.Ordinal);

    /// <summary>The encoders this ffmpeg has (<c>ffmpeg -encoders</c>), by name.</summary>
    public static IReadOnlySet<string> AvailableEncoders() => Encoders.Value;

    /// <summary>The pixel formats <paramref name="encoder"/> takes, or null when this ffmpeg does not list them.</summary>
    public static IReadOnlySet<string>? SupportedPixelFormats(string encoder) =>
        PixelFormats.GetOrAdd(encoder, name => new Lazy<IReadOnlySet<string>?>(() => QueryPixelFormats(name))).Value;

    /// <summary>ffmpeg's version line, part of an encode's cache key (another ffmpeg may encode differently).</summary>
    public static string Version() => VersionLine.Value;

    private static IReadOnlySet<string> QueryEncoders()
    {
        var (exit, stdout, stderr) = Ffmpeg.RunToEnd("ffmpeg", ["-hide_banner", "-encoders"]);
        if (exit != 0)
        {
            throw new IOException($"ffmpeg -encoders failed (exit {exit}): {FirstLines(stderr)}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        bool listing = false;
        foreach (string line in stdout.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("------", StringComparison.Ordinal))
            {
                listing = true;
                continue;
            }

            string[] fields = trimmed.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (listing && fields.Length >= 2 && fields[0].Length == 6 && fields[0][0] == 'V')
            {
                names.Add(fields[1]);
            }
        }

        return names;
    }

    private static IReadOnlySet<string>? QueryPixelFormats(string encoder)
    {
        var (exit, stdout, _) = Ffmpeg.RunToEnd("ffmpeg", ["-hide_banner", "-h", "encoder=" + encoder]);
        if (exit != 0)
        {
            return null;
        }

        const string Label = "Supported pixel formats:";
        string? line = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Label, StringComparison.Ordinal));
        return line is null
            ? null
            : line[Label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static string QueryVersion()
    {
        var (exit, stdout, stderr) = Ffmpeg.RunToEnd("ffmpeg", ["-hide_banner", "-version"]);
        return exit == 0
            ? stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "ffmpeg"
            : throw new IOException($"ffmpeg -version failed (exit {exit}): {FirstLines(stderr)}");
    }

    /// <summary>
    /// Encodes <paramref name="reference"/> (whose frames <paramref name="format"/> describes, as the reference side reads
    /// them) to <paramref name="output"/>. Throws <see cref="VideoInputException"/> naming the reference and quoting
    /// ffmpeg when the encode fails.
    /// </summary>
    public static void Encode(VideoInput reference, FrameFormat format, double frameRate, EncodeSettings settings, string output, CancellationToken cancel)
    {
        string pixelFormat = format.PixelFormatName;
        var input = new List<string>();
        bool piped = false;
        if (reference.Raw is { } raw)
        {
            input.AddRange(["-f", "rawvideo", "-pix_fmt", pixelFormat, "-video_size", $"{raw.Width}x{raw.Height}"]);
            if (frameRate > 0)
            {
                input.AddRange(["-framerate", frameRate.ToString("R", CultureInfo.InvariantCulture)]);
            }

            input.AddRange(["-i", reference.Path]);
        }
        else if (IsY4m(reference.Path))
        {
            input.AddRange(["-f", "yuv4mpegpipe", "-i", reference.Path]);
        }
        else
        {
            input.AddRange(["-f", "yuv4mpegpipe", "-i", "pipe:0"]);
            piped = true;
        }

        string[] args =
        [
            "-v", "error", "-nostdin", "-y", .. input,
            "-map", "0:v:0", "-an", "-sn", "-threads", "1",
            "-c:v", settings.Encoder.Name, .. settings.Encoder.Arguments(settings.Preset, settings.Crf),
            "-pix_fmt", pixelFormat, "-f", settings.Encoder.Muxer, output,
        ];

        using var encoder = Start(args, redirectInput: piped);
        var encoderErrors = encoder.StandardError.ReadToEndAsync(CancellationToken.None);
        Process? decoder = null;
        Task<string>? decoderErrors = null;
        try
        {
            using var killOnCancel = cancel.Register(() =>
            {
                Kill(encoder);
                if (decoder is not null)
                {
                    Kill(decoder);
                }
            });
            bool encoderStoppedReading = false;
            if (piped)
            {
                // The same decode as Ffmpeg.Open's, so the encoder sees the reference reader's frames.
                decoder = Start(
                    ["-v", "error", "-nostdin", "-i", reference.Path, "-map", "0:v:0", "-pix_fmt", pixelFormat, "-strict", "-1", "-f", "yuv4mpegpipe", "-"],
                    redirectInput: false);
                decoderErrors = decoder.StandardError.ReadToEndAsync(CancellationToken.None);
                try
                {
                    decoder.StandardOutput.BaseStream.CopyTo(encoder.StandardInput.BaseStream, 1 << 20);
                    encoder.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The encoder stopped reading, so it failed (and says why below); the decoder, blocked on a full
                    // pipe, would wait for ever.
                    encoderStoppedReading = true;
                    Kill(decoder);
                }

                decoder.WaitForExit();
            }

            encoder.WaitForExit();
            cancel.ThrowIfCancellationRequested();

            // A decoder that failed on its own starves the encoder, whose complaint would then hide the cause.
            if (decoder is not null && !encoderStoppedReading && decoder.ExitCode != 0)
            {
                throw new VideoInputException(reference.Path, $"ffmpeg cannot decode it (exit {decoder.ExitCode}): {FirstLines(decoderErrors!.GetAwaiter().GetResult())}");
            }

            if (encoder.ExitCode != 0 || encoderStoppedReading)
            {
                throw new VideoInputException(reference.Path, $"{settings.Encoder.Name} failed to encode it ({settings}; exit {encoder.ExitCode}): {FirstLines(encoderErrors.GetAwaiter().GetResult())}");
            }
        }
        finally
        {
            decoder?.Dispose();
        }
    }

    private static bool IsY4m(string path)
    {
        if (Path.GetExtension(path).Equals(".y4m", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<byte> magic = stackalloc byte[9];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 9, throwOnEndOfStream: false) == 9 && magic.SequenceEqual("YUV4MPEG2"u8);
    }

    private static Process Start(IEnumerable<string> args, bool redirectInput)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"ffmpeg was not found on PATH; {Ffmpeg.InstallHint}", "ffmpeg", e);
        }
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
    }

    /// <summary>ffmpeg's complaint in a line or three, without the encoders' own chatter (SVT-AV1 logs its settings at info level whatever -v says).</summary>
    internal static string FirstLines(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("[info]", StringComparison.OrdinalIgnoreCase))
            .Take(3)
            .ToArray();
        return lines.Length == 0 ? "(no message)" : string.Join(" / ", lines);
    }
}
