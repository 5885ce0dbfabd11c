using System.Globalization;
using TinyVmaf.Scoring;

namespace TinyVmaf.Cli.Commands;

/// <summary>The lines <c>score</c> prints for one clip; the same for a single run and for each clip of a batch.</summary>
internal static class ScoreLines
{
    public static void Write(TextWriter stdout, ScoreResult r, string? log)
    {
        string pool = ScoreResult.PoolName(r.Pool);
        int n = r.Frames.Count;
        string interval = r.MosInterval is var (low, high) ? string.Create(CultureInfo.InvariantCulture, $", 95% interval [{low:F2}, {high:F2}]") : "";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.ModelId}: {r.Mos:F2} ({pool} of {n} frames{interval}); mean {r.MosPooled.Mean:F2}, harmonic mean {r.MosPooled.HarmonicMean:F2}, min {r.MosPooled.Min:F2}"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.VmafKey}: {r.Vmaf:F2} ({Path.GetFileNameWithoutExtension(r.VmafModel)}, {pool} of {n} frames); mean {r.VmafPooled.Mean:F2}, harmonic mean {r.VmafPooled.HarmonicMean:F2}, min {r.VmafPooled.Min:F2}"));
        stdout.WriteLine(r.ModelIsCodecAware ? $"codec: {r.Codec} ({r.CodecSource})" : $"codec: {r.Codec} ({r.CodecSource}; the model is codec-blind)");
        foreach (string step in r.Preparation)
        {
            stdout.WriteLine($"prepared: {step}");
        }

        if (r.Sync is { } sync)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sync: offset {sync.Offset:+0;-0;0} ({(sync.Offset >= 0 ? $"distorted frame 0 is reference frame {sync.Offset}" : $"reference frame 0 is distorted frame {-sync.Offset}")}); mean luma PSNR {sync.MeanPsnr:F2} dB over {sync.FramesCompared} frames there, {sync.MeanPsnrAtZero:F2} dB at offset 0; searched ±{sync.Window}"));
        }

        if (r.ReferenceSkip > 0 || r.DistortedSkip > 0)
        {
            stdout.WriteLine($"skipped: {r.ReferenceSkip} reference and {r.DistortedSkip} distorted frames at the start (not measured)");
        }

        if (log is not null)
        {
            stdout.WriteLine($"log: {log}");
        }
    }
}
