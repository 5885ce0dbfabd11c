namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The window and stabilising constants of libvmaf's float SSIM (its IQA code's defaults): an 11-tap Gaussian of
/// σ = 1.5 applied along rows then down columns (libvmaf runs the separable form), over valid positions only, so
/// that a w×h picture yields a (w − 10)×(h − 10) map. K1 = 0.01, K2 = 0.03 and L = 255 whatever the bit depth:
/// libvmaf brings every depth to the 8-bit range before SSIM.
/// </summary>
internal static class SsimWindow
{
    public const int Taps = 11;

    /// <summary>Rows or columns the valid convolution loses: the map is this much narrower and shorter.</summary>
    public const int Shrink = Taps - 1;

    /// <summary>
    /// libvmaf's one-dimensional Gaussian, normalised and rounded to six decimals (so its sum is not exactly 1);
    /// these float values, not the exact Gaussian, are what parity needs.
    /// </summary>
    private static readonly float[] Weights =
        [0.001028f, 0.007599f, 0.036001f, 0.109361f, 0.213006f, 0.266012f, 0.213006f, 0.109361f, 0.036001f, 0.007599f, 0.001028f];

    private const float K1 = 0.01f;
    private const float K2 = 0.03f;
    private const int L = 255;

    /// <summary>(K1·L)², every step in single precision as libvmaf computes it.</summary>
    public static readonly float C1 = Square(K1 * L);

    /// <summary>(K2·L)².</summary>
    public static readonly float C2 = Square(K2 * L);

    /// <summary>C2 / 2, the structure term's constant.</summary>
    public static readonly float C3 = C2 / 2.0f;

    public static ReadOnlySpan<float> Gaussian => Weights;

    private static float Square(float value) => value * value;
}
