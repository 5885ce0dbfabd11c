using TinyVmaf.Features.FloatFilter;

namespace TinyVmaf.Features.Tests.FloatFilter;

public sealed class SeparableFilterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(17)]
    public void The_vector_filter_equals_the_scalar_one_bit_for_bit_at_every_width(int taps)
    {
        var random = new Random(taps);
        float[] window = Enumerable.Range(0, taps).Select(_ => (float)random.NextDouble()).ToArray();
        int radius = taps / 2;
        for (int w = radius + 1; w <= radius + 40; w++)
        {
            int h = radius + 5, stride = w + 1;
            float[] src = Enumerable.Range(0, stride * h).Select(_ => (float)(random.NextDouble() * 255 - 128)).ToArray();
            float[] scalar = new float[stride * h], vector = new float[stride * h];
            float[] scratch = new float[SeparableFilter.ScratchLength(w, radius)];
            SeparableFilter.Filter(window, src, scalar, scratch, w, h, stride, simd: false);
            SeparableFilter.Filter(window, src, vector, scratch, w, h, stride, simd: true);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void The_filter_mirrors_without_repeating_the_edge_sample()
    {
        // A 3-tap [0, 0, 1] window shifts by one: the last column reads column w - 2 (2w - (w) - 2).
        float[] window = [0, 0, 1];
        float[] src = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4];
        float[] dst = new float[12];
        SeparableFilter.Filter(window, src, dst, new float[SeparableFilter.ScratchLength(4, 1)], 4, 3, 4, simd: false);
        Assert.Equal([2f, 3f, 4f, 3f, 2f, 3f, 4f, 3f, 2f, 3f, 4f, 3f], dst);
    }
}
