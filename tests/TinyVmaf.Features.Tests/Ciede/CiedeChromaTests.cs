using TinyVmaf.Features.Ciede;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Ciede;

public sealed class CiedeChromaTests
{
    [Fact]
    public void Four_two_zero_chroma_covers_a_two_by_two_block_of_luma()
    {
        var format = new FrameFormat(6, 4, ChromaSubsampling.Yuv420, 8);
        var frame = Numbered(format);
        var chroma = new CiedeChroma(format);

        for (int i = 0; i < format.Height; i++)
        {
            var row = chroma.Row(frame, i);
            Assert.Equal(frame.Y.Row(i).ToArray(), row.Y.ToArray());
            Assert.Equal(Enumerable.Range(0, format.Width).Select(j => frame.U.Row(i / 2)[j / 2]), row.U.ToArray());
            Assert.Equal(Enumerable.Range(0, format.Width).Select(j => frame.V.Row(i / 2)[j / 2]), row.V.ToArray());
        }
    }

    [Fact]
    public void Four_four_four_chroma_is_read_as_it_is()
    {
        var format = new FrameFormat(5, 3, ChromaSubsampling.Yuv444, 10);
        var frame = Numbered(format);
        var chroma = new CiedeChroma(format);

        for (int i = 0; i < format.Height; i++)
        {
            Assert.Equal(frame.U.Row(i).ToArray(), chroma.Row(frame, i).U.ToArray());
            Assert.Equal(frame.V.Row(i).ToArray(), chroma.Row(frame, i).V.ToArray());
        }
    }

    [Fact]
    public void Four_two_two_chroma_is_read_on_along_libvmafs_padded_rows()
    {
        // 40 wide: chroma rows of 20 samples in libvmaf's 32-sample stride. Luma row i reads 40 samples from the
        // start of chroma row i/2: its 20, 12 zeros of padding, then the first 8 of the next row.
        var format = new FrameFormat(40, 5, ChromaSubsampling.Yuv422, 8);
        var frame = Numbered(format);
        var chroma = new CiedeChroma(format);

        for (int i = 0; i < format.Height; i++)
        {
            var u = frame.U;
            var expected = u.Row(i / 2).ToArray()
                .Concat(new ushort[12])
                .Concat(u.Row((i / 2) + 1)[..8].ToArray());
            Assert.Equal(expected, chroma.Row(frame, i).U.ToArray());
        }
    }

    [Fact]
    public void Four_two_two_chroma_as_wide_as_libvmafs_stride_runs_straight_into_the_next_row()
    {
        var format = new FrameFormat(128, 4, ChromaSubsampling.Yuv422, 8);
        var frame = Numbered(format);
        var row = new CiedeChroma(format).Row(frame, 3);

        Assert.Equal(frame.V.Row(1).ToArray().Concat(frame.V.Row(2).ToArray()), row.V.ToArray());
    }

    [Fact]
    public void A_single_row_of_four_two_two_is_refused_because_libvmaf_reads_past_its_chroma()
    {
        var error = Assert.Throws<ArgumentException>(() => new CiedeChroma(new FrameFormat(64, 1, ChromaSubsampling.Yuv422, 8)));
        Assert.Contains("past the end", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A frame whose samples all differ, and none is 0, the value of libvmaf's padding.</summary>
    private static Frame Numbered(FrameFormat format)
    {
        var frame = new Frame(format);
        for (int p = 0; p < frame.PlaneCount; p++)
        {
            var data = frame[p].Data;
            for (int k = 0; k < data.Length; k++)
            {
                data[k] = (ushort)(1 + (p * 300) + k);
            }
        }

        return frame;
    }
}
