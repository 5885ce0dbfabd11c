using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Ssim;

/// <summary>
/// libvmaf's <c>picture_copy</c> for its float extractors: luma samples as single precision in the 8-bit range,
/// a high bit depth divided down by 4, 16 or 256 (exact, powers of two), so that SSIM's constants and window
/// apply unchanged. libvmaf knows only those three divisors: it reads any other depth as if it were 8-bit
/// bytes, which is garbage, so other depths are refused here.
/// </summary>
internal static class FloatLuma
{
    /// <summary>The factor that brings a sample of <paramref name="bitDepth"/> bits to the 8-bit range.</summary>
    public static float Scale(int bitDepth) => bitDepth switch
    {
        8 => 1f,
        10 => 1f / 4,
        12 => 1f / 16,
        16 => 1f / 256,
        _ => throw new ArgumentOutOfRangeException(
            nameof(bitDepth), bitDepth, "libvmaf's float SSIM and MS-SSIM take 8, 10, 12 or 16 bits per sample"),
    };

    /// <summary>Copies <paramref name="height"/> rows of <paramref name="width"/> samples into a compact float picture.</summary>
    public static void Convert(ushort[] samples, int stride, int width, int height, float scale, float[] picture, bool useSimd)
    {
        for (int y = 0; y < height; y++)
        {
            var source = samples.AsSpan(y * stride, width);
            var target = picture.AsSpan(y * width, width);
            int x = 0;
            if (useSimd && Vector256.IsHardwareAccelerated)
            {
                ref ushort s = ref MemoryMarshal.GetReference(source);
                ref float t = ref MemoryMarshal.GetReference(target);
                var factor = Vector256.Create(scale);
                for (; x <= width - Vector256<ushort>.Count; x += Vector256<ushort>.Count)
                {
                    var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)x));
                    (Vector256.ConvertToSingle(lower.AsInt32()) * factor).StoreUnsafe(ref t, (nuint)x);
                    (Vector256.ConvertToSingle(upper.AsInt32()) * factor).StoreUnsafe(ref t, (nuint)(x + Vector256<float>.Count));
                }
            }

            for (; x < width; x++)
            {
                target[x] = source[x] * scale;
            }
        }
    }
}
