using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>
/// Pictures that reach every branch of CAMBI: a slow ramp quantised into visible bands (flat pixels, steps of
/// one to a few code values), dithered bands, flat patches, noise (outside the mask), bright areas above the
/// visibility thresholds, and sharp edges.
/// </summary>
internal static class CambiPictures
{
    public static Frame Banded(FrameFormat format, int seed)
    {
        var random = new Random(seed);
        var frame = new Frame(format);
        int max = (1 << format.BitDepth) - 1;
        int width = format.Width, height = format.Height;
        var luma = frame.Y;
        for (int y = 0; y < height; y++)
        {
            var row = luma.MutableRow(y);
            for (int x = 0; x < width; x++)
            {
                // Dark ramp in 8-bit terms 16..90, so that its steps stay visible in 10 bits.
                double ramp = 16 + (74.0 * (x + (y / 2)) / (width + (height / 2)));
                int region = ((x / 37) + (y / 29)) % 6;
                double sample = region switch
                {
                    0 => Math.Floor(ramp / 3) * 3,                              // bands three codes apart
                    1 => Math.Floor(ramp) + (random.Next(4) == 0 ? 1 : 0),      // dithered steps of one
                    2 => 40,                                                    // flat
                    3 => random.Next(16, 236),                                  // noise
                    4 => 200 + Math.Floor(ramp / 10),                           // bright bands
                    _ => (x / 7 % 2 == 0) ? 30 : 34,                            // stripes
                };

                row[x] = (ushort)Math.Clamp((int)(sample * (max + 1) / 256), 0, max);
            }
        }

        for (int p = 1; p < format.PlaneCount; p++)
        {
            frame[p].Data.AsSpan().Fill((ushort)((max + 1) / 2));
        }

        return frame;
    }
}
