namespace TinyVmaf.Features.Vif;

/// <summary>
/// The four integer sums a scale of integer VIF accumulates over its pixels, and the arithmetic that turns
/// one pixel's local (co)variances into a contribution. Kept integer, as libvmaf does, so that every kernel
/// reaches exactly the same sums whatever the order it visits pixels in.
/// </summary>
internal struct VifAccumulator : IEquatable<VifAccumulator>
{
    /// <summary>The noise variance sigma_n^2 = 2 in the Q16 units of the variances.</summary>
    public const int SigmaNsq = 65536 << 1;

    /// <summary>The epsilon libvmaf adds to sigma1^2 before dividing, in the same Q16 units.</summary>
    private const double Epsilon = 65536 * 1.0e-10;

    /// <summary>log2(sigma_n^2) = 17 in Q11, taken off each denominator term.</summary>
    public const int Log2SigmaNsq = 17 * VifLog2.One;

    /// <summary>Sum of log2(1 + g^2 sigma1^2 / (sv^2 + sigma_n^2)), Q11, over pixels with enough reference variance.</summary>
    public long NumLog;

    /// <summary>Sum of log2(1 + sigma1^2 / sigma_n^2), Q11, over the same pixels.</summary>
    public long DenLog;

    /// <summary>Sum of sigma2^2 over the flat pixels (sigma1^2 below the noise).</summary>
    public long NumNonLog;

    /// <summary>How many flat pixels there were.</summary>
    public long DenNonLog;

    /// <summary>
    /// Adds one pixel from its filtered means (Q16 of the scale's samples, unshifted) and its filtered second
    /// moments (Q16 after the horizontal rounding).
    /// </summary>
    public void Add(uint mu1, uint mu2, uint xx, uint yy, uint xy, double gainLimit)
    {
        uint mu1Sq = (uint)(((ulong)mu1 * mu1 + 0x80000000UL) >> 32);
        uint mu2Sq = (uint)(((ulong)mu2 * mu2 + 0x80000000UL) >> 32);
        uint mu1Mu2 = (uint)(((ulong)mu1 * mu2 + 0x80000000UL) >> 32);
        AddVariances((int)(xx - mu1Sq), Math.Max((int)(yy - mu2Sq), 0), (int)(xy - mu1Mu2), gainLimit);
    }

    /// <summary>Adds one pixel from sigma1^2, sigma2^2 (already clamped at 0) and sigma12, in Q16.</summary>
    public void AddVariances(int sigma1Sq, int sigma2Sq, int sigma12, double gainLimit)
    {
        if (sigma1Sq >= SigmaNsq)
        {
            DenLog += VifLog2.Log2((uint)(SigmaNsq + sigma1Sq)) - Log2SigmaNsq;
            if (sigma12 > 0 && sigma2Sq > 0)
            {
                // libvmaf's gain and residual noise go through double precision with truncation back to
                // integers; the same operations in the same order keep the sums identical.
                double g = sigma12 / (sigma1Sq + Epsilon);
                int svSq = (int)(sigma2Sq - g * sigma12);
                svSq = Math.Max(svSq, 0);
                g = Math.Min(g, gainLimit);
                uint numer1 = (uint)(svSq + SigmaNsq);
                long numer = (long)(g * g * sigma1Sq) + numer1;
                NumLog += VifLog2.Log2((ulong)numer) - VifLog2.Log2((ulong)numer1);
            }
        }
        else
        {
            NumNonLog += sigma2Sq;
            DenNonLog++;
        }
    }

    public void Add(in VifAccumulator other)
    {
        NumLog += other.NumLog;
        DenLog += other.DenLog;
        NumNonLog += other.NumNonLog;
        DenNonLog += other.DenNonLog;
    }

    /// <summary>
    /// The scale's numerator and denominator as libvmaf hands them on: computed in double, stored in single
    /// precision. A flat pixel counts 1 in both, less its distorted variance over 16384 * 255^2 in the
    /// numerator; those are libvmaf 3.0's constants (an older comment of theirs reads 65536), kept for parity.
    /// </summary>
    public readonly (float Num, float Den) NumDen() =>
        ((float)(NumLog / 2048.0 + (DenNonLog - NumNonLog / 16384.0 / 65025.0)),
         (float)(DenLog / 2048.0 + DenNonLog));

    /// <summary>The scale's score, divided in single precision like libvmaf's <c>num / den</c>.</summary>
    public readonly double Score()
    {
        var (num, den) = NumDen();
        return num / den;
    }

    public readonly bool Equals(VifAccumulator other) =>
        NumLog == other.NumLog && DenLog == other.DenLog && NumNonLog == other.NumNonLog && DenNonLog == other.DenNonLog;

    public override readonly bool Equals(object? obj) => obj is VifAccumulator other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(NumLog, DenLog, NumNonLog, DenNonLog);

    public override readonly string ToString() =>
        $"num_log={NumLog} den_log={DenLog} num_non_log={NumNonLog} den_non_log={DenNonLog}";
}
