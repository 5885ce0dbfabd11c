using System.Diagnostics;
using TinyVmaf.Corpus;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// <c>corpus build</c> as separate processes, the way a batch system runs it: killed with SIGKILL part-way and run
/// again, or two at once on one cache folder. Either way the corpus written must be, byte for byte, the one a clean
/// build writes.
/// </summary>
public sealed class CrashSafeBuildTests : IDisposable
{
    /// <summary>2 sources × 3 CRFs of x264 on 64x48 clips of 6 frames: about 0.2 s a pair, so a kill lands part-way.</summary>
    private const int Pairs = 6;

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void A_build_killed_with_sigkill_part_way_and_run_again_writes_the_bytes_of_a_clean_build()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        byte[] clean = CleanBuild();

        // Kill as soon as the first pair is cached; if the build outran the kill (a loaded machine), try again.
        int cachedAtKill = -1;
        for (int attempt = 0; attempt < 3 && cachedAtKill < 0; attempt++)
        {
            string dir = _cli.PathOf($"killed{attempt}");
            using var build = Start(Build(Path.Combine(dir, "c.parquet")));
            string cache = Path.Combine(dir, "c.cache");
            var clock = Stopwatch.StartNew();
            while (!build.HasExited && Entries(cache) < 1 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(2);
            }

            build.Kill(); // SIGKILL on Unix: no handler, no finally block runs in the child
            build.WaitForExit();
            if (!File.Exists(Path.Combine(dir, "c.parquet")) && Entries(cache) is > 0 and < Pairs)
            {
                cachedAtKill = Entries(cache);
                var (exit, stdout, stderr) = RunChild(Build(Path.Combine(dir, "c.parquet")));
                Assert.True(exit == 0, stderr);
                Assert.Contains("from the cache", stdout);
                Assert.DoesNotContain(" 0 from the cache", stdout);
                Assert.Equal(clean, File.ReadAllBytes(Path.Combine(dir, "c.parquet")));
                Assert.Equal(Pairs, Entries(cache));
            }
        }

        Assert.True(cachedAtKill > 0, "no attempt killed the build part-way (it finished before the kill every time)");
        TestContext.Current.TestOutputHelper?.WriteLine($"killed with {cachedAtKill} of {Pairs} pairs cached; the resumed corpus equals the clean one byte for byte");
    }

    [Fact]
    public void Two_builds_sharing_one_cache_folder_at_once_both_write_the_clean_corpus_and_leave_a_whole_cache()
    {
        TestClips.RequireEncoders("libx264");
        MakeSources();
        byte[] clean = CleanBuild();
        string cache = _cli.PathOf("shared.cache");

        using var first = Start([.. Build(_cli.PathOf("one.parquet")), "--cache", cache]);
        using var second = Start([.. Build(_cli.PathOf("two.parquet")), "--cache", cache]);
        var (exit1, _, stderr1) = Finish(first);
        var (exit2, _, stderr2) = Finish(second);

        Assert.True(exit1 == 0, stderr1);
        Assert.True(exit2 == 0, stderr2);
        Assert.Equal(clean, File.ReadAllBytes(_cli.PathOf("one.parquet")));
        Assert.Equal(clean, File.ReadAllBytes(_cli.PathOf("two.parquet")));

        // One whole entry per pair and no temporary left; a third build takes every pair from it.
        Assert.Equal(Pairs, Entries(cache));
        Assert.Empty(Directory.GetFiles(cache, "*.tmp"));
        var (exit, stdout, stderr) = RunChild([.. Build(_cli.PathOf("three.parquet")), "--cache", cache]);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"(0 computed, {Pairs} from the cache, 0 failed)", stdout);
        Assert.Equal(clean, File.ReadAllBytes(_cli.PathOf("three.parquet")));
    }

    private void MakeSources()
    {
        TestClips.Make(_cli.PathOf("src/aa.y4m"), "testsrc2", width: 64, height: 48, frames: 6);
        TestClips.Make(_cli.PathOf("src/bb.y4m"), "mandelbrot", width: 64, height: 48, frames: 6);
    }

    private string[] Build(string output) =>
        ["corpus", "build", "--sources", _cli.PathOf("src"), "--encoders", "x264", "--crf", "24,32,40", "--jobs", "1", "-o", output];

    private byte[] CleanBuild()
    {
        string output = _cli.PathOf("clean/c.parquet");
        var (exit, stdout, stderr) = _cli.Run(Build(output));
        Assert.True(exit == 0, stderr);
        Assert.Contains($"{Pairs} pairs ({Pairs} computed, 0 from the cache", stdout);
        return File.ReadAllBytes(output);
    }

    private static int Entries(string cache) => Directory.Exists(cache) ? Directory.GetFiles(cache, "*.json").Length : 0;

    /// <summary>The CLI in a process of its own (the tinyvmaf.dll built beside the tests).</summary>
    private static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(TinyVmafCommand).Assembly.Location);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static (int Exit, string Stdout, string Stderr) Finish(Process process)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    private static (int Exit, string Stdout, string Stderr) RunChild(string[] args)
    {
        using var process = Start(args);
        return Finish(process);
    }
}
