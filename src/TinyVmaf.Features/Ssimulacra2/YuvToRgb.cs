namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The float coefficients that take normalised YUV samples to non-linear RGB in [0, 1]:
/// <c>Yn = (Y/peak − YOffset)·YScale</c>, <c>Cn = (C/peak − ½)·CScale</c>, then
/// <c>R = Yn + CrToR·Vn</c>, <c>G = Yn + CbToG·Un + CrToG·Vn</c>, <c>B = Yn + CbToB·Un</c>, each clamped to [0, 1].
/// </summary>
/// <remarks>
/// Every coefficient is derived in single precision from the float luma weights, as the fork derives them, so
/// that the products round the same way. Limited range is scaled with the 8-bit code ranges (219 and 224 steps
/// over 255) at every bit depth, which is what the fork does with samples normalised by 2^bpc − 1.
/// </remarks>
internal readonly record struct YuvToRgb(
    float InversePeak, float YOffset, float YScale, float COffset, float CScale,
    float CrToR, float CbToG, float CrToG, float CbToB)
{
    public static YuvToRgb For(YuvMatrix matrix, int bitDepth)
    {
        (float kr, float kb, bool limited) = matrix switch
        {
            YuvMatrix.Bt709Limited => (0.2126f, 0.0722f, true),
            YuvMatrix.Bt709Full => (0.2126f, 0.0722f, false),
            YuvMatrix.Bt601Limited => (0.299f, 0.114f, true),
            YuvMatrix.Bt601Full => (0.299f, 0.114f, false),
            _ => throw new ArgumentOutOfRangeException(nameof(matrix), matrix, "unknown yuv_matrix"),
        };

        // kg is the fork's own literal rather than 1 − kr − kb computed in float.
        float kg = matrix is YuvMatrix.Bt709Limited or YuvMatrix.Bt709Full ? 0.7152f : 0.587f;
        float peak = (float)((1u << bitDepth) - 1u);
        return new YuvToRgb(
            InversePeak: 1.0f / peak,
            YOffset: limited ? 16.0f / 255.0f : 0.0f,
            YScale: limited ? 255.0f / 219.0f : 1.0f,
            COffset: 0.5f,
            CScale: limited ? 255.0f / 224.0f : 1.0f,
            CrToR: 2.0f * (1.0f - kr),
            CbToG: -(2.0f * kb * (1.0f - kb)) / kg,
            CrToG: -(2.0f * kr * (1.0f - kr)) / kg,
            CbToB: 2.0f * (1.0f - kb));
    }
}
