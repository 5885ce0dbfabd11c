using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Logs;
using TinyVmaf.Tests;

namespace TinyVmaf.Features.Tests.Logs;

public sealed class LibvmafLogTests
{
    [Fact]
    public void A_golden_libvmaf_log_reads_back_every_frame_and_key()
    {
        SharedData.RequireOrSkip();
        var log = LibvmafLog.Read(SharedData.GoldenLog("coffee__x264"));

        Assert.Equal("3.0.0", log.Version);
        Assert.Equal(10, log.Frames.FrameCount);

        // Every number as the file spells it, read here with a plain JSON parser.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(SharedData.GoldenLog("coffee__x264")));
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(frames.Length, log.Frames.FrameCount);
        int compared = 0;
        for (int f = 0; f < frames.Length; f++)
        {
            foreach (var metric in frames[f].GetProperty("metrics").EnumerateObject())
            {
                Assert.True(log.Frames.HasKey(metric.Name), $"frame {f}: '{metric.Name}' was not read");
                double expected = metric.Value.ValueKind == System.Text.Json.JsonValueKind.Null ? double.NaN : metric.Value.GetDouble();
                Assert.Equal(expected, log.Frames[f, metric.Name]);
                compared++;
            }
        }

        Assert.True(compared >= 10 * 22, $"only {compared} values compared");
    }

    [Fact]
    public void What_we_write_as_json_reads_back_to_the_same_numbers()
    {
        var table = new FeatureTable(["integer_adm2", "psnr_y"]);
        table.Write(0, "integer_adm2", 0.123456789012345);
        table.Write(0, "psnr_y", 40.5);
        table.Write(1, "integer_adm2", 1.0 / 3.0);
        table.Write(1, "psnr_y", 60);

        using var buffer = new MemoryStream();
        LibvmafLogWriter.Write(buffer, table, LogFormat.Json, new LogMetadata { Fps = 25 });
        buffer.Position = 0;
        var log = LibvmafLog.Read(buffer, "memory");

        Assert.Equal(2, log.Frames.FrameCount);
        Assert.Equal(0.123456789012345, log.Frames[0, "integer_adm2"]);
        Assert.Equal(1.0 / 3.0, log.Frames[1, "integer_adm2"]);
        Assert.Equal(60, log.Frames[1, "psnr_y"]);
    }

    [Fact]
    public void Harmonic_mean_is_libvmafs_shifted_form()
    {
        double[] scores = [0, 100];
        // 1 / mean(1/1, 1/101) - 1
        Assert.Equal(2.0 / (1 + 1.0 / 101) - 1, Pooling.HarmonicMean(scores), 12);
    }
}
