using TinyVmaf.Features.Cambi;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Cambi;

public sealed class CambiPreprocessorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Eight_bit_samples_become_ten_bit_and_are_smoothed_by_the_two_by_two_mean(bool useSimd)
    {
        const int width = 37, height = 5;
        var luma = RandomPlane(width, height, 8, seed: 1);
        var output = new ushort[width * height];

        new CambiPreprocessor(width, height, 8, width, height, 8, useSimd).Run(luma, output);

        int At(int x, int y) => luma.Data[(y * width) + x] << 2;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int expected = (x < width - 1, y < height - 1) switch
                {
                    (true, true) => (At(x, y) + At(x + 1, y) + At(x, y + 1) + At(x + 1, y + 1)) >> 2,
                    (false, true) => (At(x, y) + At(x, y + 1)) >> 1,
                    (true, false) => (At(x, y) + At(x + 1, y)) >> 1,
                    _ => At(x, y),
                };
                Assert.Equal(expected, output[(y * width) + x]);
            }
        }
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(10, true)]
    [InlineData(12, false)]
    [InlineData(16, true)]
    public void High_bit_depth_samples_are_rounded_to_ten_bits_and_not_smoothed(int bitDepth, bool useSimd)
    {
        const int width = 41, height = 3;
        var luma = RandomPlane(width, height, bitDepth, seed: bitDepth);
        var output = new ushort[width * height];

        new CambiPreprocessor(width, height, bitDepth, width, height, bitDepth, useSimd).Run(luma, output);

        int shift = bitDepth - 10;
        var expected = luma.Data.Select(v => (ushort)(shift == 0 ? v : (v + (1 << (shift - 1))) >> shift));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void An_encoding_depth_below_ten_bits_smooths_a_ten_bit_picture_too()
    {
        const int width = 20, height = 4;
        var luma = RandomPlane(width, height, 10, seed: 3);
        var output = new ushort[width * height];

        new CambiPreprocessor(width, height, 10, width, height, 8, useSimd: true).Run(luma, output);

        Assert.Equal((luma.Data[0] + luma.Data[1] + luma.Data[width] + luma.Data[width + 1]) >> 2, output[0]);
    }

    [Fact]
    public void Halving_the_size_takes_the_second_sample_of_each_pair()
    {
        // Ratio 2: the first source position is 2/2 − 0.5 = 0.5, rounded to 1, then every second sample.
        Assert.Equal([1, 3, 5, 7], CambiPreprocessor.NearestSources(8, 4));
        // Ratio 1.5: 0.25, 1.75, 3.25, 4.75 rounded to the nearest (halves up).
        Assert.Equal([0, 2, 3, 5], CambiPreprocessor.NearestSources(6, 4));
    }

    [Fact]
    public void Samples_above_the_bit_depth_are_refused()
    {
        var luma = RandomPlane(16, 2, 9, seed: 4);
        luma.Data[5] = 512;

        var error = Assert.Throws<ArgumentException>(() => new CambiPreprocessor(16, 2, 9, 16, 2, 9, useSimd: true).Run(luma, new ushort[32]));
        Assert.Contains("above 511", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(37, 5, 37, 5)]
    [InlineData(64, 9, 64, 9)]
    [InlineData(17, 2, 17, 2)]
    [InlineData(33, 3, 33, 3)]
    [InlineData(2, 2, 2, 2)]
    [InlineData(1, 3, 1, 3)]
    [InlineData(101, 7, 50, 4)]
    [InlineData(40, 6, 77, 11)]
    public void A_plane_of_bytes_converts_as_its_samples_do(int width, int height, int encWidth, int encHeight)
    {
        // Same size and 8-bit encoding: converted and smoothed in one pass from the bytes.
        var samples = RandomPlane(width, height, 8, seed: width);
        samples.Data.AsSpan(0, width).Fill(255);
        samples.Data[^1] = 255;
        samples.Data[^2] = 0;
        var bytes = OfBytes(samples);
        var expected = new ushort[encWidth * encHeight];
        new CambiPreprocessor(width, height, 8, encWidth, encHeight, 8, useSimd: false).Run(samples, expected);

        var actual = new ushort[encWidth * encHeight];
        new CambiPreprocessor(width, height, 8, encWidth, encHeight, 8, useSimd: true).Run(bytes, actual);

        Assert.Equal(expected, actual);
    }

    private static Plane OfBytes(Plane samples)
    {
        var plane = Plane.OfBytes(samples.Width, samples.Height);
        for (int i = 0; i < samples.Data.Length; i++)
        {
            plane.Bytes![i] = (byte)samples.Data[i];
        }

        plane.BytesWritten();
        return plane;
    }

    private static Plane RandomPlane(int width, int height, int bitDepth, int seed)
    {
        var random = new Random(seed);
        var plane = new Plane(width, height);
        for (int i = 0; i < plane.Data.Length; i++)
        {
            plane.Data[i] = (ushort)random.Next(1 << bitDepth);
        }

        return plane;
    }
}
