namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The six numbers SSIMULACRA 2 keeps of one channel at one scale: the mean (1-norm) and the 4-norm of the
/// SSIM error map, of the artifact map (edges the distorted picture adds: ringing, blocking) and of the
/// detail-loss map (edges it loses: blur).
/// </summary>
internal struct ChannelNorms
{
    public double SsimMean;
    public double Ssim4Norm;
    public double ArtifactMean;
    public double Artifact4Norm;
    public double DetailLossMean;
    public double DetailLoss4Norm;
}

/// <summary>
/// SSIMULACRA 2's final step: a weighted sum of the 108 norms (3 channels × 6 scales × {1-norm, 4-norm} ×
/// {SSIM, artifact, detail loss}), then a cubic and a power that map it to a 0..100 score (100 = identical).
/// </summary>
internal static class Ssimulacra2Pooling
{
    public const int ScaleCount = 6;

    public const int ChannelCount = 3;

    /// <summary>A scale is computed only while both of its sides are at least this long.</summary>
    public const int MinScaleSide = 8;

    // The tuned constants of libjxl's tools/ssimulacra2.cc (Sneyers, 2023).
    public const double WeightedSumScale = 0.9562382616834844;
    public const double CubicA = 2.326765642916932;
    public const double CubicB = -0.020884521182843837;
    public const double CubicC = 6.248496625763138e-05;
    public const double Exponent = 0.6276336467831387;

    /// <summary>
    /// The 108 weights, in the order channel (X, Y, B), scale (finest first), norm (1, then 4), then SSIM,
    /// artifact, detail loss.
    /// </summary>
    public static ReadOnlySpan<double> Weights =>
    [
        0.0, 0.0007376606707406586, 0.0, 0.0, 0.0007793481682867309, 0.0,
        0.0, 0.0004371155730107379, 0.0, 1.1041726426657346, 0.00066284834129271, 0.00015231632783718752,
        0.0, 0.0016406437456599754, 0.0, 1.8422455520539298, 11.441172603757666, 0.0,
        0.0007989109436015163, 0.000176816438078653, 0.0, 1.8787594979546387, 10.94906990605142, 0.0,
        0.0007289346991508072, 0.9677937080626833, 0.0, 0.00014003424285435884, 0.9981766977854967, 0.00031949755934435053,
        0.0004550992113792063, 0.0, 0.0, 0.0013648766163243398, 0.0, 0.0,
        0.0, 0.0, 0.0, 7.466890328078848, 0.0, 17.445833984131262,
        0.0006235601634041466, 0.0, 0.0, 6.683678146179332, 0.00037724407979611296, 1.027889937768264,
        225.20515300849274, 0.0, 0.0, 19.213238186143016, 0.0011401524586618361, 0.001237755635509985,
        176.39317598450694, 0.0, 0.0, 24.43300999870476, 0.28520802612117757, 0.0004485436923833408,
        0.0, 0.0, 0.0, 34.77906344483772, 44.835625328877896, 0.0,
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0008680556573291698, 0.0, 0.0, 0.0, 0.0,
        0.0, 0.0005313191874358747, 0.0, 0.00016533814161379112, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0004179171803251336, 0.0017290828234722833, 0.0,
        0.0020827005846636437, 0.0, 0.0, 8.826982764996862, 23.19243343998926, 0.0,
        95.1080498811086, 0.9863978034400682, 0.9834382792465353, 0.0012286405048278493, 171.2667255897307, 0.9807858872435379,
        0.0, 0.0, 0.0, 0.0005130064588990679, 0.0, 0.00010854057858411537,
    ];

    /// <summary>
    /// The score from the norms of the first <paramref name="scales"/> scales, indexed
    /// <c>[scale * ChannelCount + channel]</c>. Scales not computed (a small picture) count as zero error.
    /// </summary>
    public static double Score(ReadOnlySpan<ChannelNorms> norms, int scales)
    {
        var weights = Weights;
        double sum = 0.0;
        int i = 0;
        for (int channel = 0; channel < ChannelCount; channel++)
        {
            for (int scale = 0; scale < ScaleCount; scale++)
            {
                var n = scale < scales ? norms[(scale * ChannelCount) + channel] : default;
                sum += weights[i++] * Math.Abs(n.SsimMean);
                sum += weights[i++] * Math.Abs(n.ArtifactMean);
                sum += weights[i++] * Math.Abs(n.DetailLossMean);
                sum += weights[i++] * Math.Abs(n.Ssim4Norm);
                sum += weights[i++] * Math.Abs(n.Artifact4Norm);
                sum += weights[i++] * Math.Abs(n.DetailLoss4Norm);
            }
        }

        double x = sum * WeightedSumScale;
        x = (CubicA * x) + (CubicB * x * x) + (CubicC * x * x * x);
        return x > 0.0 ? 100.0 - (10.0 * Math.Pow(x, Exponent)) : 100.0;
    }
}
