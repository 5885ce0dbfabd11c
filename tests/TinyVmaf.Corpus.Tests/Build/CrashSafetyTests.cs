using System.Diagnostics;
using System.Text.Json.Nodes;
using TinyVmaf.Corpus.Build;
using TinyVmaf.Features;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests.Build;

/// <summary>
/// What makes a build safe to kill and to share: its corpus bytes depend on nothing but the pairs' numbers (not on
/// which job finished first, nor on the order its notes were gathered), a cache entry made by an older extractor
/// is computed again, and what killed writers leave behind is swept. (The SIGKILL and two-process runs themselves
/// are in the CLI tests, <c>CrashSafeBuildTests</c>.)
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Builds_with_one_job_and_with_three_write_the_same_bytes()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();

        var one = CorpusBuilder.Build(Plan(), Options("one.parquet", "one.cache") with { Jobs = 1 }, cancel: TestContext.Current.CancellationToken);
        var three = CorpusBuilder.Build(Plan(), Options("three.parquet", "three.cache") with { Jobs = 3 }, cancel: TestContext.Current.CancellationToken);

        Assert.Equal((4, 4), (one.Computed, three.Computed));

        Assert.Equal(File.ReadAllBytes(_dir.File("one.parquet")), File.ReadAllBytes(_dir.File("three.parquet")));
    }

    [Fact]
    public void A_corpus_written_twice_with_its_notes_in_another_order_has_the_same_bytes()
    {
        var table = Table(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["tinyvmaf.features"] = "adm2" });
        var reordered = Table(new Dictionary<string, string> { ["tinyvmaf.features"] = "adm2", ["a"] = "1", ["b"] = "2" });

        table.Write(_dir.File("first.parquet"));
        Thread.Sleep(1100); // a timestamp in the file would now differ
        reordered.Write(_dir.File("second.parquet"));

        Assert.Equal(File.ReadAllBytes(_dir.File("first.parquet")), File.ReadAllBytes(_dir.File("second.parquet")));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void A_cache_entry_made_by_an_older_extractor_version_is_computed_again_and_a_current_one_is_served()
    {
        TestClips.RequireEncoders("libx264");
        TestClips.Make(_dir.File("src/aa.y4m"), "testsrc2", frames: 3);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264", ["30"]));
        var first = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        double measured = first.Table.Feature("vif_scale0")[0];
        string entry = Directory.GetFiles(_dir.File("c.cache"), "*.json").Single();
        // libvmaf's extractor names; canonical-6 comes from adm, vif and motion, each recorded with its version.
        var recorded = JsonNode.Parse(File.ReadAllText(entry))!["extractors"]!.AsObject();
        Assert.Equal(["adm", "motion", "vif"], recorded.Select(e => e.Key).Order(StringComparer.Ordinal));
        const string vif = "vif";
        int version = (int)recorded[vif]!;
        int admVersion = (int)recorded["adm"]!;

        // Control: a planted value under the current version is served as is, so the cache really is read.
        Plant(entry, vif, version, 12345);
        var served = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        Assert.Equal((0, 1), (served.Computed, served.Cached));
        Assert.Equal(12345, served.Table.Feature("vif_scale0")[0]);

        // The same planted value recorded as made by the previous version of the vif extractor is not.
        Plant(entry, vif, version - 1, 12345);
        var stale = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        Assert.Equal((1, 0), (stale.Computed, stale.Cached));
        Assert.Equal(measured, stale.Table.Feature("vif_scale0")[0]);

        // The recomputed entry replaced the stale one, under the current version.
        var extractors = JsonNode.Parse(File.ReadAllText(entry))!["extractors"]!;
        Assert.Equal(version, (int)extractors[vif]!);
        Assert.Equal(admVersion, (int)extractors["adm"]!);
        var again = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        Assert.Equal((0, 1), (again.Computed, again.Cached));
    }

    [Fact]
    public void A_cache_entry_without_extractor_versions_is_computed_again()
    {
        TestClips.RequireEncoders("libx264");
        TestClips.Make(_dir.File("src/aa.y4m"), "testsrc2", frames: 2);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264", ["30"]));
        CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);
        string entry = Directory.GetFiles(_dir.File("c.cache"), "*.json").Single();
        var json = JsonNode.Parse(File.ReadAllText(entry))!.AsObject();
        json.Remove("extractors");
        File.WriteAllText(entry, json.ToJsonString());

        var again = CorpusBuilder.Build(plan, Options(), cancel: TestContext.Current.CancellationToken);

        Assert.Equal((1, 0), (again.Computed, again.Cached));
    }

    [Fact]
    public void Temporaries_of_a_killed_writer_are_swept_and_those_of_a_live_one_or_of_other_files_are_kept()
    {
        int dead = DeadProcessId();
        string old = _dir.Write($".c.parquet.{dead}.{Guid.NewGuid():N}.tmp", "half a corpus");
        string recent = _dir.Write($".c.parquet.{dead}.{Guid.NewGuid():N}.tmp", "half a corpus");
        string live = _dir.Write($".c.parquet.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp", "being written");
        string other = _dir.Write($".d.parquet.{dead}.{Guid.NewGuid():N}.tmp", "another file's");
        string notOurs = _dir.Write(".c.parquet.backup.tmp", "someone else's");
        var longAgo = DateTime.UtcNow.AddHours(-1);
        foreach (string path in new[] { old, live, other, notOurs })
        {
            File.SetLastWriteTimeUtc(path, longAgo);
        }

        int removed = AtomicFile.RemoveOrphans(_dir.Path, "c.parquet", TimeSpan.FromMinutes(10));

        Assert.Equal(1, removed);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent), "a recent temporary may belong to a writer on another machine");
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(notOurs));
        Assert.Equal(dead, AtomicFile.WriterOf(Path.GetFileName(old)));
        Assert.Null(AtomicFile.WriterOf(Path.GetFileName(notOurs)));
    }

    [Fact]
    public void A_build_sweeps_what_a_killed_build_left_in_its_cache_output_folder_encodes_and_scratch()
    {
        TestClips.RequireEncoders("libx264");
        TestClips.Make(_dir.File("src/aa.y4m"), "testsrc2", frames: 2);
        var plan = LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264", ["30"]));
        int dead = DeadProcessId();
        string key = new string('a', 32), guid = Guid.NewGuid().ToString("N");
        string[] orphans =
        [
            _dir.Write($"c.cache/.{key}.json.{dead}.{guid}.tmp", "{"),
            _dir.Write($".c.parquet.{dead}.{guid}.tmp", "PAR1"),
            _dir.Write($"encodes/.{key}.{dead}.{guid}.h264", "half an encode"),
        ];
        string scratch = Path.Combine(Path.GetTempPath(), $"tinyvmaf-build-{dead}-{guid}");
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "encode.mp4"), "half an encode");
        string young = _dir.Write($"c.cache/.{new string('b', 32)}.json.{dead}.{guid}.tmp", "{");
        foreach (string path in orphans)
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        }

        Directory.SetLastWriteTimeUtc(scratch, DateTime.UtcNow.AddHours(-1));

        CorpusBuilder.Build(plan, Options() with { EncodesDirectory = _dir.File("encodes") }, cancel: TestContext.Current.CancellationToken);

        Assert.All(orphans, path => Assert.False(File.Exists(path), $"{path} was left"));
        Assert.False(Directory.Exists(scratch), "the killed build's scratch folder was left");
        Assert.True(File.Exists(young), "a temporary younger than ten minutes may be a live writer's on another machine");
        Assert.Equal(["aa__x264_medium_30.h264"], Directory.GetFiles(_dir.File("encodes")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_throws_leaves_the_old_file_and_no_temporary()
    {
        string path = _dir.Write("out.json", "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new InvalidOperationException("the writer failed");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["out.json"], _dir.Files());
    }

    [Fact]
    public void A_writer_that_closes_the_stream_it_was_given_still_writes_the_file()
    {
        string path = _dir.File("failures.tsv");

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write("unit\treason\n");
        });

        Assert.Equal("unit\treason\n", File.ReadAllText(path));
        Assert.Equal(["failures.tsv"], _dir.Files());
    }

    private static void Plant(string entry, string extractor, int version, double value)
    {
        var json = JsonNode.Parse(File.ReadAllText(entry))!;
        json["extractors"]![extractor] = version;
        var column = json["features"]!["vif_scale0"]!.AsArray();
        column[0] = value;
        File.WriteAllText(entry, json.ToJsonString());
    }

    /// <summary>The id of a process that has exited (ids are reused only after the counter wraps).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static CorpusTable Table(Dictionary<string, string> metadata) => new(
        ["s", "s"], ["u", "u"], [0, 1], ["x264", "x264"], ["h264", "h264"], null, null, null, null, null, null,
        new Dictionary<string, double[]> { ["adm2"] = [0.5, 0.25] }, metadata);

    private void MakeSources()
    {
        TestClips.Make(_dir.File("src/aa.y4m"), "testsrc2", frames: 3);
        TestClips.Make(_dir.File("src/bb.y4m"), "mandelbrot", frames: 3);
    }

    private BuildPlan Plan() => LadderPlanner.Plan(LadderPlanner.FindSources([_dir.File("src")]), Ladder.Parse("x264", ["26,40"]));

    private BuildOptions Options(string output = "c.parquet", string cache = "c.cache") => new()
    {
        Features = FeatureNames.Canonical6,
        OutputPath = _dir.File(output),
        CacheDirectory = _dir.File(cache),
        Jobs = 2,
        ThreadsPerPair = 1,
    };
}
