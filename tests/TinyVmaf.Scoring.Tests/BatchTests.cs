using System.Text.Json;

namespace TinyVmaf.Scoring.Tests;

public sealed class BatchTests : IDisposable
{
    private readonly ScoringFixture _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task One_reference_against_three_clips_in_one_run_equals_three_single_runs()
    {
        string source = ScoringFixture.Source();
        // A container reference, so that the batch decodes it once into its own copy.
        string reference = _clips.Ffmpeg(source, "ref.mkv", "-c:v", "ffv1");
        string[] clips =
        [
            _clips.Ffmpeg(source, "a.mp4", "-c:v", "libx264", "-crf", "24"),
            _clips.Ffmpeg(source, "b.mp4", "-vf", "scale=192:108", "-c:v", "libx264", "-crf", "30"),
            _clips.Ffmpeg(source, "c.mkv", "-c:v", "libx264", "-crf", "40"),
        ];
        var progress = new List<ScoringProgress>();
        var copiesBefore = Directory.GetDirectories(Path.GetTempPath(), $"tinyvmaf-ref-{Environment.ProcessId}-*").ToHashSet();

        using var scorer = VmafScorer.Create(ScoringFixture.Options());
        var batch = await scorer.ScoreManyAsync(new VideoInput(reference), clips.Select(c => new VideoInput(c)).ToArray(),
            new Recorder(progress), TestContext.Current.CancellationToken);

        Assert.Equal(3, batch.Count);
        for (int i = 0; i < clips.Length; i++)
        {
            var single = await scorer.ScoreAsync(new VideoInput(reference), new VideoInput(clips[i]), null, TestContext.Current.CancellationToken);
            Assert.Equal(clips[i], batch[i].Distorted);
            ScoringFixture.AssertSameFrames(single.Table, batch[i].Table);
            Assert.Equal(single.Mos, batch[i].Mos);
            Assert.Equal(single.Vmaf, batch[i].Vmaf);
            Assert.Equal(single.Preparation, batch[i].Preparation);
        }

        Assert.True(batch[0].Vmaf > batch[2].Vmaf, "CRF 24 scores above CRF 40");
        Assert.Contains(progress, p => p.Clip == 2 && p.Clips == 3 && p.Distorted == clips[2] && p.Frame == 10);
        Assert.Subset(copiesBefore, Directory.GetDirectories(Path.GetTempPath(), $"tinyvmaf-ref-{Environment.ProcessId}-*").ToHashSet());
    }

    [Fact]
    public async Task The_summary_has_a_row_per_clip_with_bitrate_vmaf_and_mos()
    {
        string source = ScoringFixture.Source();
        string a = _clips.Ffmpeg(source, "a.mp4", "-c:v", "libx264", "-crf", "24");
        string b = _clips.Ffmpeg(source, "b.mp4", "-c:v", "libx264", "-crf", "36");
        using var scorer = VmafScorer.Create(ScoringFixture.Options());
        var results = await scorer.ScoreManyAsync(new VideoInput(source), [new VideoInput(a), new VideoInput(b)], null, TestContext.Current.CancellationToken);
        var rows = results.Select(r => (r, (string?)null)).ToArray();

        string csv = _clips.PathOf("summary.csv");
        ScoreSummary.WriteFile(csv, rows);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(string.Join(',', ScoreSummary.Columns), lines[0]);
        Assert.Equal(3, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(a, first[0]);
        Assert.Equal("x264", first[2]);
        Assert.Equal("384x216", first[3]);
        Assert.True(double.Parse(first[4], System.Globalization.CultureInfo.InvariantCulture) > 0, "bitrate_kbps from the container");
        Assert.Equal(results[0].Vmaf, double.Parse(first[6], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(results[0].Mos, double.Parse(first[7], System.Globalization.CultureInfo.InvariantCulture));

        string ndjson = _clips.PathOf("summary.ndjson");
        ScoreSummary.WriteFile(ndjson, rows);
        var objects = File.ReadAllLines(ndjson).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, objects.Length);
        Assert.Equal(results[1].Vmaf, objects[1].GetProperty("vmaf").GetDouble());
        Assert.Equal(results[1].BitrateKbps, objects[1].GetProperty("bitrate_kbps").GetDouble());
        Assert.Equal(JsonValueKind.Null, objects[1].GetProperty("mos_ci95_low").ValueKind);
    }

    private sealed class Recorder(List<ScoringProgress> seen) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
