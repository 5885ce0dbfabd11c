using System.Reflection;
using TinyVmaf.Tests;

[assembly: AssemblyFixture(typeof(GoldenComparisonReport))]

namespace TinyVmaf.Tests;

/// <summary>
/// Counts the values this test process compared against numbers it did not compute (a golden libvmaf log, the
/// fork's log, a dataset's own scores), so that a parity test that silently compared nothing shows: <c>./test</c>
/// prints the totals per project before its closing line. Parity loops call <see cref="Record"/> with how many
/// values they compared.
/// </summary>
internal static class GoldenComparisons
{
    private static long _values;

    public static long Values => Interlocked.Read(ref _values);

    public static void Record(long values) => Interlocked.Add(ref _values, values);
}

/// <summary>Writes this test assembly's count where <c>./test</c> asks for it (<c>TINYVMAF_TEST_SUMMARY</c>), once every test has run.</summary>
public sealed class GoldenComparisonReport : IDisposable
{
    public const string Variable = "TINYVMAF_TEST_SUMMARY";

    public void Dispose()
    {
        string? folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return;
        }

        string name = Assembly.GetExecutingAssembly().GetName().Name!;
        File.WriteAllText(Path.Combine(folder, name + ".golden"), GoldenComparisons.Values.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
    }
}
