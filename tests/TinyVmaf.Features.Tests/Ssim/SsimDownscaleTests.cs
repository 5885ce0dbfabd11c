using TinyVmaf.Features.Ssim;

namespace TinyVmaf.Features.Tests.Ssim;

public sealed class SsimDownscaleTests
{
    public static TheoryData<int, int, int, int> Cases => new()
    {
        { 23, 17, 2, 8 },
        { 24, 17, 2, 10 },
        { 47, 31, 3, 8 },
        { 48, 33, 3, 12 },
        { 61, 45, 4, 8 },
        { 64, 44, 4, 16 },
        { 77, 53, 5, 10 },
        { 99, 70, 6, 8 },
        { 100, 71, 7, 8 },
        { 121, 97, 8, 10 },
        { 130, 91, 9, 8 },
        { 131, 110, 10, 16 },
        { 12, 9, 10, 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_column_first_vector_path_equals_libvmafs_per_pixel_order_bit_for_bit(int width, int height, int factor, int bitDepth)
    {
        var random = new Random(width * 100 + factor);
        var samples = Enumerable.Range(0, width * height).Select(_ => (ushort)random.Next(1 << bitDepth)).ToArray();
        var scalar = new SsimDownscale(width, height, factor, useSimd: false);
        var vector = new SsimDownscale(width, height, factor, useSimd: true);
        var expected = new float[scalar.OutputWidth * scalar.OutputHeight];
        var actual = new float[vector.OutputWidth * vector.OutputHeight];

        scalar.Downscale(samples, width, FloatLuma.Scale(bitDepth), expected);
        vector.Downscale(samples, width, FloatLuma.Scale(bitDepth), actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1920, 1080, 4)]   // 4.22
    [InlineData(1280, 720, 3)]    // 2.81
    [InlineData(3840, 2160, 8)]   // 8.44
    [InlineData(640, 480, 2)]     // 1.88
    [InlineData(512, 384, 2)]     // 1.5 rounds up
    [InlineData(512, 383, 1)]     // 1.496
    [InlineData(384, 216, 1)]     // the golden clips: never downscaled
    [InlineData(100, 8, 1)]       // at least 1
    public void The_automatic_factor_is_the_shorter_side_over_256_rounded_half_up(int width, int height, int factor) =>
        Assert.Equal(factor, SsimDownscale.AutomaticFactor(width, height));

    [Theory]
    [InlineData(1920, 4, 480)]
    [InlineData(1080, 4, 270)]
    [InlineData(1081, 4, 271)]
    [InlineData(577, 2, 289)]
    [InlineData(375, 3, 126)]     // 3·125, but odd: the 126th sample point is 375, past the edge, and reflects back
    [InlineData(1281, 3, 428)]
    public void Libvmaf_adds_a_sample_to_an_odd_side(int side, int factor, int output) =>
        Assert.Equal(output, SsimDownscale.OutputSide(side, factor));

    [Fact]
    public void A_uniform_picture_downscales_to_the_same_level()
    {
        var samples = Enumerable.Repeat((ushort)412, 35 * 27).ToArray();
        var downscale = new SsimDownscale(35, 27, 3, useSimd: true);
        var picture = new float[downscale.OutputWidth * downscale.OutputHeight];

        downscale.Downscale(samples, 35, FloatLuma.Scale(10), picture);

        // Nine products of 103 and 1/9f, each rounded to single precision, summed in double, rounded once more.
        Assert.All(picture, v => Assert.Equal(103f, v, 1e-4f));
    }
}
