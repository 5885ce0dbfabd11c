namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// Linear RGB to the XYB colour space of JPEG XL (libjxl's opsin model), with SSIMULACRA 2's rescaling that
/// makes all three channels positive and of comparable range.
/// </summary>
/// <remarks>
/// Per pixel: LMS = OpsinMatrix·RGB + bias, clamped at 0; each cube-rooted less the cube root of the bias;
/// X = (L − M)/2, Y = (L + M)/2, B = S; then B ← B − Y + 0.55, X ← 14·X + 0.42, Y ← Y + 0.01 (B takes Y before
/// its offset, libjxl's order).
/// </remarks>
internal static class OpsinXyb
{
    // The opsin absorbance matrix (libjxl opsin_params). Each row sums to 1; the middle column of the first two
    // rows and the last of the third are the complements, derived in float as the fork derives them.
    public const float M00 = 0.30f;
    public const float M02 = 0.078f;
    public const float M10 = 0.23f;
    public const float M12 = 0.078f;
    public const float M20 = 0.24342268924547819f;
    public const float M21 = 0.20476744424496821f;
    public const float M01 = 1.0f - M00 - M02;
    public const float M11 = 1.0f - M10 - M12;
    public const float M22 = 1.0f - M20 - M21;

    /// <summary>libjxl's <c>kOpsinAbsorbanceBias</c>, added to each of L, M, S before the cube root.</summary>
    public const float OpsinBias = 0.0037930732552754493f;

    // SSIMULACRA 2's MakePositiveXYB.
    public const float XScale = 14.0f;
    public const float XOffset = 0.42f;
    public const float YOffset = 0.01f;
    public const float BOffset = 0.55f;

    /// <summary>The bit-level first guess of <see cref="CubeRoot"/>: the exponent divided by 3, re-biased.</summary>
    public const uint CubeRootMagic = 0x2a5137a0u;

    /// <summary>The cube root of the bias, subtracted after the cube root so that black maps to 0.</summary>
    public static readonly float CubeRootOfBias = CubeRoot(OpsinBias);

    /// <summary>
    /// The fork's cube root of a non-negative float: a bit-trick first guess and two Newton steps, 0 for x ≤ 0.
    /// It replaced libm's <c>cbrtf</c> there (which varies by C library); parity needs this one.
    /// </summary>
    public static float CubeRoot(float x)
    {
        if (x <= 0.0f)
        {
            return 0.0f;
        }

        float y = BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(x) / 3u) + CubeRootMagic);
        y = ((2.0f * y) + (x / (y * y))) * (1.0f / 3.0f);
        y = ((2.0f * y) + (x / (y * y))) * (1.0f / 3.0f);
        return y;
    }

    /// <summary>One pixel, in the fork's order of operations.</summary>
    public static (float X, float Y, float B) FromLinearRgb(float r, float g, float b)
    {
        float l = Math.Max((M00 * r) + (M01 * g) + (M02 * b) + OpsinBias, 0.0f);
        float m = Math.Max((M10 * r) + (M11 * g) + (M12 * b) + OpsinBias, 0.0f);
        float s = Math.Max((M20 * r) + (M21 * g) + (M22 * b) + OpsinBias, 0.0f);
        float cl = CubeRoot(l) - CubeRootOfBias;
        float cm = CubeRoot(m) - CubeRootOfBias;
        float cs = CubeRoot(s) - CubeRootOfBias;
        float x = 0.5f * (cl - cm);
        float y = 0.5f * (cl + cm);
        return ((x * XScale) + XOffset, y + YOffset, (cs - y) + BOffset);
    }
}
