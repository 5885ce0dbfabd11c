using System.Runtime.Intrinsics;
using TinyVmaf.Features.Extraction;
using TinyVmaf.Features.Motion;
using TinyVmaf.Features.Tests.Extraction;
using TinyVmaf.Features.Tests.Video;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Tests.Motion;

/// <summary>
/// Motion's vector kernels on 8-bit samples kept as read (<see cref="Plane.Bytes"/>): the byte kernels equal the
/// 16-bit ones and the scalar reference bit for bit, on AVX2 and AVX-512, and both extractors run on frames kept as
/// bytes without ever widening them.
/// </summary>
public sealed class MotionBytePlaneTests
{
    public enum Content
    {
        /// <summary>Uniform random samples.</summary>
        Random,

        /// <summary>Samples within a few levels of the previous frame's: the 16-bit path of libvmaf 3.2's motion.</summary>
        Small,

        /// <summary>Only 0 and 255, inverted between frames: full-swing changes (the split 32-bit path).</summary>
        Extremes,

        /// <summary>Random, with the first and last three columns and rows at 0 or 255: the mirrors and the overlapping last vector.</summary>
        Edges,
    }

    [Theory]
    [InlineData(16, 3, Content.Random)]
    [InlineData(17, 5, Content.Extremes)]
    [InlineData(31, 4, Content.Small)]
    [InlineData(32, 7, Content.Extremes)]
    [InlineData(33, 3, Content.Edges)]
    [InlineData(47, 9, Content.Random)]
    [InlineData(65, 6, Content.Extremes)]
    [InlineData(131, 5, Content.Small)]
    [InlineData(333, 11, Content.Random)]
    [InlineData(333, 8, Content.Edges)]
    public void The_motion_v2_sad_of_bytes_equals_that_of_16_bit_samples_and_the_scalar_reference(int width, int height, Content content)
    {
        var random = new Random(width * 13 + height + (int)content);
        int prevStride = width + random.Next(3), curStride = width + random.Next(4);
        var prev = Samples(random, width, height, prevStride, content, null, 0);
        var cur = Samples(random, width, height, curStride, content, prev, prevStride);
        ulong expected = MotionDiffKernels.SadScalar(Widen(prev), prevStride, Widen(cur), curStride, width, height, 8, new int[width]);
        Assert.True(expected > 0);

        if (MotionDiffSimd.Avx2Handles(8, width))
        {
            AssertSadsAgree<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(expected, prev, prevStride, cur, curStride, width, height);
        }

        if (MotionDiffSimd.Avx512Handles(8, width))
        {
            AssertSadsAgree<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(expected, prev, prevStride, cur, curStride, width, height);
        }
    }

    [Theory]
    [InlineData(16, 3, Content.Random)]
    [InlineData(17, 6, Content.Edges)]
    [InlineData(32, 5, Content.Extremes)]
    [InlineData(45, 4, Content.Small)]
    [InlineData(65, 9, Content.Edges)]
    [InlineData(333, 7, Content.Random)]
    public void The_fused_blur_of_bytes_equals_that_of_16_bit_samples_and_the_scalar_rows(int width, int height, Content content)
    {
        var random = new Random(width * 17 + height + (int)content);
        int stride = width + random.Next(3);
        var scalar = new MotionBlur(width, height, 8, useSimd: false);
        var expected = new ushort[width * height];
        var expectedPrevious = new ushort[width * height];
        byte[]? before = null;
        for (int frame = 0; frame < 4; frame++)
        {
            var samples = Samples(random, width, height, stride, content, before, stride);
            before = samples;
            ReadOnlySpan<ushort> previous = frame == 0 ? [] : expectedPrevious;

            // The scalar rows read a plane (packed at its width); the kernels below read the samples with their stride.
            var packed = new Plane(width, height);
            for (int i = 0; i < height; i++)
            {
                Widen(samples).AsSpan(i * stride, width).CopyTo(packed.Data.AsSpan(i * width));
            }

            ulong want = scalar.BlurAndSad(packed, expected, previous);
            if (MotionDiffSimd.Avx2Handles(8, width))
            {
                AssertBlursAgree<MotionDiffSimd.Avx2Lanes, Vector256<short>, Vector256<int>>(want, expected, samples, stride, width, height, previous);
            }

            if (MotionDiffSimd.Avx512Handles(8, width))
            {
                AssertBlursAgree<MotionDiffSimd.Avx512Lanes, Vector512<short>, Vector512<int>>(want, expected, samples, stride, width, height, previous);
            }

            expected.CopyTo(expectedPrevious, 0);
        }
    }

    [Theory]
    [InlineData(99, 17, false)]
    [InlineData(64, 9, true)]
    [InlineData(333, 12, false)]
    public void Motion_v2_on_frames_kept_as_bytes_writes_the_scalar_numbers_and_never_widens_them(int width, int height, bool fiveFrameWindow)
    {
        var (ordinary, kept) = Clip(width, height);
        var options = MotionOptions.Default with { MotionFiveFrameWindow = fiveFrameWindow, Debug = true };
        var format = kept[0].Format;

        var scalar = Run(new MotionV2Extractor(new ExtractorContext(format, KernelPath.Scalar), options), ordinary);
        var vector = Run(new MotionV2Extractor(new ExtractorContext(format, KernelPath.Auto), options), kept);

        Assert.Equal(scalar, vector);
        Assert.Contains(scalar, w => w.Value > 0);

        // The scalar reference reads 16-bit samples: only a CPU with the vector kernel spares the widening.
        Assert.All(kept, frame => Assert.Equal(MotionDiffSimd.Avx2Handles(8, width), !frame.Y.WasWidened));
    }

    [Theory]
    [InlineData(99, 17)]
    [InlineData(333, 12)]
    public void Motion_on_frames_kept_as_bytes_writes_the_scalar_numbers_and_never_widens_them(int width, int height)
    {
        var (ordinary, kept) = Clip(width, height);
        var format = kept[0].Format;

        var scalar = Run(new MotionExtractor(new ExtractorContext(format, KernelPath.Scalar), MotionOptions.Default), ordinary);
        var vector = Run(new MotionExtractor(new ExtractorContext(format, KernelPath.Auto), MotionOptions.Default), kept);

        Assert.Equal(scalar, vector);
        Assert.Contains(scalar, w => w.Value > 0);
        Assert.All(kept, frame => Assert.Equal(MotionDiffSimd.Avx2Handles(8, width), !frame.Y.WasWidened));
    }

    private static void AssertSadsAgree<TLanes, TShort, TInt>(
        ulong expected, byte[] prev, int prevStride, byte[] cur, int curStride, int width, int height)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        var scratch = new short[MotionDiffSimd.ScratchLength(width)];
        var copy = new ushort[width * height];
        Assert.Equal(expected, MotionDiffSimd.Sad<TLanes, TShort, TInt, ushort, ushort>(
            Widen(prev), prevStride, Widen(cur), curStride, width, height, 8, scratch, copy));
        AssertCopied(cur, curStride, Array.ConvertAll(copy, v => checked((byte)v)), width, height);

        var byteCopy = new byte[width * height];
        Assert.Equal(expected, MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, ushort>(
            prev, prevStride, Widen(cur), curStride, width, height, 8, scratch, byteCopy));
        AssertCopied(cur, curStride, byteCopy, width, height);

        Array.Clear(byteCopy);
        Assert.Equal(expected, MotionDiffSimd.Sad<TLanes, TShort, TInt, byte, byte>(
            prev, prevStride, cur, curStride, width, height, 8, scratch, byteCopy));
        AssertCopied(cur, curStride, byteCopy, width, height);
    }

    private static void AssertBlursAgree<TLanes, TShort, TInt>(
        ulong want, ushort[] expected, byte[] samples, int stride, int width, int height, ReadOnlySpan<ushort> previous)
        where TLanes : struct, IMotionDiffLanes<TShort, TInt>
        where TShort : struct
        where TInt : struct
    {
        var scratch = new short[MotionBlurSimd.ScratchLength(width)];
        var fromWords = new ushort[width * height];
        Assert.Equal(want, MotionBlurSimd.BlurAndSad<TLanes, TShort, TInt, ushort>(Widen(samples), stride, width, height, 8, scratch, fromWords, previous));
        Assert.Equal(expected, fromWords);

        var fromBytes = new ushort[width * height];
        Assert.Equal(want, MotionBlurSimd.BlurAndSad<TLanes, TShort, TInt, byte>(samples, stride, width, height, 8, scratch, fromBytes, previous));
        Assert.Equal(expected, fromBytes);
    }

    /// <summary>8-bit samples, <paramref name="stride"/> apart; after a frame <paramref name="before"/>, related to it as the content says.</summary>
    private static byte[] Samples(Random random, int width, int height, int stride, Content content, byte[]? before, int beforeStride)
    {
        var samples = new byte[stride * height];
        random.NextBytes(samples);
        for (int i = 0; i < height; i++)
        {
            for (int j = 0; j < width; j++)
            {
                int old = before?[i * beforeStride + j] ?? random.Next(256);
                bool edge = j < 3 || j >= width - 3 || i < 3 || i >= height - 3;
                samples[i * stride + j] = content switch
                {
                    Content.Small => (byte)Math.Clamp(old + random.Next(-6, 7), 0, 255),
                    Content.Extremes => (byte)(before is null ? random.Next(2) * 255 : 255 - old),
                    Content.Edges when edge => (byte)(random.Next(2) * 255),
                    _ => samples[i * stride + j],
                };
            }
        }

        return samples;
    }

    private static ushort[] Widen(byte[] samples) => Array.ConvertAll(samples, v => (ushort)v);

    private static void AssertCopied(byte[] cur, int curStride, byte[] copy, int width, int height)
    {
        for (int i = 0; i < height; i++)
        {
            Assert.Equal(cur.AsSpan(i * curStride, width).ToArray(), copy.AsSpan(i * width, width).ToArray());
        }
    }

    /// <summary>
    /// Eight frames of an 8-bit Y4M clip (quiet changes, a cut to 0/255 at frame 4 and its inverse at 5), read once
    /// into ordinary frames and once into frames that keep their bytes, as a run's reader fills them.
    /// </summary>
    private static (Frame[] Ordinary, Frame[] Kept) Clip(int width, int height)
    {
        const int frames = 8;
        // 4:4:4, so that the sizes may be odd.
        var format = new FrameFormat(width, height, ChromaSubsampling.Yuv444, 8);
        byte[] y4m = Y4mWriter.Build(format, frames, "444", sample: (f, p, x, y) =>
        {
            int hash = (x * 7919) ^ (y * 104729) ^ (p * 13);
            return f switch
            {
                4 => hash % 2 * 255,
                5 => 255 - (hash % 2 * 255),
                _ => Math.Clamp((x * 5) + (y * 3) + (hash % (4 * f + 1)), 0, 255),
            };
        });
        using var plain = Y4mReader.FromStream(new MemoryStream(y4m), "plain.y4m");
        using var keeping = Y4mReader.FromStream(new MemoryStream(y4m), "kept.y4m");
        var ordinary = new Frame[frames];
        var kept = new Frame[frames];
        for (int f = 0; f < frames; f++)
        {
            ordinary[f] = new Frame(format);
            kept[f] = Frame.ForSource(keeping);
            Assert.True(plain.ReadFrame(ordinary[f]));
            Assert.True(keeping.ReadFrame(kept[f]));
            Assert.NotNull(kept[f].Y.Bytes);
        }

        return (ordinary, kept);
    }

    private static List<(int Frame, string Key, double Value)> Run(IFeatureExtractor extractor, Frame[] frames)
    {
        using (extractor)
        {
            var sink = new RecordingSink();
            for (int i = 0; i < frames.Length; i++)
            {
                extractor.Extract(new FramePair(frames[i], frames[i], i), sink);
            }

            extractor.Flush(sink);
            return sink.Writes;
        }
    }
}
