namespace TinyVmaf.Features.FloatVif;

/// <summary>
/// libvmaf's float VIF does not call <c>log2f</c>: its <c>vif_options.h</c> defines <c>VIF_OPT_FAST_LOG2</c>, which
/// replaces it by the exponent plus a degree-8 polynomial in (mantissa − 1), evaluated by Horner's rule in float.
/// It is within about 1e-7 of log2, but the VIF scores sum it over every pixel, so the float extractor uses the same
/// approximation to be bit-exact.
/// </summary>
internal static class FastLog2
{
    // vif_tools.c's log2_poly_s, highest degree first; double literals narrowed to float as its initialiser does.
    private static readonly float[] Poly =
    [
        (float)-0.012671635276421, (float)0.064841182402670, (float)-0.157048836463065, (float)0.257167726303123,
        (float)-0.353800560300520, (float)0.480131410397451, (float)-0.721314327952201, (float)1.442694803896991, 0,
    ];

    public static float Of(float x)
    {
        if (x == 0)
        {
            return float.NegativeInfinity;
        }

        if (x < 0)
        {
            return float.NaN;
        }

        uint bits = BitConverter.SingleToUInt32Bits(x);
        int exponent = (int)((bits & 0x7F800000u) >> 23);
        float mantissa = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFu) | 0x3F800000u);
        float r = mantissa - 1.0f;
        float value = 0;
        foreach (float c in Poly)
        {
            value = value * r + c;
        }

        return (exponent - 127) + value;
    }
}
