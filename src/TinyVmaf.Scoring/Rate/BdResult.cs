namespace TinyVmaf.Scoring.Rate;

/// <summary>
/// The Bjøntegaard deltas of a test curve against an anchor.
/// </summary>
/// <param name="BdRatePercent">
/// The average bitrate difference at equal quality, in percent of the anchor's: −20 means the test needs 20 %
/// fewer bits for the same score, over <see cref="ScoreLow"/>..<see cref="ScoreHigh"/>.
/// </param>
/// <param name="BdScore">
/// The average score difference (test − anchor) at equal bitrate over <see cref="BitrateLowKbps"/>..<see cref="BitrateHighKbps"/>
/// (averaged over log-rate): BD-PSNR when the score is PSNR, BD-VMAF when it is VMAF.
/// </param>
/// <param name="ScoreLow">The lower end of the score range both curves cover (BD-rate integrates over it).</param>
/// <param name="ScoreHigh">The upper end of that range.</param>
/// <param name="BitrateLowKbps">The lower end of the bitrate range both curves cover (BD-score integrates over its logarithm).</param>
/// <param name="BitrateHighKbps">The upper end of that range.</param>
public sealed record BdResult(
    RateCurve Anchor,
    RateCurve Test,
    BdInterpolation Interpolation,
    double BdRatePercent,
    double BdScore,
    double ScoreLow,
    double ScoreHigh,
    double BitrateLowKbps,
    double BitrateHighKbps);
