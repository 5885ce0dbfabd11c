using TinyVmaf.Features.MsSsim;

namespace TinyVmaf.Features.Tests.MsSsim;

public sealed class MsSsimLowPassTests
{
    public static TheoryData<int, int> OddSizes => new()
    {
        { 1, 1 },
        { 3, 2 },
        { 9, 9 },
        { 17, 9 },
        { 22, 22 },
        { 23, 37 },
        { 40, 11 },
        { 64, 64 },
        { 65, 31 },
        { 101, 67 },
        { 250, 37 },
        { 577, 385 },
    };

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void The_vector_decimation_equals_the_scalar_one_bit_for_bit(int width, int height)
    {
        Assert.SkipUnless(MsSsimLowPass.IsVectorized, "this CPU has no AVX2 and FMA: only the scalar decimation runs here");
        var random = new Random(width * 1000 + height);
        // Samples in the 8-bit range, and beyond it both ways as coarser scales are (the filter rings).
        var picture = Enumerable.Range(0, width * height)
            .Select(i => i % 7 == 0 ? random.Next(-40, 300) + 0.25f : random.Next(256) / (1 + i % 3))
            .Select(v => (float)v).ToArray();
        int outWidth = MsSsimLowPass.OutputSide(width), outHeight = MsSsimLowPass.OutputSide(height);
        var expected = new float[outWidth * outHeight];
        var actual = new float[outWidth * outHeight];

        new MsSsimLowPass(width, height, useSimd: false).Decimate(picture, width, height, expected);
        new MsSsimLowPass(width, height, useSimd: true).Decimate(picture, width, height, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_flat_picture_stays_flat_up_to_the_filters_rounding()
    {
        const int width = 37, height = 29;
        var picture = Enumerable.Repeat(200f, width * height).ToArray();
        var output = new float[MsSsimLowPass.OutputSide(width) * MsSsimLowPass.OutputSide(height)];

        new MsSsimLowPass(width, height, useSimd: true).Decimate(picture, width, height, output);

        // libvmaf's taps, rounded to six decimals, sum to 1 only within a few millionths.
        Assert.All(output, v => Assert.Equal(200f, v, 0.001f));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(176, 88)]
    [InlineData(177, 89)]
    [InlineData(1081, 541)]
    public void Each_scale_halves_a_side_rounding_up(int side, int half) =>
        Assert.Equal(half, MsSsimLowPass.OutputSide(side));

    [Fact]
    public void The_filter_is_a_symmetric_low_pass_of_unit_gain()
    {
        var taps = MsSsimLowPass.Filter;

        Assert.Equal(MsSsimLowPass.Taps, taps.Length);
        for (int k = 0; k < taps.Length; k++)
        {
            Assert.Equal(taps[k], taps[taps.Length - 1 - k]);
        }

        double sum = 0;
        foreach (float tap in taps)
        {
            sum += tap;
        }

        Assert.Equal(1.0, sum, 1e-5);
    }
}
