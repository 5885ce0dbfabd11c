using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ciede;

/// <summary>
/// The chroma samples libvmaf's <c>ciede</c> pairs with each luma sample. It scales the chroma planes to luma
/// size by repeating samples (no filter): for 4:2:0 each chroma sample covers a 2x2 block of luma. For 4:2:2
/// libvmaf has its two subsampling flags crossed: it repeats each chroma row vertically and keeps the column
/// index unhalved, so luma row i reads w consecutive samples from chroma row i/2 of its picture buffer, running
/// past the row's w/2 samples into the row's padding (zeros, up to the 32-sample aligned stride) and on into
/// the next row. That quirk is kept for parity: the golden 4:2:2 scores are made with it.
/// </summary>
internal sealed class CiedeChroma
{
    /// <summary>libvmaf aligns every plane's stride to 32 samples (<c>DATA_ALIGN</c> in <c>picture.c</c>).</summary>
    internal const int LibvmafAlignment = 32;

    private readonly ChromaSubsampling _chroma;
    private readonly int _width;

    /// <summary>The chroma width and stride of libvmaf's 4:2:2 picture buffer, in samples.</summary>
    private readonly int _bufferWidth, _bufferStride;

    private readonly ushort[] _u, _v;

    public CiedeChroma(FrameFormat format)
    {
        _chroma = format.Chroma;
        _width = format.Width;
        _bufferWidth = format.Width >> 1;
        _bufferStride = (_bufferWidth + LibvmafAlignment - 1) & ~(LibvmafAlignment - 1);
        bool scaled = _chroma is ChromaSubsampling.Yuv420 or ChromaSubsampling.Yuv422;
        _u = scaled ? new ushort[_width] : [];
        _v = scaled ? new ushort[_width] : [];

        if (_chroma == ChromaSubsampling.Yuv422
            && (_bufferWidth == 0 || LastBufferRowRead(format.Height - 1) >= format.ChromaHeight))
        {
            throw new ArgumentException(
                $"ciede: at {format} libvmaf reads 4:2:2 chroma past the end of its plane (it needs a width of at least 2 and 2 rows)");
        }
    }

    /// <summary>Row <paramref name="i"/> of <paramref name="frame"/> at luma resolution; valid until the next call.</summary>
    public YuvRow Row(Frame frame, int i)
    {
        var y = frame.Y.Row(i);
        return _chroma switch
        {
            ChromaSubsampling.Yuv420 => new YuvRow(y, Repeat(frame.U.Row(i >> 1), _u), Repeat(frame.V.Row(i >> 1), _v)),
            ChromaSubsampling.Yuv422 => new YuvRow(y, ReadOnAlong(frame.U, i, _u), ReadOnAlong(frame.V, i, _v)),
            _ => new YuvRow(y, frame.U.Row(i), frame.V.Row(i)),
        };
    }

    private static ReadOnlySpan<ushort> Repeat(ReadOnlySpan<ushort> chroma, ushort[] output)
    {
        for (int j = 0; j < output.Length; j++)
        {
            output[j] = chroma[j >> 1];
        }

        return output;
    }

    /// <summary>libvmaf's 4:2:2 read: w samples from the start of buffer row i/2, through padding and on.</summary>
    private ReadOnlySpan<ushort> ReadOnAlong(Plane chroma, int i, ushort[] output)
    {
        int row = i >> 1, column = 0, j = 0;
        while (j < _width)
        {
            int n;
            if (column < _bufferWidth)
            {
                n = Math.Min(_width - j, _bufferWidth - column);
                chroma.Row(row).Slice(column, n).CopyTo(output.AsSpan(j));
            }
            else
            {
                n = Math.Min(_width - j, _bufferStride - column);
                output.AsSpan(j, n).Clear();
            }

            j += n;
            column += n;
            if (column == _bufferStride)
            {
                row++;
                column = 0;
            }
        }

        return output;
    }

    /// <summary>The buffer row that holds the last sample libvmaf reads for luma row <paramref name="i"/> of 4:2:2.</summary>
    private int LastBufferRowRead(int i) => (int)((((long)(i >> 1) * _bufferStride) + _width - 1) / _bufferStride);
}
