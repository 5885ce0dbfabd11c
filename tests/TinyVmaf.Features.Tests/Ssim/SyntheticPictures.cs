using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssim;

/// <summary>
/// Deterministic picture pairs for the SSIM family, from integer arithmetic only (so that they are the same on
/// every machine): a reference tiled with flat patches, ramps, fine edges, bright saturated areas and noise,
/// and a distorted twin that is blurred along rows, noisier and slightly darker in places. The libvmaf numbers
/// the fixture tests assert were measured on exactly these pictures, written out as Y4M or raw YUV.
/// </summary>
internal static class SyntheticPictures
{
    public static (Frame Reference, Frame Distorted) Pair(FrameFormat format, int seed)
    {
        var reference = new Frame(format);
        var distorted = new Frame(format);
        int max = (1 << format.BitDepth) - 1;
        int width = format.Width, height = format.Height;
        var luma = reference.Y.Data;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                luma[y * width + x] = (ushort)Reference(x, y, width, max, seed);
            }
        }

        var twin = distorted.Y.Data;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int left = luma[y * width + Math.Max(x - 1, 0)];
                int centre = luma[y * width + x];
                int right = luma[y * width + Math.Min(x + 1, width - 1)];
                int value = y % 3 == 0 ? centre : (left + 2 * centre + right + 2) / 4;
                int noise = (int)(Hash(x, y, seed + 1) % 9) - 4;
                value += noise * Math.Max(1, max / 255) - ((x / 64 + y / 48) % 5 == 0 ? max / 32 : 0);
                twin[y * width + x] = (ushort)Math.Clamp(value, 0, max);
            }
        }

        for (int p = 1; p < format.PlaneCount; p++)
        {
            reference[p].Data.AsSpan().Fill((ushort)((max + 1) / 2));
            distorted[p].Data.AsSpan().Fill((ushort)((max + 1) / 2));
        }

        return (reference, distorted);
    }

    private static int Reference(int x, int y, int width, int max, int seed)
    {
        int tile = (x / 37 + 2 * (y / 29) + seed) % 5;
        return tile switch
        {
            0 => max * (1 + (x / 37) % 3) / 4,                                // flat patches
            1 => max * x / Math.Max(width - 1, 1),                             // a ramp
            2 => ((x / 2 + y / 3) & 1) == 0 ? max / 8 : max - max / 8,         // fine edges
            3 => max - (int)(Hash(x, y, seed) % (uint)(max / 16 + 1)),         // bright, nearly saturated
            _ => (int)(Hash(x, y, seed) % (uint)(max + 1)),                    // noise
        };
    }

    private static uint Hash(int x, int y, int seed)
    {
        uint h = (uint)x * 73856093u ^ (uint)y * 19349663u ^ (uint)seed * 83492791u;
        h ^= h >> 13;
        h *= 0x5bd1e995u;
        return h ^ (h >> 15);
    }
}
