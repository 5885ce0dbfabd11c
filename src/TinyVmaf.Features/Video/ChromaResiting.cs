using System.Numerics;

namespace TinyVmaf.Features.Video;

/// <summary>
/// The chroma re-siting that libvmaf's <c>vmaf</c> tool applies while it reads an 8-bit <c>C422</c> Y4M (its
/// <c>y4m_input.c</c>, inherited from daala): each chroma row is shifted a quarter chroma sample to the right,
/// from MPEG-2 to JPEG siting, by a 6-tap filter derived from a Lanczos window. The golden libvmaf logs of
/// 4:2:2 clips hold chroma features of the re-sited planes, so a reader that wants the same numbers does this too.
/// </summary>
internal static class ChromaResiting
{
    /// <summary>The taps, in 1/128, applied to samples x−2 … x+3; they sum to 128.</summary>
    public static ReadOnlySpan<int> Taps => [4, -17, 114, 35, -9, 1];

    private const int Shift = 7;
    private const int Round = 1 << (Shift - 1);

    /// <summary>Re-sites every row of an 8-bit chroma plane in place; <paramref name="row"/> is scratch of the plane's width.</summary>
    public static void Mpeg2ToJpeg(Plane plane, Span<ushort> row)
    {
        if (plane.Bytes is { } bytes)
        {
            Resite<byte>(bytes, plane.Stride, plane.Width, plane.Height, row);
        }
        else
        {
            Resite<ushort>(plane.Data, plane.Stride, plane.Width, plane.Height, row);
        }
    }

    private static void Resite<T>(Span<T> plane, int stride, int w, int h, Span<ushort> row)
        where T : unmanaged, IBinaryInteger<T>
    {
        row = row[..w];
        for (int y = 0; y < h; y++)
        {
            var samples = plane.Slice(y * stride, w);
            for (int x = 0; x < w; x++)
            {
                row[x] = ushort.CreateTruncating(samples[x]);
            }

            // Taps that fall outside the row take the edge sample, as the tool's clamped indices do.
            int interiorEnd = Math.Max(2, w - 3);
            for (int x = 0; x < Math.Min(2, w); x++)
            {
                samples[x] = T.CreateTruncating(Filter(row, x, w));
            }

            for (int x = 2; x < interiorEnd; x++)
            {
                int sum = (4 * row[x - 2]) - (17 * row[x - 1]) + (114 * row[x]) + (35 * row[x + 1]) - (9 * row[x + 2]) + row[x + 3];
                samples[x] = T.CreateTruncating(Clip8((sum + Round) >> Shift));
            }

            for (int x = interiorEnd; x < w; x++)
            {
                samples[x] = T.CreateTruncating(Filter(row, x, w));
            }
        }
    }

    private static ushort Filter(ReadOnlySpan<ushort> row, int x, int w)
    {
        var taps = Taps;
        int sum = 0;
        for (int k = 0; k < taps.Length; k++)
        {
            sum += taps[k] * row[Math.Clamp(x - 2 + k, 0, w - 1)];
        }

        return Clip8((sum + Round) >> Shift);
    }

    /// <summary>The filter over- and undershoots at edges; the tool clamps to the 8-bit range (the shift is arithmetic).</summary>
    private static ushort Clip8(int value) => (ushort)Math.Clamp(value, 0, 255);
}
