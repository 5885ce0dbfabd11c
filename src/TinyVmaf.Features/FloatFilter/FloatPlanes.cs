using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.FloatFilter;

/// <summary>libvmaf's <c>picture_copy</c> with offset −128: the float planes of its float extractors.</summary>
internal static class FloatPlanes
{
    /// <summary>
    /// Copies <paramref name="plane"/> into <paramref name="dst"/> (row stride <paramref name="stride"/>): 8-bit samples
    /// minus 128, 10/12/16-bit ones first divided by 4/16/256 (to the 8-bit scale) in float.
    /// </summary>
    public static void Copy(Plane plane, float[] dst, int stride, int bitDepth)
    {
        float scaler = bitDepth switch
        {
            10 => 4.0f,
            12 => 16.0f,
            16 => 256.0f,
            _ => 1.0f,
        };
        for (int i = 0; i < plane.Height; i++)
        {
            var src = plane.Row(i);
            var row = dst.AsSpan(i * stride, plane.Width);
            if (bitDepth == 8)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = (float)src[j] + -128;
                }
            }
            else
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = (float)src[j] / scaler + -128;
                }
            }
        }
    }
}
