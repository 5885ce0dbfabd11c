using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Model.Tests.Evaluation;

/// <summary>
/// The gates on fixed numbers: the thresholds the project decided (lift above 0.005 and above twice its spread over at
/// least two seeds; teacher PLCC at least 0.95; a MOS model must beat zero-shot VMAF) are written here as numbers, not
/// read from <see cref="ShipGate"/>'s constants, so a changed constant fails these tests.
/// </summary>
public sealed class ShipGateTests
{
    [Theory]
    [InlineData(0.020, 0.004, 5, "ship")]      // large and steady
    [InlineData(0.010, 0.002, 2, "ship")]      // two seeds are enough to measure a spread
    [InlineData(0.004, 0.0001, 5, "no-ship")]  // steady but not above 0.005
    [InlineData(0.005, 0.0001, 5, "no-ship")]  // exactly 0.005 is not above it
    [InlineData(0.020, 0.011, 5, "no-ship")]   // large but within twice its spread (0.022)
    [InlineData(0.020, 0.010, 5, "no-ship")]   // exactly twice its spread is not more than it
    [InlineData(-0.03, 0.001, 5, "no-ship")]
    [InlineData(0.020, 0.0, 1, "no-ship")]     // one seed never ships, even with a zero spread
    [InlineData(0.500, 0.0, 1, "no-ship")]
    [InlineData(0.020, 0.0, 0, "no-ship")]
    [InlineData(0.050, double.NaN, 1, "no-ship")]
    [InlineData(0.050, double.NaN, 5, "no-ship")] // a spread that could not be measured
    [InlineData(double.NaN, 0.001, 5, "no-ship")]
    public void The_lift_gate_needs_more_than_half_a_point_of_plcc_more_than_twice_its_spread_and_two_seeds(double lift, double std, int seeds, string verdict)
    {
        var decision = ShipGate.Lift(lift, std, seeds);
        Assert.Equal(verdict, decision.Verdict);
        Assert.Contains(lift.ToString("F4"), decision.Reason);
    }

    [Fact]
    public void One_seed_is_refused_for_its_seed_count()
    {
        var decision = ShipGate.Lift(0.02, 0.0, 1);

        Assert.False(decision.Ships);
        Assert.Contains("fewer than 2 seeds", decision.Reason);
    }

    [Theory]
    [InlineData(0.95, "ship")]
    [InlineData(0.97, "ship")]
    [InlineData(0.9499, "no-ship")]
    [InlineData(double.NaN, "no-ship")]
    public void The_teacher_gate_needs_a_loso_plcc_of_at_least_0_95(double plcc, string verdict)
        => Assert.Equal(verdict, ShipGate.Teacher(plcc).Verdict);

    [Theory]
    [InlineData(0.935, 0.929, "ship")]
    [InlineData(0.929, 0.929, "no-ship")]      // equal is not better
    [InlineData(0.917, 0.929, "no-ship")]
    [InlineData(double.NaN, 0.929, "no-ship")]
    [InlineData(0.990, double.NaN, "no-ship")]
    public void A_mos_model_ships_only_when_it_beats_zero_shot_vmaf(double loso, double baseline, string verdict)
        => Assert.Equal(verdict, ShipGate.BeatsBaseline(loso, baseline).Verdict);

    [Fact]
    public void Without_a_baseline_a_mos_model_does_not_ship_and_the_gate_says_it_cannot_decide()
    {
        var decision = ShipGate.BeatsBaseline(0.99, null);

        Assert.False(decision.Ships);
        Assert.Contains("no zero-shot vmaf", decision.Reason);
        Assert.Contains("cannot decide", decision.Reason);
    }
}
