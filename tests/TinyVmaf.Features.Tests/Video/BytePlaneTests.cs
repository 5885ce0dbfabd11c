using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Video;

/// <summary>Planes that keep 8-bit samples as read, and the loads that let kernels read them.</summary>
public sealed class BytePlaneTests
{
    [Theory]
    [InlineData("420", 8)]
    [InlineData("422", 8)]
    [InlineData("444", 8)]
    [InlineData("420p10", 10)]
    public void A_reader_fills_a_frame_for_its_source_with_the_samples_of_an_ordinary_frame(string colorspace, int depth)
    {
        var chroma = colorspace[..3] switch { "422" => ChromaSubsampling.Yuv422, "444" => ChromaSubsampling.Yuv444, _ => ChromaSubsampling.Yuv420 };
        var format = new FrameFormat(38, 6, chroma, depth);
        byte[] bytes = Y4mWriter.Build(format, 3, colorspace, sample: (f, p, x, y) => Y4mWriter.Pattern(f, p, x, y) % (1 << depth));
        using var plain = Y4mReader.FromStream(new MemoryStream(bytes), "a.y4m");
        using var keeping = Y4mReader.FromStream(new MemoryStream(bytes), "a.y4m");
        var ordinary = new Frame(format);
        var kept = Frame.ForSource(keeping);

        for (int f = 0; f < 3; f++)
        {
            Assert.True(plain.ReadFrame(ordinary));
            Assert.True(keeping.ReadFrame(kept));
            for (int p = 0; p < format.PlaneCount; p++)
            {
                Assert.Equal(depth == 8, kept[p].Bytes is not null);
                Assert.Equal(ordinary[p].Data, kept[p].Data);
                if (kept[p].Bytes is { } b)
                {
                    Assert.Equal(ordinary[p].Data, b.Select(v => (ushort)v));
                }
            }
        }

        Assert.False(keeping.ReadFrame(kept));
    }

    [Fact]
    public void Widened_samples_follow_each_refill_and_a_byte_plane_refuses_ushort_writes()
    {
        var format = new FrameFormat(16, 2, ChromaSubsampling.Yuv420, 8);
        byte[] bytes = Y4mWriter.Build(format, 2, "420", sample: (f, _, x, _) => f == 0 ? x : 200 - x);
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "b.y4m");
        var frame = Frame.ForSource(reader);

        Assert.True(reader.ReadFrame(frame));
        Assert.Equal(15, frame.Y.Data[15]);
        Assert.True(reader.ReadFrame(frame));
        Assert.Equal(185, frame.Y.Data[15]);
        Assert.Throws<InvalidOperationException>(() => frame.Y.MutableRow(0));
    }

    [Fact]
    public void Sources_that_write_through_Data_get_ordinary_planes()
    {
        var format = new FrameFormat(8, 2, ChromaSubsampling.Yuv420, 8);
        using var wrapped = new NotAReader(format);
        Assert.Null(Frame.ForSource(wrapped).Y.Bytes);
    }

    [Fact]
    public void Many_threads_asking_for_the_samples_of_a_byte_plane_all_get_them_widened()
    {
        var format = new FrameFormat(640, 360, ChromaSubsampling.Yuv420, 8);
        byte[] bytes = Y4mWriter.Build(format, 1, "420", sample: Y4mWriter.Pattern);
        using var reader = Y4mReader.FromStream(new MemoryStream(bytes), "c.y4m");
        var frame = Frame.ForSource(reader);
        Assert.True(reader.ReadFrame(frame));
        var expected = frame.Y.Bytes!.Select(v => (ushort)v).ToArray();

        var seen = new ushort[4][];
        Parallel.For(0, 4, i => seen[i] = frame.Y.Data.ToArray());
        Assert.All(seen, s => Assert.Equal(expected, s));
    }

    [Fact]
    public void Byte_and_ushort_loads_give_the_same_lanes()
    {
        if (!Avx2.IsSupported)
        {
            return;
        }

        var random = new Random(5);
        var bytes = new byte[64];
        random.NextBytes(bytes);
        var samples = bytes.Select(b => (ushort)b).ToArray();
        for (int at = 0; at < 16; at++)
        {
            Assert.Equal(SampleVectors.Read(ref samples[0], at), SampleVectors.Read(ref bytes[0], at));
            Assert.Equal(SampleVectors.Load256(ref samples[0], (nuint)at), SampleVectors.Load256(ref bytes[0], (nuint)at));
            Assert.Equal(SampleVectors.Load256Int32(ref samples[0], (nuint)at), SampleVectors.Load256Int32(ref bytes[0], (nuint)at));
            if (Avx512BW.IsSupported)
            {
                Assert.Equal(SampleVectors.Load512(ref samples[0], (nuint)at), SampleVectors.Load512(ref bytes[0], (nuint)at));
                Assert.Equal(SampleVectors.Load512Int32(ref samples[0], (nuint)at), SampleVectors.Load512Int32(ref bytes[0], (nuint)at));
            }
        }

        Assert.Equal(bytes[17], SampleVectors.Load256(ref bytes[0], 2)[15]);
    }

    private sealed class NotAReader(FrameFormat format) : IFrameSource
    {
        public string Path => "wrapped";

        public FrameFormat Format => format;

        public double FrameRate => 0;

        public bool ReadFrame(Frame frame) => false;

        public void Dispose()
        {
        }
    }
}
