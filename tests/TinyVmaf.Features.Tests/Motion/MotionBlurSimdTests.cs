using System.Runtime.Intrinsics;
using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Motion;

/// <summary>The fused blur + SAD kernels (AVX2, AVX-512) against the scalar row kernels, bit for bit.</summary>
public sealed class MotionBlurSimdTests
{
    [Theory]
    [InlineData(8, 16, 3)]
    [InlineData(8, 47, 7)]
    [InlineData(8, 64, 5)]
    [InlineData(8, 131, 9)]
    [InlineData(10, 37, 6)]
    [InlineData(10, 99, 4)]
    [InlineData(12, 45, 8)]
    [InlineData(14, 70, 5)]
    public void The_fused_kernels_blur_and_compare_as_the_scalar_rows(int bitDepth, int width, int height)
    {
        var random = new Random(width * 7 + bitDepth);
        int max = (1 << bitDepth) - 1;
        var scalar = new MotionBlur(width, height, bitDepth, useSimd: false);
        var expectedPrevious = new ushort[width * height];
        var expected = new ushort[width * height];
        var actual = new ushort[width * height];
        var scratch = new short[MotionBlurSimd.ScratchLength(width)];
        for (int frame = 0; frame < 4; frame++)
        {
            var plane = RandomPlane(random, width, height, max, frame);
            ulong want = scalar.BlurAndSad(plane, expected, frame == 0 ? [] : expectedPrevious);
            if (MotionDiffSimd.Avx2Handles(bitDepth, width))
            {
                ulong got = MotionBlurSimd.BlurAndSad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>, ushort>(
                    plane.Data, plane.Stride, width, height, bitDepth, scratch, actual, frame == 0 ? [] : expectedPrevious);
                Assert.Equal(want, got);
                Assert.Equal(expected, actual);
            }

            if (MotionDiffSimd.Avx512Handles(bitDepth, width))
            {
                Array.Clear(actual);
                ulong got = MotionBlurSimd.BlurAndSad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>, ushort>(
                    plane.Data, plane.Stride, width, height, bitDepth, scratch, actual, frame == 0 ? [] : expectedPrevious);
                Assert.Equal(want, got);
                Assert.Equal(expected, actual);
            }

            expected.CopyTo(expectedPrevious, 0);
        }
    }

    /// <summary>Frames alternating between random, all-black/all-white halves and random extremes.</summary>
    private static Plane RandomPlane(Random random, int width, int height, int max, int frame)
    {
        var plane = new Plane(width, height);
        var data = plane.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (ushort)(frame switch
            {
                0 => random.Next(max + 1),
                1 => i % width < width / 2 ? max : 0,
                2 => random.Next(2) * max,
                _ => i % width < width / 2 ? 0 : max,
            });
        }

        return plane;
    }
}
