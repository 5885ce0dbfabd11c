using System.Runtime.Intrinsics;
using TinyVmaf.Features.Motion;

namespace TinyVmaf.Features.Tests.Motion;

/// <summary>libvmaf 3.2's motion kernels: the vector SAD (AVX2 and AVX-512) equals the scalar reference bit for bit.</summary>
public sealed class MotionDiffKernelTests
{
    public enum Content
    {
        /// <summary>Small differences: every row takes the 16-bit path.</summary>
        Small,

        /// <summary>Uniform random samples: rows of both paths.</summary>
        Random,

        /// <summary>Half the samples at the extremes, opposite between the frames: the split 32-bit path.</summary>
        Extremes,
    }

    [Theory]
    [InlineData(8, 16, 3, Content.Random)]
    [InlineData(8, 33, 5, Content.Small)]
    [InlineData(8, 47, 7, Content.Random)]
    [InlineData(8, 64, 9, Content.Extremes)]
    [InlineData(8, 131, 6, Content.Small)]
    [InlineData(8, 131, 6, Content.Extremes)]
    [InlineData(10, 37, 6, Content.Random)]
    [InlineData(10, 77, 11, Content.Extremes)]
    [InlineData(10, 100, 4, Content.Small)]
    [InlineData(12, 100, 5, Content.Extremes)]
    [InlineData(12, 45, 8, Content.Random)]
    [InlineData(14, 50, 5, Content.Extremes)]
    [InlineData(14, 65, 7, Content.Random)]
    public void The_vector_sad_equals_the_scalar_reference(int bitDepth, int width, int height, Content content)
    {
        var random = new Random(width * 31 + bitDepth + (int)content);
        int prevStride = width + random.Next(3), curStride = width + random.Next(5);
        var (prev, cur) = Frames(random, bitDepth, width, height, prevStride, curStride, content);
        ulong expected = MotionDiffKernels.SadScalar(prev, prevStride, cur, curStride, width, height, bitDepth, new int[width]);
        var scratch = new short[MotionDiffSimd.ScratchLength(width)];
        if (MotionDiffSimd.Avx2Handles(bitDepth, width))
        {
            var copy = new ushort[width * height];
            Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(
                prev, prevStride, cur, curStride, width, height, bitDepth, scratch, copy));
            AssertCopied(cur, curStride, copy, width, height);
        }

        if (MotionDiffSimd.Avx512Handles(bitDepth, width))
        {
            var copy = new ushort[width * height];
            Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(
                prev, prevStride, cur, curStride, width, height, bitDepth, scratch, copy));
            AssertCopied(cur, curStride, copy, width, height);
        }

        if (bitDepth == 8)
        {
            // 8-bit video keeps its previous frame as bytes.
            var prevBytes = prev.Select(v => (byte)v).ToArray();
            if (MotionDiffSimd.Avx2Handles(bitDepth, width))
            {
                var copy = new byte[width * height];
                Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>, byte, ushort>(
                    prevBytes, prevStride, cur, curStride, width, height, 8, scratch, copy));
                AssertCopied(cur, curStride, copy.Select(v => (ushort)v).ToArray(), width, height);
            }

            if (MotionDiffSimd.Avx512Handles(bitDepth, width))
            {
                var copy = new byte[width * height];
                Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>, byte, ushort>(
                    prevBytes, prevStride, cur, curStride, width, height, 8, scratch, copy));
                AssertCopied(cur, curStride, copy.Select(v => (ushort)v).ToArray(), width, height);
            }
        }
    }

    [Fact]
    public void A_full_swing_change_is_exact_where_the_16_bit_path_would_saturate()
    {
        const int width = 70, height = 6;
        foreach (int bitDepth in new[] { 8, 10, 14 })
        {
            int max = (1 << bitDepth) - 1;
            var black = new ushort[width * height];
            var white = Enumerable.Repeat((ushort)max, width * height).ToArray();
            foreach (var (prev, cur) in new[] { (black, white), (white, black) })
            {
                ulong expected = MotionDiffKernels.SadScalar(prev, width, cur, width, width, height, bitDepth, new int[width]);
                Assert.True(expected > 0);
                if (MotionDiffSimd.Avx2Handles(bitDepth, width))
                {
                    Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(
                        prev, width, cur, width, width, height, bitDepth, new short[MotionDiffSimd.ScratchLength(width)], default));
                }

                if (MotionDiffSimd.Avx512Handles(bitDepth, width))
                {
                    Assert.Equal(expected, MotionDiffSimd.Sad<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(
                        prev, width, cur, width, width, height, bitDepth, new short[MotionDiffSimd.ScratchLength(width)], default));
                }
            }
        }
    }

    [Fact]
    public void Identical_frames_have_no_motion()
    {
        var frame = Enumerable.Range(0, 40 * 8).Select(i => (ushort)(i * 7 % 256)).ToArray();
        Assert.Equal(0ul, MotionDiffKernels.SadScalar(frame, 40, frame, 40, 40, 8, 8, new int[40]));
        if (MotionDiffSimd.Avx2Handles(8, 40))
        {
            Assert.Equal(0ul, MotionDiffSimd.Sad<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(
                frame, 40, frame, 40, 40, 8, 8, new short[MotionDiffSimd.ScratchLength(40)], default));
        }
    }

    private static (ushort[] Prev, ushort[] Cur) Frames(Random random, int bitDepth, int width, int height, int prevStride, int curStride, Content content)
    {
        int max = (1 << bitDepth) - 1;
        var prev = new ushort[prevStride * height];
        var cur = new ushort[curStride * height];
        for (int i = 0; i < height; i++)
        {
            for (int j = 0; j < width; j++)
            {
                int a = random.Next(max + 1);
                int b = content switch
                {
                    Content.Small => Math.Clamp(a + random.Next(-max / 16, max / 16 + 1), 0, max),
                    Content.Random => random.Next(max + 1),
                    _ => random.Next(4) == 0 ? random.Next(max + 1) : max - a,
                };
                if (content == Content.Extremes && random.Next(2) == 0)
                {
                    a = random.Next(2) == 0 ? 0 : max;
                    b = max - a;
                }

                prev[i * prevStride + j] = (ushort)a;
                cur[i * curStride + j] = (ushort)b;
            }
        }

        return (prev, cur);
    }

    private static void AssertCopied(ushort[] cur, int curStride, ushort[] copy, int width, int height)
    {
        for (int i = 0; i < height; i++)
        {
            Assert.Equal(cur.AsSpan(i * curStride, width).ToArray(), copy.AsSpan(i * width, width).ToArray());
        }
    }
}
