using System.Numerics;
using TinyVmaf.Features.Vif;

namespace TinyVmaf.Features.Tests.Vif;

public sealed class VifLog2Tests
{
    [Theory]
    [InlineData(1UL << 17)]
    [InlineData(1UL << 31)]
    [InlineData(1UL << 45)]
    public void Powers_of_two_have_exact_logarithms(ulong value) =>
        Assert.Equal(BitOperations.Log2(value) * 2048, VifLog2.Log2(value));

    [Fact]
    public void The_fixed_point_log_is_the_true_one_rounded_after_keeping_the_top_sixteen_bits()
    {
        var random = new Random(7);
        for (int n = 0; n < 100_000; n++)
        {
            ulong value = (ulong)random.NextInt64(1L << 17, 1L << 46);
            double exact = Math.Log2(value) * 2048;
            // Keeping the top 16 bits drops at most log2(1 + 2^-15) * 2048 ~ 0.09 units; the table is built in
            // single precision, whose log2 near 2^15..2^16 is good to 2^-20, i.e. 2^-9 units.
            const double singlePrecision = 1.0 / 512;
            Assert.InRange(VifLog2.Log2(value), exact - 0.5 - 0.1 - singlePrecision, exact + 0.5 + singlePrecision);
            if (value <= uint.MaxValue)
            {
                Assert.Equal(VifLog2.Log2(value), VifLog2.Log2((uint)value));
            }
        }
    }
}
