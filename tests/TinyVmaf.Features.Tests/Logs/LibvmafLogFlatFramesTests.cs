using System.Text;
using TinyVmaf.Features.Logs;

namespace TinyVmaf.Features.Tests.Logs;

/// <summary>The Python vmaf tools write a frame's scores beside <c>frameNum</c> instead of inside <c>metrics</c>.</summary>
public sealed class LibvmafLogFlatFramesTests
{
    private static LibvmafLog Parse(string json) => LibvmafLog.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "memory");

    [Fact]
    public void Flat_frames_read_their_scores_and_leave_out_the_frame_number()
    {
        var log = Parse("""
            {"executorId": "VMAF_V0.6.1", "asset": {"identifier": "a"},
             "frames": [{"frameNum": 0, "VMAF_feature_adm2_score": 0.93, "VMAF_score": 81.5},
                        {"frameNum": 1, "VMAF_feature_adm2_score": 0.91, "VMAF_score": 79.25}],
             "aggregate": {"VMAF_score": 80.375}}
            """);

        Assert.Equal(["VMAF_feature_adm2_score", "VMAF_score"], log.Frames.Keys);
        Assert.Equal(0.91, log.Frames[1, "VMAF_feature_adm2_score"]);
        Assert.Equal(81.5, log.Frames[0, "VMAF_score"]);
    }

    [Theory]
    [InlineData("""{"frames": [{"frameNum": 0}]}""")]
    [InlineData("""{"frames": [3]}""")]
    [InlineData("""{"frames": [{"metrics": 3}]}""")]
    public void A_frame_without_scores_is_refused(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(json));
        Assert.Contains("frame 0", error.Message, StringComparison.Ordinal);
    }
}
