using TinyVmaf.Features.Motion;

namespace TinyVmaf.Features.Tests.Motion;

/// <summary>libvmaf 3.2's motion kernels: the vector passes equal the scalar reference bit for bit.</summary>
public sealed class MotionDiffKernelTests
{
    [Theory]
    [InlineData(8, 9, 5)]
    [InlineData(8, 64, 7)]
    [InlineData(8, 131, 9)]
    [InlineData(10, 37, 6)]
    [InlineData(12, 100, 5)]
    [InlineData(16, 45, 5)]
    public void Vector_passes_equal_the_scalar_reference_on_odd_sizes_and_extreme_samples(int bitDepth, int width, int height)
    {
        var random = new Random(width * 31 + bitDepth);
        int max = (1 << bitDepth) - 1;
        var prev = new ushort[width * height];
        var cur = new ushort[width * height];
        for (int i = 0; i < prev.Length; i++)
        {
            // Half the samples at the extremes, so that the sums reach their largest magnitudes.
            prev[i] = (ushort)(random.Next(2) == 0 ? random.Next(max + 1) : (random.Next(2) == 0 ? 0 : max));
            cur[i] = (ushort)(random.Next(2) == 0 ? random.Next(max + 1) : (prev[i] == 0 ? max : 0));
        }

        var scalar = new int[width];
        var vector = new int[width];
        for (int row = 0; row < height; row++)
        {
            MotionDiffKernels.VerticalScalar(prev, cur, width, width, height, row, bitDepth, scalar);
            MotionDiffKernels.VerticalVector(prev, cur, width, width, height, row, bitDepth, vector);
            Assert.Equal(scalar, vector);
            Assert.Equal(MotionDiffKernels.HorizontalSadScalar(scalar, width), MotionDiffKernels.HorizontalSadVector(scalar, width));
        }
    }

    [Fact]
    public void Identical_frames_have_no_motion()
    {
        var frame = Enumerable.Range(0, 40 * 8).Select(i => (ushort)(i * 7 % 256)).ToArray();
        var row = new int[40];
        for (int i = 0; i < 8; i++)
        {
            MotionDiffKernels.VerticalVector(frame, frame, 40, 40, 8, i, 8, row);
            Assert.Equal(0u, MotionDiffKernels.HorizontalSadVector(row, 40));
        }
    }
}
