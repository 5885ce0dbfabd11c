namespace TinyVmaf.Features.Ssim;

/// <summary>libvmaf's optional decibel form of SSIM and MS-SSIM (<c>enable_db</c>, <c>clip_db</c>).</summary>
internal static class SsimDecibels
{
    /// <summary>
    /// The cap: <c>ceil(10·log10(peak² / (0.5 / (w·h))))</c> with peak = 2^bpc − 1 when clipping, otherwise none.
    /// </summary>
    public static double MaxDb(bool clip, int bitDepth, int width, int height)
    {
        if (!clip)
        {
            return double.PositiveInfinity;
        }

        // libvmaf multiplies the peak in unsigned 32-bit arithmetic, which holds even 16-bit peaks.
        uint peak = (1u << bitDepth) - 1;
        double mse = 0.5 / ((uint)width * (uint)height);
        return Math.Ceiling(10.0 * Math.Log10(peak * peak / mse));
    }

    public static double FromScore(double score, double maxDb) => Math.Min(-10.0 * Math.Log10(1 - score), maxDb);
}
