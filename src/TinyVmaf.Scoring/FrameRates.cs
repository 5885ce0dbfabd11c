using System.Globalization;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring;

/// <summary>Frame pairs only line up in time at one frame rate: mismatches are converted on request or refused.</summary>
public static class FrameRates
{
    /// <summary>True when both rates are known and differ by more than rounding (29.97 is not 30).</summary>
    public static bool Differ(double reference, double distorted) =>
        reference > 0 && distorted > 0 && Math.Abs(reference - distorted) > 0.01;

    /// <summary>Throws when <see cref="Differ"/>, naming the command that would fix it.</summary>
    public static void Check(IFrameSource reference, IFrameSource distorted)
    {
        if (Differ(reference.FrameRate, distorted.FrameRate))
        {
            throw Refusal(reference.Path, reference.FrameRate, distorted.Path, distorted.FrameRate);
        }
    }

    internal static VideoInputException Refusal(string referencePath, double referenceRate, string distortedPath, double distortedRate) =>
        new(distortedPath, string.Create(CultureInfo.InvariantCulture,
            $"frame rate {distortedRate:0.###} differs from the reference's {referenceRate:0.###} ({referencePath}); score with --convert-fps (ffmpeg's fps filter), or convert it first: ffmpeg -i {distortedPath} -vf {Filter(referenceRate)} -c:v ffv1 converted.mkv"));

    /// <summary>ffmpeg's <c>fps</c> filter to the given rate (29.97… written as 30000/1001, as ffprobe reports it).</summary>
    internal static string Filter(double rate)
    {
        double ntsc = rate * 1001 / 1000;
        return Math.Abs(ntsc - Math.Round(ntsc)) < 1e-3 && Math.Abs(rate - Math.Round(rate)) > 1e-3
            ? string.Create(CultureInfo.InvariantCulture, $"fps={Math.Round(ntsc) * 1000:0}/1001")
            : string.Create(CultureInfo.InvariantCulture, $"fps={rate:0.######}");
    }
}
