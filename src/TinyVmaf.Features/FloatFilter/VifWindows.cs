namespace TinyVmaf.Features.FloatFilter;

/// <summary>
/// The Gaussian windows of libvmaf's float VIF and of SpEED (<c>vif_tools.c</c>), with its float/double mix, so that
/// every tap is the float libvmaf holds. Scale 0 is the finest (17 taps at kernel scale 1), scale 4 the coarsest (3).
/// </summary>
internal static class VifWindows
{
    /// <summary>libvmaf's <c>vif_get_filter_size</c>: 2^(4 − scale) + 1 taps times the kernel scale, odd, at least 3.</summary>
    public static int Size(int scale, float kernelScale)
    {
        int n = (1 << (4 - scale)) + 1;
        int ceiling = (int)Math.Ceiling(n * kernelScale);
        return Math.Max(ceiling % 2 == 0 ? ceiling + 1 : ceiling, 3);
    }

    /// <summary>The window of a scale (libvmaf's <c>vif_get_filter</c>): sigma = size / 5.</summary>
    public static float[] Window(int scale, float kernelScale)
    {
        int size = Size(scale, kernelScale);
        return Gaussian(size, size / 5.0f);
    }

    /// <summary>
    /// The anti-alias window before decimating by 2^<paramref name="scale"/> (libvmaf's
    /// <c>speed_get_antialias_filter</c>): the size of scale 1's window, sigma sqrt(scale) times wider.
    /// </summary>
    public static float[] AntialiasWindow(int scale, float kernelScale)
    {
        int size = Size(1, kernelScale);
        return Gaussian(size, (float)(Math.Sqrt(scale) * size / 5.0f));
    }

    /// <summary>A normalised Gaussian window, with libvmaf's float/double mix (the exponent in double, the rest in float).</summary>
    private static float[] Gaussian(int size, float sigma)
    {
        var window = new float[size];
        int half = (size - 1) / 2;
        float sum = 0;
        for (int i = 0; i < size; i++)
        {
            float x = i - half;
            double exponent = -0.5 * x / sigma * x / sigma;
            float num = (float)Math.Exp(exponent);
            float den = (float)(1 / (sigma * Math.Sqrt(2 * Math.PI)));
            window[i] = num / den;
            sum += window[i];
        }

        for (int i = 0; i < size; i++)
        {
            window[i] /= sum;
        }

        return window;
    }

    // vif_tools.h's valid_kernelscales, as the floats libvmaf compares against.
    private static readonly float[] ValidKernelScales =
    [
        1.0f, 1.0f / 2.0f, 3.0f / 2.0f, 2.0f, 2.0f / 3.0f, 24.0f / 10.0f, 360.0f / 97.0f, 4.0f / 3.0f, 3.5f / 3.0f,
        3.75f / 3.0f, 4.25f / 3.0f, 5.0f / 3.0f, 3.0f, 1.0f / 2.25f, 1.4746f, 1.54f, 1.6f, 1.06667f, 0.711111f,
        0.740740f, 1.111111f,
    ];

    public const string ValidKernelScalesText =
        "one of libvmaf's kernel scales (1, 1/2, 3/2, 2, 2/3, 2.4, 360/97, 4/3, 3.5/3, 3.75/3, 4.25/3, 5/3, 3, 1/2.25, 1.4746, 1.54, 1.6, 1.06667, 0.711111, 0.74074, 1.111111)";

    /// <summary>libvmaf's <c>vif_validate_kernelscale</c>: within 1e-3 of a tabulated scale, compared in float.</summary>
    public static bool IsValidKernelScale(double kernelScale) => ValidKernelScales.Any(k => MathF.Abs((float)kernelScale - k) < 1e-3f);
}
