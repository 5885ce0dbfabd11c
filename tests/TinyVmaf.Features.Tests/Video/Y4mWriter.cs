using System.Text;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Video;

/// <summary>Builds Y4M bytes for tests, with a known sample pattern (never read back from our reader).</summary>
internal static class Y4mWriter
{
    public static byte[] Build(FrameFormat format, int frames, string colorspace, string? frameHeader = "FRAME", Func<int, int, int, int, int>? sample = null)
    {
        sample ??= Pattern;
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{format.Width} H{format.Height} F30000:1001 Ip A1:1 C{colorspace} XYSCSS=TEST\n"));
        int max = (1 << format.BitDepth) - 1;
        for (int f = 0; f < frames; f++)
        {
            output.Write(Encoding.ASCII.GetBytes(frameHeader + "\n"));
            for (int p = 0; p < format.PlaneCount; p++)
            {
                for (int y = 0; y < format.PlaneHeight(p); y++)
                {
                    for (int x = 0; x < format.PlaneWidth(p); x++)
                    {
                        int v = sample(f, p, x, y) & max;
                        output.WriteByte((byte)v);
                        if (format.BytesPerSample == 2)
                        {
                            output.WriteByte((byte)(v >> 8));
                        }
                    }
                }
            }
        }

        return output.ToArray();
    }

    public static int Pattern(int frame, int plane, int x, int y) => (frame * 31) + (plane * 1000) + (x * 7) + (y * 13);
}
