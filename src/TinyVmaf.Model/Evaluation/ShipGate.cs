namespace TinyVmaf.Model.Evaluation;

/// <summary>The decisions that let a model ship, with their thresholds.</summary>
public static class ShipGate
{
    public const string Ship = "ship";
    public const string NoShip = "no-ship";

    /// <summary>The codec-aware model must beat the codec-blind one by more than this LOSO PLCC …</summary>
    public const double MinimumLift = 0.005;

    /// <summary>… and by more than this many standard deviations of the lift over seeds.</summary>
    public const double SpreadFactor = 2.0;

    /// <summary>A model trained on a teacher's scores must track the teacher with at least this LOSO PLCC.</summary>
    public const double TeacherMinimumPlcc = 0.95;

    /// <summary>
    /// <c>ship</c> iff the mean lift over seeds exceeds <see cref="MinimumLift"/> and <see cref="SpreadFactor"/>
    /// times its sample std over seeds (which needs at least two seeds to exist).
    /// </summary>
    public static GateVerdict Lift(double meanLift, double liftStd, int seeds)
    {
        string numbers = $"mean PLCC lift {meanLift:F4}, std over {seeds} seed(s) {liftStd:F4}";
        if (!double.IsFinite(meanLift))
            return new GateVerdict(NoShip, $"{numbers}: the lift is undefined");
        if (!double.IsFinite(liftStd))
            return new GateVerdict(NoShip, $"{numbers}: its spread cannot be measured with fewer than two seeds");
        bool large = meanLift > MinimumLift;
        bool steady = meanLift > SpreadFactor * liftStd;
        if (large && steady)
            return new GateVerdict(Ship, $"{numbers}: above {MinimumLift} and above {SpreadFactor} × std ({SpreadFactor * liftStd:F4})");
        var failures = new List<string>();
        if (!large)
            failures.Add($"not above {MinimumLift}");
        if (!steady)
            failures.Add($"not above {SpreadFactor} × std ({SpreadFactor * liftStd:F4})");
        return new GateVerdict(NoShip, $"{numbers}: {string.Join(" and ", failures)}");
    }

    /// <summary><c>ship</c> iff a teacher-target model's LOSO PLCC is at least <see cref="TeacherMinimumPlcc"/>.</summary>
    public static GateVerdict Teacher(double losoPlcc)
    {
        string numbers = $"LOSO PLCC {losoPlcc:F4} against the teacher";
        return double.IsFinite(losoPlcc) && losoPlcc >= TeacherMinimumPlcc
            ? new GateVerdict(Ship, $"{numbers}: at least {TeacherMinimumPlcc}")
            : new GateVerdict(NoShip, $"{numbers}: below {TeacherMinimumPlcc}");
    }
}

/// <summary>A gate's decision (<c>ship</c> or <c>no-ship</c>) and the numbers behind it.</summary>
public sealed record GateVerdict(string Verdict, string Reason)
{
    public bool Ships => Verdict == ShipGate.Ship;
}
