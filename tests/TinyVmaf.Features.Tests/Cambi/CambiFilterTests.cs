using TinyVmaf.Features.Cambi;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>The integer stages of CAMBI against their definitions written out the slow, obvious way.</summary>
public sealed class CambiFilterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_spatial_mask_keeps_pixels_with_more_flat_neighbours_than_the_mask_index(bool useSimd)
    {
        const int width = 53, height = 31;
        var random = new Random(11);
        var picture = new ushort[width * height];
        for (int i = 0; i < picture.Length; i++)
        {
            picture[i] = (ushort)(random.Next(4) == 0 ? random.Next(1024) : 700);
        }

        var mask = new ushort[width * height];
        CambiFilters.SpatialMask(picture, mask, width, height, new CambiFilters.MaskScratch(width), useSimd);

        int threshold = CambiFilters.MaskIndex(width, height);
        for (int i = 0; i < height; i++)
        {
            for (int j = 0; j < width; j++)
            {
                int flat = 0;
                for (int y = Math.Max(i - 3, 0); y <= Math.Min(i + 3, height - 1); y++)
                {
                    for (int x = Math.Max(j - 3, 0); x <= Math.Min(j + 3, width - 1); x++)
                    {
                        bool right = x == width - 1 || picture[(y * width) + x] == picture[(y * width) + x + 1];
                        bool down = y == height - 1 || picture[(y * width) + x] == picture[((y + 1) * width) + x];
                        flat += right && down ? 1 : 0;
                    }
                }

                Assert.Equal(flat > threshold ? 1 : 0, mask[(i * width) + j]);
            }
        }
    }

    [Theory]
    [InlineData(384, 216, 15)]     // (6·3 → ceil log2 5): (49 − 18 − 1) >> 1
    [InlineData(1920, 1080, 21)]   // (30·16 → 9): (49 − 6 − 1) >> 1
    [InlineData(3840, 2160, 24)]   // (60·33 → 11): (49 + 0 − 1) >> 1
    [InlineData(100, 40, 7)]       // (1·0 → 0): (49 − 33 − 1) >> 1
    public void The_mask_index_grows_with_the_picture_as_libvmaf_computes_it(int width, int height, int expected) =>
        Assert.Equal(expected, CambiFilters.MaskIndex(width, height));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_mode_filter_takes_the_mode_of_row_modes_and_leaves_the_first_and_last_rows_alone(bool useSimd)
    {
        const int width = 41, height = 9;
        var random = new Random(3);
        var picture = new ushort[width * height];
        for (int i = 0; i < picture.Length; i++)
        {
            picture[i] = (ushort)(300 + random.Next(4));
        }

        var filtered = (ushort[])picture.Clone();
        CambiFilters.FilterMode(filtered, width, height, new ushort[3 * width], useSimd);

        ushort RowMode(int y, int x) =>
            x == 0 || x == width - 1
                ? picture[(y * width) + x]
                : Mode(picture[(y * width) + x - 1], picture[(y * width) + x], picture[(y * width) + x + 1]);

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                ushort expected = y == 0 || y == height - 1
                    ? picture[(y * width) + x]
                    : Mode(RowMode(y - 1, x), RowMode(y, x), RowMode(y + 1, x));
                Assert.Equal(expected, filtered[(y * width) + x]);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decimation_keeps_the_even_rows_and_columns_in_place(bool useSimd)
    {
        const int width = 7, height = 5;
        var picture = Enumerable.Range(0, width * height).Select(i => (ushort)i).ToArray();

        CambiFilters.Decimate(picture, width, 4, 3, useSimd);

        ushort[] expected = [0, 2, 4, 6, 14, 16, 18, 20, 28, 30, 32, 34];
        Assert.Equal(expected, picture[..12]);
    }

    [Theory]
    [InlineData(31, 9)]
    [InlineData(32, 8)]
    [InlineData(33, 7)]
    [InlineData(64, 5)]
    [InlineData(97, 6)]
    [InlineData(1920, 9)]
    public void Vector_decimation_equals_the_scalar_one_whatever_the_width(int width, int height)
    {
        var random = new Random(width * 31 + height);
        var original = Enumerable.Range(0, width * height).Select(_ => (ushort)random.Next(0, 65536)).ToArray();
        original[0] = ushort.MaxValue;
        var scalar = original.ToArray();
        var vector = original.ToArray();
        int outWidth = (width + 1) >> 1, outHeight = (height + 1) >> 1;

        CambiFilters.Decimate(scalar, width, outWidth, outHeight, useSimd: false);
        CambiFilters.Decimate(vector, width, outWidth, outHeight, useSimd: true);

        Assert.Equal(scalar[..(outWidth * outHeight)], vector[..(outWidth * outHeight)]);
        for (int i = 0; i < outHeight; i++)
        {
            for (int j = 0; j < outWidth; j++)
            {
                Assert.Equal(original[(2 * i * width) + (2 * j)], vector[(i * outWidth) + j]);
            }
        }
    }

    [Fact]
    public void Pooling_averages_the_largest_topk_share_ties_and_zeros_included()
    {
        var random = new Random(7);
        var pooling = new CambiPooling();
        foreach (int n in new[] { 1, 2, 3, 10, 97, 1000, 4099, 100_000 })
        {
            // Many zeros and ties, as c-values have, and values spread over many exponents and mantissas.
            var values = Enumerable.Range(0, n).Select(_ => random.Next(3) switch
            {
                0 => 0f,
                1 => random.Next(1, 9) / 4f,
                _ => random.Next(1, 4000) * random.Next(1, 1000) / (float)random.Next(2, 4000),
            }).ToArray();
            foreach (double topk in new[] { 0.0001, 0.2, 0.6, 1.0 })
            {
                int k = Math.Clamp((int)(topk * n), 1, n);
                double expected = values.OrderDescending().Take(k).Sum(v => (double)v) / k;

                var nonzero = values.Where(v => v != 0).ToArray();
                double actual = pooling.TopkMean(nonzero, n, topk);

                Assert.Equal(expected, actual, 12);
            }
        }
    }

    private static ushort Mode(ushort a, ushort b, ushort c) =>
        a == b || a == c ? a : b == c ? b : Math.Min(a, Math.Min(b, c));
}
