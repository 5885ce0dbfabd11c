using TinyVmaf.Features.Video;

namespace TinyVmaf.Scoring.Alignment;

/// <summary>What the sync search found: distorted frame 0 shows reference frame <see cref="Offset"/> (negative: the distorted clip starts −Offset frames early).</summary>
public sealed record SyncResult(int Offset, int Window, double MeanPsnr, double MeanPsnrAtZero, int FramesCompared)
{
    /// <summary>Reference frames to skip to align the clips.</summary>
    public int ReferenceSkip => Math.Max(Offset, 0);

    /// <summary>Distorted frames to skip to align the clips.</summary>
    public int DistortedSkip => Math.Max(-Offset, 0);
}

/// <summary>
/// Finds the frame offset between two clips that maximises the mean luma PSNR of their first frames, as
/// practitioners' tools do before running VMAF ("VMAF is 0" is most often a clip one frame early). Luma is
/// box-averaged down to at most <see cref="MaxSearchWidth"/> samples wide, which keeps memory bounded at 4K and
/// does not move the best offset of real content.
/// </summary>
internal static class SyncSearch
{
    internal const int MaxSearchWidth = 640;

    /// <summary>PSNR of identical pictures, so that a perfect match counts and stays finite.</summary>
    private const double PsnrCap = 100;

    public static SyncResult Find(IFrameSource reference, IFrameSource distorted, int window, int frames, CancellationToken cancel)
    {
        int factor = Math.Max(1, (reference.Format.Width + MaxSearchWidth - 1) / MaxSearchWidth);
        var refLuma = ReadLuma(reference, window + frames, factor, cancel);
        var disLuma = ReadLuma(distorted, window + frames, factor, cancel);
        if (refLuma.Count == 0 || disLuma.Count == 0)
        {
            throw new VideoInputException(refLuma.Count == 0 ? reference.Path : distorted.Path, "has no frames to align");
        }

        double peak = (1 << reference.Format.BitDepth) - 1;
        int needed = Math.Max(1, Math.Min(frames, Math.Min(refLuma.Count, disLuma.Count)) / 2);
        double? atZero = null;
        (int Offset, double Psnr, int N) best = (0, double.NegativeInfinity, 0);
        foreach (int offset in Offsets(window))
        {
            cancel.ThrowIfCancellationRequested();
            int refStart = Math.Max(offset, 0);
            int disStart = Math.Max(-offset, 0);
            int n = Math.Min(frames, Math.Min(refLuma.Count - refStart, disLuma.Count - disStart));
            if (n < needed)
            {
                continue;
            }

            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += Psnr(refLuma[refStart + i], disLuma[disStart + i], peak);
            }

            double mean = sum / n;
            if (offset == 0)
            {
                atZero = mean;
            }

            // Offsets are visited nearest first, so a tie keeps the smaller shift.
            if (mean > best.Psnr)
            {
                best = (offset, mean, n);
            }
        }

        return new SyncResult(best.Offset, window, best.Psnr, atZero ?? double.NaN, best.N);
    }

    /// <summary>0, +1, −1, +2, −2, …</summary>
    private static IEnumerable<int> Offsets(int window)
    {
        yield return 0;
        for (int d = 1; d <= window; d++)
        {
            yield return d;
            yield return -d;
        }
    }

    private static List<float[]> ReadLuma(IFrameSource source, int count, int factor, CancellationToken cancel)
    {
        var frame = new Frame(source.Format);
        var planes = new List<float[]>(count);
        int w = source.Format.Width / factor;
        int h = source.Format.Height / factor;
        while (planes.Count < count && source.ReadFrame(frame))
        {
            cancel.ThrowIfCancellationRequested();
            planes.Add(Downscale(frame.Y, factor, w, h));
        }

        return planes;
    }

    private static float[] Downscale(Plane plane, int factor, int w, int h)
    {
        var result = new float[w * h];
        float scale = 1f / (factor * factor);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int sum = 0;
                for (int dy = 0; dy < factor; dy++)
                {
                    var row = plane.Row(y * factor + dy);
                    for (int dx = 0; dx < factor; dx++)
                    {
                        sum += row[x * factor + dx];
                    }
                }

                result[y * w + x] = sum * scale;
            }
        }

        return result;
    }

    private static double Psnr(float[] a, float[] b, double peak)
    {
        double sse = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sse += d * d;
        }

        double mse = sse / a.Length;
        return mse <= 0 ? PsnrCap : Math.Min(PsnrCap, 10 * Math.Log10(peak * peak / mse));
    }
}
