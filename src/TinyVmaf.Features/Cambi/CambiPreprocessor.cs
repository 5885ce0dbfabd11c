using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TinyVmaf.Features.Simd;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// Brings a luma plane to what CAMBI works on: 10-bit code values at the encoding size, nearest-neighbour
/// resampled when that size differs from the picture's, then — when the encode had fewer than 10 bits —
/// smoothed by a 2x2 mean so that dithering does not hide banding.
/// </summary>
internal sealed class CambiPreprocessor
{
    private readonly int _bitDepth;
    private readonly bool _antiDither;
    private readonly bool _useSimd;
    private readonly int[]? _sourceColumns;
    private readonly int[]? _sourceRows;

    public CambiPreprocessor(int width, int height, int bitDepth, int encWidth, int encHeight, int encBitDepth, bool useSimd)
    {
        _bitDepth = bitDepth;
        _useSimd = useSimd && Vector256.IsHardwareAccelerated;
        Width = encWidth;
        Height = encHeight;
        _antiDither = encBitDepth < 10;
        if (encWidth != width || encHeight != height)
        {
            _sourceColumns = NearestSources(width, encWidth);
            _sourceRows = NearestSources(height, encHeight);
        }
    }

    /// <summary>The encoding width, the size of scale 0.</summary>
    public int Width { get; }

    /// <summary>The encoding height.</summary>
    public int Height { get; }

    /// <summary>
    /// Writes the 10-bit picture, <see cref="Width"/> samples a row, to <paramref name="output"/>. Throws when a
    /// sample exceeds the bit depth, as libvmaf refuses such a picture.
    /// </summary>
    public void Run(Plane luma, Span<ushort> output)
    {
        if (_antiDither && _useSimd && _bitDepth == 8 && _sourceColumns is null && luma.Bytes is { } bytes && Width >= 2 && Height >= 2)
        {
            // 8-bit samples kept as bytes cannot exceed the depth: conversion and smoothing in one pass.
            ConvertAntiDithered(bytes, luma.Stride, output);
            return;
        }

        int maxValue = (1 << _bitDepth) - 1;
        int overflow = _useSimd && luma.Bytes is { } samples
            ? Convert<byte>(samples, luma.Stride, output)
            : Convert<ushort>(luma.Data, luma.Stride, output);
        if (_bitDepth < 16 && overflow > maxValue)
        {
            throw new ArgumentException(
                $"cambi: the picture has samples above {maxValue}, the largest a {_bitDepth}-bit sample can hold");
        }

        if (_antiDither)
        {
            AntiDither(output, Width, Height, _useSimd);
        }
    }

    /// <summary>
    /// libvmaf's <c>decimate_generic_*_and_convert_to_10b</c> resampling: the source of output column j is
    /// (int)(x + 0.5) where x starts at ratio/2 − 0.5 and advances by the ratio, all in float as libvmaf
    /// accumulates it (so rounding drift over a row is kept).
    /// </summary>
    internal static int[] NearestSources(int inSize, int outSize)
    {
        var sources = new int[outSize];
        float ratio = (float)inSize / outSize;
        float position = (float)((ratio / 2) - 0.5);
        for (int j = 0; j < outSize; j++)
        {
            sources[j] = (int)(position + 0.5);
            position += ratio;
        }

        return sources;
    }

    /// <summary>
    /// Converts sample by sample, resampled where the encoding size differs; returns the OR of every input sample,
    /// to check the bit depth once. The vector path reads 8-bit planes kept as bytes.
    /// </summary>
    private int Convert<T>(ReadOnlySpan<T> luma, int stride, Span<ushort> output)
        where T : unmanaged =>
        _sourceColumns is null ? ConvertSameSize(luma, stride, output) : ConvertResampled(luma, stride, output);

    private int ConvertSameSize<T>(ReadOnlySpan<T> luma, int stride, Span<ushort> output)
        where T : unmanaged
    {
        int overflow = 0;
        for (int i = 0; i < Height; i++)
        {
            overflow |= ConvertRow(luma.Slice(i * stride, Width), output.Slice(i * Width, Width));
        }

        return overflow;
    }

    private int ConvertResampled<T>(ReadOnlySpan<T> luma, int stride, Span<ushort> output)
        where T : unmanaged
    {
        int shiftUp = Math.Max(10 - _bitDepth, 0);
        int shiftDown = Math.Max(_bitDepth - 10, 0);
        int rounding = shiftDown == 0 ? 0 : 1 << (shiftDown - 1);
        int overflow = 0;
        ref T samples = ref MemoryMarshal.GetReference(luma);
        for (int i = 0; i < Height; i++)
        {
            nint row = (nint)_sourceRows![i] * stride;
            var target = output.Slice(i * Width, Width);
            for (int j = 0; j < target.Length; j++)
            {
                int sample = SampleVectors.Read(ref samples, row + _sourceColumns![j]);
                overflow |= sample;
                target[j] = (ushort)(((sample << shiftUp) + rounding) >> shiftDown);
            }
        }

        return overflow;
    }

    /// <summary>
    /// Up to 10 bits a sample is shifted up; above, it is rounded down to 10 bits ((x + half) >> shift), as
    /// libvmaf does. Returns the OR of the samples.
    /// </summary>
    private int ConvertRow<T>(ReadOnlySpan<T> source, Span<ushort> target)
        where T : unmanaged
    {
        int up = Math.Max(10 - _bitDepth, 0);
        int down = Math.Max(_bitDepth - 10, 0);
        int half = down == 0 ? 0 : 1 << (down - 1);
        int j = 0;
        int overflow = 0;
        ref T s = ref MemoryMarshal.GetReference(source);
        if (_useSimd && _bitDepth <= 10)
        {
            ref ushort t = ref MemoryMarshal.GetReference(target);
            var any = Vector256<ushort>.Zero;
            for (; j + Vector256<ushort>.Count <= source.Length; j += Vector256<ushort>.Count)
            {
                var samples = SampleVectors.Load256(ref s, (nuint)j);
                any |= samples;
                (samples << up).StoreUnsafe(ref t, (nuint)j);
            }

            for (int lane = 0; lane < Vector256<ushort>.Count; lane++)
            {
                overflow |= any.GetElement(lane);
            }
        }

        for (; j < source.Length; j++)
        {
            int sample = SampleVectors.Read(ref s, j);
            overflow |= sample;
            target[j] = (ushort)(((sample << up) + half) >> down);
        }

        return overflow;
    }

    /// <summary>
    /// <see cref="Convert{T}"/> then <see cref="AntiDither"/> of 8-bit samples in one pass: the mean of four samples
    /// shifted up by 2 is floor(4 (a + b + c + d) / 4) = a + b + c + d, the mean of two 2 (a + b), and the last
    /// sample 4 a, so the 10-bit picture comes straight from the bytes.
    /// </summary>
    private void ConvertAntiDithered(byte[] luma, int stride, Span<ushort> output)
    {
        int w = Width, h = Height;
        ref byte source = ref MemoryMarshal.GetArrayDataReference(luma);
        ref ushort target = ref MemoryMarshal.GetReference(output);
        for (int i = 0; i < h; i++)
        {
            nuint row = (nuint)(i * stride);
            nuint below = (nuint)((i + 1 < h ? i + 1 : i) * stride);
            nuint at = (nuint)(i * w);
            int j = 0;
            if (i + 1 < h)
            {
                for (; j + Vector256<ushort>.Count < w; j += Vector256<ushort>.Count)
                {
                    var sum = SampleVectors.Load256(ref source, row + (nuint)j) + SampleVectors.Load256(ref source, row + (nuint)j + 1)
                        + SampleVectors.Load256(ref source, below + (nuint)j) + SampleVectors.Load256(ref source, below + (nuint)j + 1);
                    sum.StoreUnsafe(ref target, at + (nuint)j);
                }

                for (; j < w - 1; j++)
                {
                    Unsafe.Add(ref target, at + (nuint)j) = (ushort)(Unsafe.Add(ref source, row + (nuint)j) + Unsafe.Add(ref source, row + (nuint)j + 1)
                        + Unsafe.Add(ref source, below + (nuint)j) + Unsafe.Add(ref source, below + (nuint)j + 1));
                }

                Unsafe.Add(ref target, at + (nuint)(w - 1)) = (ushort)(2 * (Unsafe.Add(ref source, row + (nuint)(w - 1)) + Unsafe.Add(ref source, below + (nuint)(w - 1))));
            }
            else
            {
                for (; j < w - 1; j++)
                {
                    Unsafe.Add(ref target, at + (nuint)j) = (ushort)(2 * (Unsafe.Add(ref source, row + (nuint)j) + Unsafe.Add(ref source, row + (nuint)j + 1)));
                }

                Unsafe.Add(ref target, at + (nuint)(w - 1)) = (ushort)(4 * Unsafe.Add(ref source, row + (nuint)(w - 1)));
            }
        }
    }

    /// <summary>
    /// libvmaf's <c>anti_dithering_filter</c>: each sample becomes the floor of the mean of the 2x2 block it
    /// heads (of the samples before filtering); the last column and last row take the mean of their two, and the
    /// last sample stays as it is.
    /// </summary>
    internal static void AntiDither(Span<ushort> picture, int width, int height, bool useSimd)
    {
        for (int i = 0; i < height - 1; i++)
        {
            var row = picture.Slice(i * width, width);
            var below = picture.Slice((i + 1) * width, width);
            int j = 0;
            if (useSimd)
            {
                // Four 10-bit samples sum below 2^12, so ushort lanes hold the sum. A vector loads row[j + n] before
                // its store to row[j .. j + n) and the next vector loads from j + n on: every load sees samples
                // not yet filtered.
                ref ushort r = ref MemoryMarshal.GetReference(row);
                ref ushort b = ref MemoryMarshal.GetReference(below);
                for (; j + Vector256<ushort>.Count < width; j += Vector256<ushort>.Count)
                {
                    var sum = Vector256.LoadUnsafe(ref r, (nuint)j) + Vector256.LoadUnsafe(ref r, (nuint)(j + 1))
                        + Vector256.LoadUnsafe(ref b, (nuint)j) + Vector256.LoadUnsafe(ref b, (nuint)(j + 1));
                    (sum >> 2).StoreUnsafe(ref r, (nuint)j);
                }
            }

            for (; j < width - 1; j++)
            {
                row[j] = (ushort)((row[j] + row[j + 1] + below[j] + below[j + 1]) >> 2);
            }

            row[width - 1] = (ushort)((row[width - 1] + below[width - 1]) >> 1);
        }

        var last = picture.Slice((height - 1) * width, width);
        for (int j = 0; j < width - 1; j++)
        {
            last[j] = (ushort)((last[j] + last[j + 1]) >> 1);
        }
    }
}
