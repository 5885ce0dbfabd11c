using System.Text.Json.Serialization;

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

    /// <summary>A lift's spread over seeds is measured only from this many seeds up.</summary>
    public const int MinimumSeeds = 2;

    /// <summary>
    /// <c>ship</c> iff the lift was measured over at least <see cref="MinimumSeeds"/> seeds and its mean exceeds
    /// <see cref="MinimumLift"/> and <see cref="SpreadFactor"/> times its sample std over seeds. With one seed there is
    /// no spread to compare with, whatever <paramref name="liftStd"/> says (a caller passing 0 must not ship).
    /// </summary>
    public static GateVerdict Lift(double meanLift, double liftStd, int seeds)
    {
        string numbers = $"mean PLCC lift {meanLift:F4}, std over {seeds} seed(s) {liftStd:F4}";
        if (seeds < MinimumSeeds)
            return new GateVerdict(NoShip, $"{numbers}: its spread cannot be measured with fewer than {MinimumSeeds} seeds");
        if (!double.IsFinite(meanLift))
            return new GateVerdict(NoShip, $"{numbers}: the lift is undefined");
        if (!double.IsFinite(liftStd))
            return new GateVerdict(NoShip, $"{numbers}: its spread over seeds is undefined");
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

    /// <summary>
    /// The gate of a model trained on opinion scores: <c>ship</c> iff its LOSO PLCC beats the zero-shot VMAF of the
    /// same corpus, evaluated the same way. Without a baseline (the corpus has no <c>vmaf</c>) the gate cannot decide,
    /// and a model that is not shown to beat VMAF does not ship.
    /// </summary>
    public static GateVerdict BeatsBaseline(double losoPlcc, double? baselinePlcc)
    {
        string numbers = $"LOSO PLCC {losoPlcc:F4}";
        if (baselinePlcc is not { } baseline || !double.IsFinite(baseline))
            return new GateVerdict(NoShip,
                $"{numbers}; the corpus has no zero-shot vmaf to compare with, so the gate cannot decide (import logs that carry vmaf)");
        if (!double.IsFinite(losoPlcc))
            return new GateVerdict(NoShip, $"{numbers}: undefined, against zero-shot vmaf's {baseline:F4}");
        return losoPlcc > baseline
            ? new GateVerdict(Ship, $"{numbers} beats zero-shot vmaf's {baseline:F4}")
            : new GateVerdict(NoShip, $"{numbers} does not beat zero-shot vmaf's {baseline:F4}");
    }
}

/// <summary>A gate's decision (<c>ship</c> or <c>no-ship</c>) and the numbers behind it.</summary>
public sealed record GateVerdict(
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("reason")] string Reason)
{
    [JsonIgnore]
    public bool Ships => Verdict == ShipGate.Ship;
}
