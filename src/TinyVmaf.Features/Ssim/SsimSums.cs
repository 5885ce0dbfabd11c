namespace TinyVmaf.Features.Ssim;

/// <summary>Which per-pixel terms a caller needs pooled; a kernel may skip the work for the others.</summary>
[Flags]
internal enum SsimTerms
{
    /// <summary>The SSIM index l·c·s (float_ssim).</summary>
    Ssim = 1,

    /// <summary>The luminance term l.</summary>
    Luminance = 2,

    /// <summary>The contrast term c and the structure term s.</summary>
    ContrastStructure = 4,

    All = Ssim | Luminance | ContrastStructure,
}

/// <summary>
/// The sums libvmaf pools over an SSIM map, in double precision, and the arithmetic of one pixel. The pixel
/// arithmetic is libvmaf's to the rounding: the variances, the cross term and the structure ratio in single
/// precision; the luminance and contrast ratios in double (libvmaf's <c>2.0 * …</c> literals promote them), and
/// the product l·c·s in double.
/// </summary>
internal struct SsimSums
{
    public double Ssim;
    public double Luminance;
    public double Contrast;
    public double Structure;

    /// <summary>Pixels of the map, as libvmaf counts them (an int product of its sides).</summary>
    public int Pixels;

    /// <summary>
    /// Adds the pixel whose window gives the means <paramref name="muRef"/>, <paramref name="muDis"/> and the
    /// second moments <paramref name="refSq"/>, <paramref name="disSq"/>, <paramref name="refDis"/>.
    /// </summary>
    public void Add(float muRef, float muDis, float refSq, float disSq, float refDis)
    {
        // libvmaf subtracts the squared mean and clamps with MAX(0.0, v): zero only when v is below it.
        float sigmaRefSq = refSq - muRef * muRef;
        sigmaRefSq = 0f > sigmaRefSq ? 0f : sigmaRefSq;
        float sigmaDisSq = disSq - muDis * muDis;
        sigmaDisSq = 0f > sigmaDisSq ? 0f : sigmaDisSq;
        float sigmaBoth = refDis - muRef * muDis;

        float sigmaRefSigmaDis = MathF.Sqrt(sigmaRefSq * sigmaDisSq);
        float luminanceDen = muRef * muRef + muDis * muDis + SsimWindow.C1;
        float contrastDen = sigmaRefSq + sigmaDisSq + SsimWindow.C2;

        // libvmaf's fix for identical flat windows: rounding can leave a tiny negative covariance where both
        // deviations are zero, which would pull s below 1.
        float clampedSigmaBoth = sigmaBoth < 0f && sigmaRefSigmaDis <= 0f ? 0f : sigmaBoth;
        float s = (clampedSigmaBoth + SsimWindow.C3) / (sigmaRefSigmaDis + SsimWindow.C3);

        double l = (2.0 * muRef * muDis + SsimWindow.C1) / luminanceDen;
        double c = (2.0 * sigmaRefSigmaDis + SsimWindow.C2) / contrastDen;

        Ssim += l * c * s;
        Luminance += l;
        Contrast += c;
        Structure += s;
    }

    /// <summary>Mean SSIM, rounded to single precision as libvmaf returns it.</summary>
    public readonly float MeanSsim => (float)(Ssim / Pixels);

    public readonly float MeanLuminance => (float)(Luminance / Pixels);

    public readonly float MeanContrast => (float)(Contrast / Pixels);

    public readonly float MeanStructure => (float)(Structure / Pixels);
}
