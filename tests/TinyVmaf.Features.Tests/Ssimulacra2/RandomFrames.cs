using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ssimulacra2;

/// <summary>Pictures of seeded noise, and distorted twins of them, for tests that need no clip.</summary>
internal static class RandomFrames
{
    /// <summary>
    /// A frame of smooth gradients plus noise over the whole code range, with a few samples at 0 and at the peak so
    /// that the RGB clamps are exercised.
    /// </summary>
    public static Frame Reference(FrameFormat format, int seed)
    {
        var random = new Random(seed);
        var frame = new Frame(format);
        int peak = (1 << format.BitDepth) - 1;
        for (int p = 0; p < format.PlaneCount; p++)
        {
            var plane = frame[p];
            for (int y = 0; y < plane.Height; y++)
            {
                var row = plane.MutableRow(y);
                for (int x = 0; x < plane.Width; x++)
                {
                    double smooth = 0.5 + (0.3 * Math.Sin((x * 0.21) + (y * 0.13) + p));
                    int value = (int)((smooth * peak) + random.Next(-peak / 8, (peak / 8) + 1));
                    row[x] = (ushort)(random.Next(50) == 0 ? (random.Next(2) * peak) : Math.Clamp(value, 0, peak));
                }
            }
        }

        return frame;
    }

    /// <summary>The reference with every sample moved by up to <paramref name="noise"/> codes at 8 bits (scaled above).</summary>
    public static Frame Distorted(Frame reference, int noise, int seed)
    {
        var random = new Random(seed);
        var format = reference.Format;
        var frame = new Frame(format);
        int peak = (1 << format.BitDepth) - 1, scaled = noise << (format.BitDepth - 8);
        for (int p = 0; p < format.PlaneCount; p++)
        {
            var source = reference[p].Data;
            var target = frame[p].Data;
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = (ushort)Math.Clamp(source[i] + random.Next(-scaled, scaled + 1), 0, peak);
            }
        }

        return frame;
    }
}
