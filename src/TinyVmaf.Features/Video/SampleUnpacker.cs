using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace TinyVmaf.Features.Video;

/// <summary>Turns stored planes (8-bit, or 16-bit little-endian) into a frame's ushort samples.</summary>
internal static class SampleUnpacker
{
    /// <summary>
    /// Bytes of stored samples unpacked at a time: small enough that the bytes just read are still in the core's
    /// cache when they are widened, and larger than a FileStream's buffer (64 KiB here), which a read no larger
    /// than it goes through as one more copy (64 KiB pieces measured 2.4 ms per 1080p frame pair; whole planes
    /// 1.3; 1 MiB 1.25).
    /// </summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Reads exactly one frame of <paramref name="format"/> from <paramref name="stream"/>; with
    /// <paramref name="skipChroma"/>, only its luma plane is filled and the chroma bytes are passed over.
    /// </summary>
    /// <returns>Bytes read or passed over: 0 at a clean end, the frame size on success, anything between for a truncation.</returns>
    public static int ReadFrame(Stream stream, Frame frame, byte[] scratch, bool skipChroma = false)
    {
        var format = frame.Format;
        int total = 0;
        for (int p = 0; p < format.PlaneCount; p++)
        {
            var plane = frame[p];
            int planeBytes = plane.Width * plane.Height * format.BytesPerSample;
            if (skipChroma && p > 0)
            {
                int passed = Skip(stream, planeBytes, scratch);
                total += passed;
                if (passed < planeBytes)
                {
                    return total;
                }

                continue;
            }

            if (plane.Bytes is { } bytes)
            {
                // A plane keeping 8-bit samples as stored: read straight into it, nothing to widen.
                int got = stream.ReadAtLeast(bytes.AsSpan(0, planeBytes), planeBytes, throwOnEndOfStream: false);
                plane.BytesWritten();
                total += got;
                if (got < planeBytes)
                {
                    return total;
                }

                continue;
            }

            var samples = plane.Data.AsSpan(0, plane.Width * plane.Height);
            if (format.BytesPerSample == 2 && BitConverter.IsLittleEndian)
            {
                // Stored as the samples are held: read straight into them.
                int got = stream.ReadAtLeast(MemoryMarshal.AsBytes(samples), planeBytes, throwOnEndOfStream: false);
                total += got;
                if (got < planeBytes)
                {
                    return total;
                }

                continue;
            }

            for (int offset = 0; offset < planeBytes; offset += scratch.Length)
            {
                int chunk = Math.Min(scratch.Length, planeBytes - offset);
                int got = stream.ReadAtLeast(scratch.AsSpan(0, chunk), chunk, throwOnEndOfStream: false);
                total += got;
                if (got < chunk)
                {
                    return total;
                }

                Unpack(scratch.AsSpan(0, chunk), samples.Slice(offset / format.BytesPerSample, chunk / format.BytesPerSample), format.BytesPerSample);
            }
        }

        return total;
    }

    /// <summary>Passes over <paramref name="count"/> bytes: a seek in a file, reads into the scratch in a pipe. Returns how many there were.</summary>
    private static int Skip(Stream stream, int count, byte[] scratch)
    {
        if (stream.CanSeek)
        {
            int there = (int)Math.Min(count, Math.Max(stream.Length - stream.Position, 0));
            stream.Seek(there, SeekOrigin.Current);
            return there;
        }

        int passed = 0;
        while (passed < count)
        {
            int got = stream.Read(scratch.AsSpan(0, Math.Min(scratch.Length, count - passed)));
            if (got == 0)
            {
                break;
            }

            passed += got;
        }

        return passed;
    }

    /// <summary>
    /// The first sample above the frame's bit depth (a 10-bit stream stores 16-bit words), as (plane, value), or null
    /// when every sample fits. The extractors' fixed-point arithmetic and lookup tables are sized for samples of the
    /// stated depth: a larger one read from a damaged or hostile file would index past them.
    /// </summary>
    public static (int Plane, int Value)? FirstSampleAboveDepth(Frame frame, bool lumaOnly = false)
    {
        var format = frame.Format;
        if (format.BitDepth >= 16 || format.BytesPerSample == 1)
        {
            return null;
        }

        ushort max = (ushort)((1 << format.BitDepth) - 1);
        for (int p = 0; p < (lumaOnly ? 1 : frame.PlaneCount); p++)
        {
            var plane = frame[p];
            var samples = plane.Data.AsSpan(0, plane.Width * plane.Height);
            int at = samples.IndexOfAnyInRange((ushort)(max + 1), ushort.MaxValue);
            if (at >= 0)
            {
                return (p, samples[at]);
            }
        }

        return null;
    }

    /// <summary>Bytes of scratch <see cref="ReadFrame"/> needs for a frame of <paramref name="format"/>: a chunk, whole samples.</summary>
    public static int ScratchBytes(FrameFormat format) => Math.Min(ChunkBytes, format.Width * format.Height * format.BytesPerSample);

    /// <summary>8-bit to 16-bit samples: whole vectors first, the tail (and the scalar path) by the loop.</summary>
    internal static void Widen(ReadOnlySpan<byte> bytes, Span<ushort> samples)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= samples.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(bytes.Slice(i)), out var low, out var high);
                low.CopyTo(samples.Slice(i));
                high.CopyTo(samples.Slice(i + Vector<ushort>.Count));
            }
        }

        for (; i < samples.Length; i++)
        {
            samples[i] = bytes[i];
        }
    }

    private static void Unpack(ReadOnlySpan<byte> bytes, Span<ushort> samples, int bytesPerSample)
    {
        if (bytesPerSample == 1)
        {
            Widen(bytes, samples);
        }
        else
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i));
            }
        }
    }
}
