using TinyVmaf.Corpus.Build;
using TinyVmaf.Features;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Build;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pair_whose_file_is_missing_is_named_before_any_work_and_nothing_is_written()
    {
        TestClips.RequireFfmpeg();
        string reference = TestClips.Make(_dir.File("ref.y4m"), frames: 2);
        var plan = new BuildPlan([Pair("good", reference, reference), Pair("lost", reference, _dir.File("nothere.y4m"))]);

        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken));

        Assert.Contains("lost", error.Message);
        Assert.Contains("nothere.y4m: file not found", error.Message);
        Assert.False(Directory.Exists(_dir.File("c.cache")));
        Assert.False(File.Exists(_dir.File("c.parquet")));
    }

    [Fact]
    public void A_pair_that_fails_stops_the_build_naming_it_and_nothing_is_written()
    {
        TestClips.RequireFfmpeg();
        string reference = TestClips.Make(_dir.File("ref.y4m"), frames: 2);
        string garbage = _dir.File("garbage.mp4");
        File.WriteAllBytes(garbage, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var plan = new BuildPlan([Pair("broken", reference, garbage)]);

        var error = Assert.Throws<CorpusBuildException>(() => CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken));

        Assert.Contains("broken: ", error.Message);
        Assert.Contains("garbage.mp4", error.Message);
        Assert.Contains("--keep-going", error.Message);
        Assert.False(File.Exists(_dir.File("c.parquet")));
    }

    [Fact]
    public void Keep_going_records_each_bad_pair_in_the_failures_file_and_builds_the_rest()
    {
        TestClips.RequireFfmpeg();
        string reference = TestClips.Make(_dir.File("ref.y4m"), frames: 3);
        string twin = TestClips.Make(_dir.File("twin.y4m"), frames: 3);
        string small = TestClips.Make(_dir.File("small.y4m"), width: 64, height: 64, frames: 3);
        string shorter = TestClips.Make(_dir.File("short.y4m"), frames: 2);
        string garbage = _dir.File("garbage.mp4");
        File.WriteAllBytes(garbage, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var plan = new BuildPlan(
        [
            Pair("good", reference, twin),
            Pair("size", reference, small),
            Pair("length", reference, shorter),
            Pair("undecodable", reference, garbage),
            Pair("missing", reference, _dir.File("nothere.y4m")),
        ]);

        var result = CorpusBuilder.Build(plan, Options() with { KeepGoing = true }, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(["good", "good", "good"], result.Table.Units);
        Assert.Equal(_dir.File("c.failures.tsv"), result.FailuresPath);
        var lines = File.ReadAllLines(result.FailuresPath!);
        Assert.Equal("unit\tsource\treference\tdistorted\treason", lines[0]);
        var reasons = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[4]);
        Assert.Equal(["length", "missing", "size", "undecodable"], reasons.Keys.Order());
        Assert.Contains("64x64 differs from the reference's 96x64", reasons["size"]);
        Assert.Contains("short.y4m: ends after 2 frames", reasons["length"]);
        Assert.Contains("garbage.mp4", reasons["undecodable"]);
        Assert.Contains("nothere.y4m: file not found", reasons["missing"]);

        // Failures are not cached: once the inputs are fixed, the next run builds them and drops the stale list.
        File.Copy(twin, small, overwrite: true);
        File.Copy(twin, shorter, overwrite: true);
        File.Copy(twin, garbage, overwrite: true);
        File.Copy(twin, _dir.File("nothere.y4m"));
        var fixedRun = CorpusBuilder.Build(plan, Options() with { KeepGoing = true }, cancel: TestContext.Current.CancellationToken);
        Assert.Equal((4, 1), (fixedRun.Computed, fixedRun.Cached));
        Assert.Empty(fixedRun.Failures);
        Assert.False(File.Exists(_dir.File("c.failures.tsv")));
    }

    private static CorpusPair Pair(string unit, string reference, string distorted) => new()
    {
        Source = "ref",
        Unit = unit,
        Reference = new VideoInput(reference),
        Distorted = new VideoInput(distorted),
        Codec = "unknown",
    };

    private BuildOptions Options() => new()
    {
        Features = ["psnr_y"],
        OutputPath = _dir.File("c.parquet"),
        Jobs = 2,
    };
}
