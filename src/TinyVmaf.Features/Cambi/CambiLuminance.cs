namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The luminance model behind CAMBI's visibility thresholds (libvmaf's <c>luminance_tools.c</c>): a 10-bit
/// limited-range code value is normalised to [0, 1] over [64, 940] and turned into cd/m² by an EOTF.
/// </summary>
internal static class CambiLuminance
{
    /// <summary>The foot of 10-bit limited range (16·4).</summary>
    public const int Foot = 64;

    /// <summary>The head of 10-bit limited range (235·4).</summary>
    public const int Head = 940;

    private const double Bt1886Gamma = 2.4;
    private const double Bt1886White = 300.0;
    private const double Bt1886Black = 0.01;

    /// <summary>The luminance of a 10-bit code value, clipped to limited range first.</summary>
    public static double Luminance(int sample, CambiEotf eotf)
    {
        double normalized = (double)(Math.Clamp(sample, Foot, Head) - Foot) / (Head - Foot);
        return eotf == CambiEotf.Pq ? Pq(normalized) : Bt1886(normalized);
    }

    /// <summary>ITU-R BT.1886 with libvmaf's white and black levels; a and b are recomputed per call as libvmaf does.</summary>
    public static double Bt1886(double v)
    {
        double whiteRoot = Math.Pow(Bt1886White, 1.0 / Bt1886Gamma);
        double blackRoot = Math.Pow(Bt1886Black, 1.0 / Bt1886Gamma);
        double a = Math.Pow(whiteRoot - blackRoot, Bt1886Gamma);
        double b = blackRoot / (whiteRoot - blackRoot);
        return a * Math.Pow(Math.Max(v + b, 0), Bt1886Gamma);
    }

    /// <summary>SMPTE ST 2084 (PQ), in cd/m².</summary>
    public static double Pq(double v)
    {
        const double m1 = 0.1593017578125;
        const double m2 = 78.84375;
        const double c1 = 0.8359375;
        const double c2 = 18.8515625;
        const double c3 = 18.6875;
        double root = Math.Pow(v, 1.0 / m2);
        double numerator = Math.Max(root - c1, 0);
        double denominator = c2 - (c3 * root);
        return 10000 * Math.Pow(numerator / denominator, 1.0 / m1);
    }

    /// <summary>
    /// libvmaf's <c>get_vlt_luma</c>: the first 10-bit code value from the foot whose luminance reaches
    /// <paramref name="threshold"/> cd/m², or 0 when the foot already does.
    /// </summary>
    public static int VisibilityLumaThreshold(double threshold, CambiEotf eotf)
    {
        int sample = Foot;
        while (Luminance(sample, eotf) < threshold)
        {
            sample++;
        }

        return sample == Foot ? 0 : sample;
    }

    /// <summary>
    /// The largest 10-bit code value at which a step of <paramref name="diff"/> code values is still visible
    /// (its luminance step exceeds <paramref name="tviThreshold"/> times the luminance), found by bisection
    /// over limited range as libvmaf does, including its answers at the ends: 0 when even the foot shows no
    /// visible step, 1023 when the step stays visible up to the head.
    /// </summary>
    public static int TviForDiff(int diff, double tviThreshold, CambiEotf eotf)
    {
        const int maxValue = 1023;
        int foot = Foot;
        int head = Head - diff - 1;

        var atFoot = Bisect(foot, diff, tviThreshold, eotf);
        if (atFoot == Side.TooBig)
        {
            return 0;
        }

        if (atFoot == Side.Correct)
        {
            return foot;
        }

        var atHead = Bisect(head, diff, tviThreshold, eotf);
        if (atHead == Side.TooSmall)
        {
            return maxValue;
        }

        if (atHead == Side.Correct)
        {
            return head;
        }

        while (true)
        {
            int mid = foot + ((head - foot) / 2);
            switch (Bisect(mid, diff, tviThreshold, eotf))
            {
                case Side.TooBig:
                    head = mid;
                    break;
                case Side.TooSmall:
                    foot = mid;
                    break;
                default:
                    return mid;
            }
        }
    }

    private enum Side
    {
        TooSmall,
        Correct,
        TooBig,
    }

    /// <summary>Correct when the step is visible at <paramref name="sample"/> but no longer one code value up.</summary>
    private static Side Bisect(int sample, int diff, double tviThreshold, CambiEotf eotf)
    {
        if (!IsVisible(sample, diff, tviThreshold, eotf))
        {
            return Side.TooBig;
        }

        return IsVisible(sample + 1, diff, tviThreshold, eotf) ? Side.TooSmall : Side.Correct;
    }

    private static bool IsVisible(int sample, int diff, double tviThreshold, CambiEotf eotf)
    {
        double mean = Luminance(sample, eotf);
        double stepped = Luminance(sample + diff, eotf);
        return stepped - mean > tviThreshold * mean;
    }
}
