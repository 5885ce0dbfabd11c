using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Video;

public sealed class ChromaResitingTests
{
    [Fact]
    public void An_impulse_on_a_flat_row_comes_out_as_the_lanczos_taps()
    {
        // Flat 100 with one sample raised by 128: each output is 100 plus the tap that meets the impulse,
        // taken from the filter [4 -17 114 35 -9 1]/128 over samples x-2 .. x+3.
        var plane = new Plane(16, 1);
        plane.Data.AsSpan().Fill(100);
        plane.Data[8] = 228;

        ChromaResiting.Mpeg2ToJpeg(plane, new ushort[16]);

        ushort[] expected = [100, 100, 100, 100, 100, 101, 91, 135, 214, 83, 104, 100, 100, 100, 100, 100];
        Assert.Equal(expected, plane.Data);
    }

    [Fact]
    public void Edges_repeat_the_edge_sample_and_results_clamp_to_eight_bits()
    {
        // A bright edge sample, a dark run and a step: the filter undershoots after the first and overshoots
        // on the step; the outermost taps read the edge samples again.
        var plane = new Plane(8, 1);
        ushort[] row = [255, 0, 0, 0, 255, 255, 255, 255];
        row.CopyTo(plane.Data, 0);

        ChromaResiting.Mpeg2ToJpeg(plane, new ushort[8]);

        static int At(ushort[] r, int i) => r[Math.Clamp(i, 0, r.Length - 1)];
        int[] taps = [4, -17, 114, 35, -9, 1];
        var expected = Enumerable.Range(0, row.Length)
            .Select(x => (ushort)Math.Clamp((Enumerable.Range(0, taps.Length).Sum(k => taps[k] * At(row, x - 2 + k)) + 64) >> 7, 0, 255))
            .ToArray();
        Assert.Equal(expected, plane.Data);
        Assert.Equal(0, expected[1]);
        Assert.Equal(255, expected[4]);
    }

    [Theory]
    [InlineData("422", 8, true)]
    [InlineData("422p10", 10, false)]
    [InlineData("420", 8, false)]
    [InlineData("444", 8, false)]
    public void Only_eight_bit_C422_is_resited_as_libvmafs_tool_does(string colorspace, int depth, bool resited)
    {
        var chroma = colorspace[..3] switch { "422" => ChromaSubsampling.Yuv422, "444" => ChromaSubsampling.Yuv444, _ => ChromaSubsampling.Yuv420 };
        var format = new FrameFormat(32, 4, chroma, depth);
        byte[] bytes = Y4mWriter.Build(format, 1, colorspace, sample: (_, p, x, _) => p == 0 ? 50 : (x % 2) * 200);
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "c.y4m");
        var frame = new Frame(format);
        Assert.True(reader.ReadFrame(frame));

        Assert.Equal(resited, reader.ResitesChroma);
        Assert.All(frame.Y.Data, v => Assert.Equal(50, v));
        bool chromaAsStored = Enumerable.Range(0, format.ChromaWidth).All(x => frame.U.Row(0)[x] == (x % 2) * 200);
        Assert.Equal(!resited, chromaAsStored);
    }
}
