namespace TinyVmaf.Corpus.Tests.Fuzz;

/// <summary>
/// Parquet inputs the fuzzer found (TestData/fuzz, 1-3 KB each, as it saved them): before the preflight walk
/// Parquet.Net allocated what their headers claimed (a 133 MB footer string, a 39 MB page, an 88 MB snappy stream, up to
/// 258 MB in all) or ran for minutes on a malformed footer. Each is now refused naming the file, allocating little.
/// </summary>
public sealed class ParquetFuzzRegressionTests
{
    public static TheoryData<string> Found => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz"), "*.parquet")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Found))]
    public async Task A_corrupt_parquet_the_fuzzer_found_is_refused_naming_the_file_without_allocating_its_claims(string name)
    {
        byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", name), TestContext.Current.CancellationToken);
        // Synchronously on this thread, so that this thread's allocation counter sees the read (other tests run in parallel).
        long before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<InvalidDataException>(() => CorpusParquet.ReadAsync(new MemoryStream(bytes), name, CancellationToken.None).GetAwaiter().GetResult());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith($"{name}: not a readable parquet corpus: ", refused.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated to refuse a {bytes.Length}-byte file");
    }

    [Fact]
    public async Task Every_truncation_of_a_corpus_is_refused_naming_the_file()
    {
        byte[] whole = await SmallCorpusAsync();
        for (int length = 0; length < whole.Length; length++)
        {
            var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
                CorpusParquet.ReadAsync(new MemoryStream(whole, 0, length), "cut.parquet", TestContext.Current.CancellationToken));
            Assert.StartsWith("cut.parquet: ", refused.Message);
        }

        var table = await CorpusParquet.ReadAsync(new MemoryStream(whole), "whole.parquet", TestContext.Current.CancellationToken);
        Assert.Equal(3, table.RowCount);
    }

    [Fact]
    public async Task Every_single_byte_change_of_a_corpus_reads_or_is_refused_naming_the_file()
    {
        byte[] whole = await SmallCorpusAsync();
        int refusedCount = 0;
        foreach (byte value in new byte[] { 0x00, 0xFF })
        {
            for (int at = 0; at < whole.Length; at++)
            {
                byte[] changed = (byte[])whole.Clone();
                changed[at] = value;
                try
                {
                    await CorpusParquet.ReadAsync(new MemoryStream(changed), "changed.parquet", TestContext.Current.CancellationToken);
                }
                catch (InvalidDataException e)
                {
                    Assert.StartsWith("changed.parquet: ", e.Message);
                    refusedCount++;
                }
            }
        }

        Assert.True(refusedCount > 0);
    }

    private static async Task<byte[]> SmallCorpusAsync()
    {
        var table = new CorpusTable(
            ["s", "s", "t"], ["a", "a", "b"], [0, 1, 0], ["x264", "x264", "libsvtav1"], ["h264", "h264", "av1"],
            [10, 10, 90], [50.5, 60.25, 70], null, null, [23, 23, double.NaN], null,
            new Dictionary<string, double[]> { ["adm2"] = [0.9, 0.8, 0.7] });
        using var stream = new MemoryStream();
        await CorpusParquet.WriteAsync(table, stream, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }
}
