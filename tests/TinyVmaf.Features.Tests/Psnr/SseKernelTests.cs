using TinyVmaf.Features.Psnr;

namespace TinyVmaf.Features.Tests.Psnr;

public sealed class SseKernelTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    public void The_vector_sse_equals_the_scalar_one_at_every_length(int bitDepth)
    {
        var random = new Random(bitDepth);
        for (int n = 1; n <= 300; n++)
        {
            var a = Row(random, n, bitDepth);
            var b = Row(random, n, bitDepth);

            Assert.Equal(SseKernels.SseScalar(a, b), SseKernels.SseVector(a, b, bitDepth));
        }
    }

    [Theory]
    [InlineData(8, 4097)]
    [InlineData(10, 8191)]
    [InlineData(15, 1001)]
    public void Full_scale_errors_on_long_rows_do_not_overflow_the_vector_lanes(int bitDepth, int n)
    {
        // The worst case for the 32-bit lanes: every error is the largest the depth allows, both signs.
        int max = (1 << bitDepth) - 1;
        var a = Enumerable.Range(0, n).Select(j => (ushort)(j % 2 == 0 ? max : 0)).ToArray();
        var b = Enumerable.Range(0, n).Select(j => (ushort)(j % 2 == 0 ? 0 : max)).ToArray();

        ulong expected = (ulong)n * (ulong)max * (ulong)max;
        Assert.Equal(expected, SseKernels.SseScalar(a, b));
        Assert.Equal(expected, SseKernels.SseVector(a, b, bitDepth));
    }

    [Fact]
    public void Lanes_spill_before_they_can_overflow()
    {
        Assert.Equal(33025, SseKernels.StepsPerSpill(8));     // 2^32 / (2 · 255²)
        Assert.Equal(2, SseKernels.StepsPerSpill(15));         // 2^32 / (2 · 32767²)
    }

    private static ushort[] Row(Random random, int n, int bitDepth) =>
        Enumerable.Range(0, n).Select(_ => (ushort)random.Next(1 << bitDepth)).ToArray();
}
