using TinyVmaf.Model.Evaluation;

namespace TinyVmaf.Model.Tests.Evaluation;

public sealed class ShipGateTests
{
    [Theory]
    [InlineData(0.010, 0.002, 5, "ship")]      // large and steady
    [InlineData(0.004, 0.000, 5, "no-ship")]   // steady but too small
    [InlineData(0.020, 0.011, 5, "no-ship")]   // large but within twice its spread
    [InlineData(0.020, 0.010, 5, "no-ship")]   // exactly twice its spread is not more than it
    [InlineData(-0.03, 0.001, 5, "no-ship")]
    [InlineData(0.050, double.NaN, 1, "no-ship")] // one seed cannot measure a spread
    public void The_lift_gate_needs_more_than_half_a_point_of_plcc_and_more_than_twice_its_spread(double lift, double std, int seeds, string verdict)
    {
        var decision = ShipGate.Lift(lift, std, seeds);
        Assert.Equal(verdict, decision.Verdict);
        Assert.Contains(lift.ToString("F4"), decision.Reason);
    }

    [Theory]
    [InlineData(0.95, "ship")]
    [InlineData(0.9499, "no-ship")]
    [InlineData(double.NaN, "no-ship")]
    public void The_teacher_gate_needs_a_loso_plcc_of_at_least_0_95(double plcc, string verdict)
        => Assert.Equal(verdict, ShipGate.Teacher(plcc).Verdict);
}
