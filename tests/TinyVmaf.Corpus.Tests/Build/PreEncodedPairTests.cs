using TinyVmaf.Corpus.Build;
using TinyVmaf.Features;
using TinyVmaf.Features.Logs;
using TinyVmaf.Model.Teacher;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class PreEncodedPairTests : IDisposable
{
    /// <summary>
    /// On these pairs the rows equal the golden log exactly (measured here); the slack is for libm's <c>log10</c> and
    /// <c>exp</c>, which may differ by an ulp on another platform, as the teacher's own parity test allows.
    /// </summary>
    private const double Tolerance = 1e-9;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Golden_pairs_built_as_they_are_carry_libvmafs_features_and_teacher_score_frame_by_frame()
    {
        SharedData.RequireOrSkip();
        string[] pairs = ["coffee__x264", "hubble__libsvtav1"];
        var plan = new BuildPlan(pairs.Select(p => new CorpusPair
        {
            Source = SharedData.SourceOf(p),
            Unit = p,
            Reference = new VideoInput(SharedData.GoldenClip(SharedData.SourceOf(p))),
            Distorted = new VideoInput(SharedData.GoldenClip(p)),
            Codec = "unknown",
        }).ToArray());
        string[] features = [.. FeatureNames.Canonical6, "psnr_y"];

        var result = CorpusBuilder.Build(plan, new BuildOptions
        {
            Features = features,
            Teacher = VmafModel.Load(SharedData.VmafModel),
            OutputPath = _dir.File("golden.parquet"),
            Jobs = 2,
        }, cancel: TestContext.Current.CancellationToken);

        var table = CorpusTable.Read(_dir.File("golden.parquet"));
        Assert.Equal(2, result.Computed);
        Assert.Null(table.BitrateKbps);
        Assert.Null(table.Encoders);
        Assert.Equal("vmaf_v0.6.1.json", table.Metadata[CorpusBuilder.TeacherKey]);
        int row = 0;
        foreach (string pair in pairs)
        {
            var golden = LibvmafLog.Read(SharedData.GoldenLog(pair)).Frames;
            for (int f = 0; f < golden.FrameCount; f++, row++)
            {
                Assert.Equal((pair, f), (table.Units[row], table.FrameIndices[row]));
                foreach (string name in features)
                {
                    Assert.Equal(golden[f, FeatureNames.LibvmafKey(name)], table.Feature(name)[row], Tolerance);
                }

                Assert.Equal(golden[f, "vmaf"], table.Vmaf![row], Tolerance);
            }
        }

        Assert.Equal(row, table.RowCount);
        Assert.True(row > 0, "no golden frame was compared");
        GoldenComparisons.Record((long)row * (features.Length + 1));
    }
}
