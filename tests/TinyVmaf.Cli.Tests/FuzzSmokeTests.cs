using TinyVmaf.Fuzz;
using TinyVmaf.Tests;

namespace TinyVmaf.Cli.Tests;

/// <summary>
/// A short run of the fuzzer (fuzz/) over every parser with a fixed seed: the same 500 inputs each time, a second or
/// two per parser on an idle machine. The long campaigns run from the command line (fuzz/README.md); this keeps a reader change that breaks the
/// invariant (a result or a documented exception naming the file, no allocation beyond what the input justifies)
/// from passing unnoticed.
/// </summary>
public sealed class FuzzSmokeTests(ITestOutputHelper output)
{
    public static TheoryData<string> Parsers => new(Targets.Names);

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Mutated_inputs_end_in_a_result_or_a_documented_error_naming_the_file(string parser)
    {
        var environment = FuzzEnvironment.Discover(SharedData.RepositoryRoot, Path.GetTempPath());
        try
        {
            using var target = Targets.Create(environment, [parser]).Single();
            var result = Campaign.Run(target, new CampaignOptions
            {
                Seed = 20261206,
                // The same 500 inputs every run; the time cap only matters on a machine too loaded to finish them.
                Inputs = 500,
                Duration = TimeSpan.FromSeconds(15),
                HangTimeout = TimeSpan.FromSeconds(60),
            });
            output.WriteLine(result.ToString());
            foreach (var finding in result.Findings)
            {
                output.WriteLine($"{finding.Kind} on input {finding.Index}: {finding.Summary}\n{finding.Detail}");
            }

            Assert.Empty(result.FindingCounts);
            Assert.True(result.Inputs >= 50, $"only {result.Inputs} inputs ran");
            Assert.True(result.Accepted > 0 && result.Refused > 0, $"{result.Accepted} accepted, {result.Refused} refused: the mutants should reach both");
        }
        finally
        {
            environment.Cleanup();
        }
    }
}
