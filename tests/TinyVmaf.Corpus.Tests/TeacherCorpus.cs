using TinyVmaf.Corpus.Import;
using TinyVmaf.Tests;

namespace TinyVmaf.Corpus.Tests;

/// <summary>../shared/corpus imported once in memory, for the tests that only read it.</summary>
internal static class TeacherCorpus
{
    private static readonly Lazy<ImportResult> Imported = new(() => CorpusImporter.Import(
        new ImportOptions(ManifestPath, LogsPath, OutputPath: null)));

    public static string Folder => Path.Combine(SharedData.Require(), "corpus");

    public static string ManifestPath => Path.Combine(Folder, "manifest.csv");

    public static string LogsPath => Path.Combine(Folder, "vmaf_logs");

    public static ImportResult InMemory => Imported.Value;
}
