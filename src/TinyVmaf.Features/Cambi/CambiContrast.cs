namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The band steps CAMBI looks for, fixed at creation: steps of d = 1 .. 2^max_log_contrast 10-bit code values,
/// each with its suprathreshold weight and the largest code value at which it is still visible.
/// </summary>
internal sealed class CambiContrast
{
    /// <summary>libvmaf's suprathreshold contrast response, the weight of a step of d + 1 code values.</summary>
    internal static readonly int[] ContrastWeights =
        [1, 2, 3, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9];

    public CambiContrast(int maxLogContrast, double tviThreshold, CambiEotf eotf, double visLumThreshold = 0)
    {
        VltLuma = CambiLuminance.VisibilityLumaThreshold(visLumThreshold, eotf);
        NumDiffs = 1 << maxLogContrast;
        Weights = ContrastWeights[..NumDiffs];
        Tvi = new int[NumDiffs];
        for (int d = 0; d < NumDiffs; d++)
        {
            Tvi[d] = CambiLuminance.TviForDiff(d + 1, tviThreshold, eotf);
            MaxTvi = Math.Max(MaxTvi, Tvi[d]);
            BandTop = Math.Max(BandTop, Tvi[d] + d + 1);
        }
    }

    /// <summary>How many step sizes are looked for (libvmaf's <c>num_diffs</c>).</summary>
    public int NumDiffs { get; }

    /// <summary>The weight of a step of d + 1 code values.</summary>
    public int[] Weights { get; }

    /// <summary>
    /// The largest code value at which a step of d + 1 is visible. libvmaf stores these plus num_diffs and
    /// compares them with the sample plus num_diffs; the comparison is the same.
    /// </summary>
    public int[] Tvi { get; }

    /// <summary>
    /// libvmaf's <c>vlt_luma</c>: the first 10-bit code value at least <c>cambi_vis_lum_threshold</c> bright (0 when
    /// the foot already is). A step d + 1 from value v counts only when v + num_diffs + d + 1 &gt; VltLuma
    /// (libvmaf compares in its value + num_diffs space), which always holds at the default threshold 0.
    /// </summary>
    public int VltLuma { get; }

    /// <summary>Whether a step of d + 1 from <paramref name="value"/> reaches above the visibility threshold.</summary>
    public bool AboveVisibility(int value, int d) => value + NumDiffs + d + 1 > VltLuma;

    /// <summary>Above this code value no step is visible, so a pixel's own value there is 0.</summary>
    public int MaxTvi { get; }

    /// <summary>
    /// The largest code value any visible step reads the count of (a threshold plus its step). Samples above
    /// it are left out of the histograms: nothing would ever read their counts, so every value is unchanged.
    /// </summary>
    public int BandTop { get; }
}
