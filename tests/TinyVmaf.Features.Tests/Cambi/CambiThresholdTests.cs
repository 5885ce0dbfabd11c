using System.Globalization;
using TinyVmaf.Features.Cambi;

namespace TinyVmaf.Features.Tests.Cambi;

/// <summary>The luminance model, the visibility thresholds and the reciprocal table.</summary>
public sealed class CambiThresholdTests
{
    [Fact]
    public void Bt1886_maps_the_limited_range_ends_to_its_black_and_white_levels()
    {
        Assert.Equal(0.01, CambiLuminance.Luminance(CambiLuminance.Foot, CambiEotf.Bt1886), 12);
        Assert.Equal(300.0, CambiLuminance.Luminance(CambiLuminance.Head, CambiEotf.Bt1886), 9);
        Assert.Equal(0.01, CambiLuminance.Luminance(0, CambiEotf.Bt1886), 12);       // clipped to the foot
        Assert.Equal(300.0, CambiLuminance.Luminance(1023, CambiEotf.Bt1886), 9);    // clipped to the head
    }

    [Fact]
    public void Pq_maps_the_limited_range_ends_to_zero_and_ten_thousand_nits()
    {
        Assert.Equal(0.0, CambiLuminance.Luminance(CambiLuminance.Foot, CambiEotf.Pq), 12);
        Assert.Equal(10000.0, CambiLuminance.Luminance(CambiLuminance.Head, CambiEotf.Pq), 6);
    }

    [Theory]
    [InlineData(false, 0.019)]
    [InlineData(false, 0.05)]
    [InlineData(true, 0.019)]
    public void Each_threshold_is_the_last_code_value_where_its_step_is_visible(bool pq, double tvi)
    {
        var eotf = pq ? CambiEotf.Pq : CambiEotf.Bt1886;
        bool Visible(int sample, int diff)
        {
            double mean = CambiLuminance.Luminance(sample, eotf);
            return CambiLuminance.Luminance(sample + diff, eotf) - mean > tvi * mean;
        }

        var contrast = new CambiContrast(5, tvi, eotf);
        for (int d = 0; d < contrast.NumDiffs; d++)
        {
            int diff = d + 1, threshold = contrast.Tvi[d];
            if (threshold == 1023)
            {
                // libvmaf's answer when the step is still visible at the top of its search, head − diff − 1.
                Assert.True(Visible(CambiLuminance.Head - diff - 1, diff), $"a step of {diff} is visible up to the head");
                continue;
            }

            Assert.InRange(threshold, CambiLuminance.Foot, CambiLuminance.Head - diff - 1);
            Assert.True(Visible(threshold, diff), $"a step of {diff} is visible at its threshold {threshold}");
            Assert.False(Visible(threshold + 1, diff), $"a step of {diff} is not visible above its threshold {threshold}");
            Assert.True(d == 0 || threshold >= contrast.Tvi[d - 1], "larger steps stay visible up to brighter values");
        }

        Assert.Equal(contrast.Tvi[^1], contrast.MaxTvi);
        Assert.Equal(contrast.Tvi[^1] + contrast.NumDiffs, contrast.BandTop);
    }

    [Fact]
    public void The_default_steps_are_one_to_four_code_values_weighted_one_to_four()
    {
        var contrast = new CambiContrast(CambiOptions.Default.MaxLogContrast, CambiOptions.Default.TviThreshold, CambiOptions.Default.Eotf);

        Assert.Equal(4, contrast.NumDiffs);
        Assert.Equal([1, 2, 3, 4], contrast.Weights);
    }

    [Fact]
    public void The_reciprocal_table_holds_one_over_i_rounded_to_nine_digits_as_libvmaf_wrote_it()
    {
        var table = CambiReciprocals.Table;
        Assert.Equal(CambiReciprocals.TableSize, table.Length);
        Assert.Equal(0f, table[0]);
        int offByOneStep = 0;
        for (int i = 1; i < table.Length; i++)
        {
            float nearest = 1f / i;
            Assert.True(Math.Abs(table[i] - nearest) <= Math.Abs(MathF.BitIncrement(nearest) - nearest), $"entry {i} is within one float step of 1/{i}");
            offByOneStep += table[i] != nearest ? 1 : 0;
        }

        // libvmaf's header writes entry 82 as 0.012195122f, which is not the float nearest 1/82.
        Assert.Equal(float.Parse("0.012195122", CultureInfo.InvariantCulture), table[82]);
        Assert.NotEqual(1f / 82, table[82]);
        Assert.Equal(42, offByOneStep);
    }
}
