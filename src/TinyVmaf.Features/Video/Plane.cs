namespace TinyVmaf.Features.Video;

/// <summary>
/// One plane of samples. Every bit depth is held as <see cref="ushort"/> so that a kernel is written once
/// for 8..16 bits; the bit depth travels with the frame format. A plane that a reader fills with 8-bit samples
/// may keep them as read (<see cref="Bytes"/>): kernels that load bytes use them directly, and the
/// <see cref="ushort"/> samples are widened from them only when something asks for <see cref="Data"/>.
/// </summary>
public sealed class Plane
{
    private readonly byte[]? _bytes;
    private readonly Lock _widening = new();
    private ushort[]? _samples;

    // For a byte plane: whether _samples holds the bytes now there (false once a reader refills them).
    private volatile bool _widened;

    public Plane(int width, int height)
        : this(width, height, keepBytes: false)
    {
    }

    private Plane(int width, int height, bool keepBytes)
    {
        Width = width;
        Height = height;
        Stride = width;
        if (keepBytes)
        {
            _bytes = new byte[(long)width * height];
        }
        else
        {
            _samples = new ushort[(long)width * height];
        }
    }

    /// <summary>A plane of 8-bit samples kept as bytes, for a reader that fills <see cref="Bytes"/>.</summary>
    internal static Plane OfBytes(int width, int height) => new(width, height, keepBytes: true);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Samples between the starts of two rows.</summary>
    public int Stride { get; }

    /// <summary>
    /// The samples. For a plane that keeps its 8-bit samples as bytes, they are widened here on first use after
    /// each refill (once, whichever thread asks first); such a plane is read-only to everyone but its reader.
    /// </summary>
    public ushort[] Data => _bytes is null || _widened ? _samples! : Widen();

    /// <summary>
    /// The 8-bit samples as read, same layout as <see cref="Data"/>, when this plane keeps them (frames filled by
    /// the readers of stored video); null otherwise. A kernel that can load bytes reads these and spares the
    /// widening, which is a good part of the cost of reading a frame.
    /// </summary>
    internal byte[]? Bytes => _bytes;

    public ReadOnlySpan<ushort> Row(int y) => Data.AsSpan(y * Stride, Width);

    /// <summary>A row to write; a plane that keeps bytes is written through <see cref="Bytes"/> and <see cref="BytesWritten"/> instead.</summary>
    public Span<ushort> MutableRow(int y)
    {
        if (_bytes is not null)
        {
            throw new InvalidOperationException("this plane keeps its 8-bit samples as bytes: write them through Bytes");
        }

        return _samples.AsSpan(y * Stride, Width);
    }

    /// <summary>Whether a plane kept as bytes was ever widened (something read <see cref="Data"/>): for tests of the byte paths.</summary>
    internal bool WasWidened => _bytes is not null && _samples is not null;

    /// <summary>Tells the plane that its reader has refilled <see cref="Bytes"/>: the widened samples are stale.</summary>
    internal void BytesWritten() => _widened = false;

    private ushort[] Widen()
    {
        lock (_widening)
        {
            if (!_widened)
            {
                _samples ??= new ushort[_bytes!.Length];
                SampleUnpacker.Widen(_bytes, _samples);
                _widened = true;
            }

            return _samples!;
        }
    }
}
