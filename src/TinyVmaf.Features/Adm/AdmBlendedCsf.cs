namespace TinyVmaf.Features.Adm;

/// <summary>
/// ADM's CSF modes 2 and 3 (libvmaf's <c>ADM_CSF_MODE_BARTEN_WATSON_BLEND</c> and its <c>_MAE</c> refit): a blend
/// of Barten's and Watson's CSFs, tabulated per viewing condition instead of computed. The values are the
/// reciprocal factors themselves, per DWT scale 0..3, for the h/v bands (row 0) and the d band (row 1). Mode 2 is
/// what the VMAF v1.0.16 models use; mode 3 carries the coefficients refitted for later models.
/// </summary>
internal static class AdmBlendedCsf
{
    /// <summary>One viewing condition: display height in lines, viewing distance in display heights, and its table.</summary>
    private sealed record Condition(int Height, double Distance, float[] Blend, float[] BlendMae);

    // Each array is { hv0, hv1, hv2, hv3, d0, d1, d2, d3 }. Double literals narrowed to float, as libvmaf's
    // float initialisers are. 2160 lines at 1.5H has 1080 at 3H's pixels per degree and shares its table.
    private static readonly Condition[] Conditions =
    [
        new(1080, 3.0, F(0.01183, 0.025026, 0.04295, 0.058621, 0.004302, 0.011778, 0.023918, 0.035901),
            F(0.011249, 0.022606, 0.035930, 0.045673, 0.004097, 0.010921, 0.021430, 0.031313)),
        new(1080, 5.0, F(0.004212, 0.014809, 0.029642, 0.047464, 0.000984, 0.005852, 0.0146, 0.027574),
            F(0.004052, 0.013939, 0.026298, 0.038833, 0.000927, 0.005544, 0.013415, 0.024515)),
        new(2160, 1.5, F(0.01183, 0.025026, 0.04295, 0.058621, 0.004302, 0.011778, 0.023918, 0.035901),
            F(0.011249, 0.022606, 0.035930, 0.045673, 0.004097, 0.010921, 0.021430, 0.031313)),
        new(2160, 3.0, F(0.00226, 0.01183, 0.025026, 0.04295, 0.000479, 0.004302, 0.011778, 0.023918),
            F(0.002166, 0.011249, 0.022606, 0.035930, 0.000447, 0.004097, 0.010921, 0.021430)),
        new(2160, 5.0, F(0.000092, 0.004212, 0.014809, 0.029642, 0.000050, 0.000984, 0.005852, 0.0146),
            F(0.000077, 0.004052, 0.013939, 0.026298, 0.000045, 0.000927, 0.005544, 0.013415)),
        new(720, 3.0, F(0.018715, 0.035637, 0.052798, 0.061509, 0.007999, 0.018396, 0.031851, 0.037718),
            F(0.017329, 0.030870, 0.042134, 0.047410, 0.007509, 0.016707, 0.028072, 0.032722)),
        new(720, 5.0, F(0.010144, 0.022561, 0.040309, 0.05672, 0.003463, 0.010282, 0.021839, 0.034641),
            F(0.009689, 0.020577, 0.034162, 0.044523, 0.003302, 0.009579, 0.019661, 0.030318)),
        new(480, 3.0, F(0.027961, 0.045875, 0.060275, 0.056234, 0.013572, 0.026277, 0.036959, 0.034511),
            F(0.024969, 0.037825, 0.046676, 0.043974, 0.012511, 0.023424, 0.032139, 0.030166)),
        new(480, 5.0, F(0.016781, 0.032822, 0.05032, 0.061594, 0.00691, 0.016545, 0.029917, 0.037777),
            F(0.015665, 0.028766, 0.040612, 0.047483, 0.006514, 0.015107, 0.026476, 0.032776)),
    ];

    /// <summary>Whether libvmaf has a table for this viewing condition (it compares the doubles exactly).</summary>
    public static bool Has(double normViewDist, int refDisplayHeight) => Find(normViewDist, refDisplayHeight) is not null;

    /// <summary>The viewing conditions that have a table, for messages.</summary>
    public static string Supported => string.Join(", ", Conditions.Select(c => $"{c.Height}@{c.Distance}H"));

    public static (float Hv, float D) Factors(int scale, int csfMode, double normViewDist, int refDisplayHeight)
    {
        // libvmaf returns -EINVAL as the factor outside its table; the options check refuses that earlier.
        var condition = Find(normViewDist, refDisplayHeight)
            ?? throw new ArgumentOutOfRangeException(nameof(normViewDist), $"adm_csf_mode {csfMode} has no table for {refDisplayHeight} lines at {normViewDist}H");
        float[] table = csfMode == AdmOptions.CsfBartenWatsonBlendMae ? condition.BlendMae : condition.Blend;
        return (table[scale], table[4 + scale]);
    }

    private static Condition? Find(double normViewDist, int refDisplayHeight) =>
        Conditions.FirstOrDefault(c => c.Height == refDisplayHeight && c.Distance == normViewDist);

    private static float[] F(params double[] values) => values.Select(v => (float)v).ToArray();
}
