namespace TinyVmaf.Features.Adm;

/// <summary>
/// The four sub-bands of one DWT level, each a plane of <see cref="Stride"/> x rows samples: A is low-pass in
/// both directions, V low-pass vertically and high-pass horizontally, H the reverse, D high-pass in both.
/// Scale 0 holds them as 16-bit samples (<see cref="short"/>), scales 1..3 as 32-bit (<see cref="int"/>), as
/// libvmaf does. A band set that never needs the approximation has no <see cref="A"/>.
/// </summary>
internal sealed class AdmBands<T>
    where T : unmanaged
{
    public AdmBands(int stride, int rows, bool withApproximation)
    {
        Stride = stride;
        int length = stride * rows;
        A = withApproximation ? new T[length] : [];
        H = new T[length];
        V = new T[length];
        D = new T[length];
    }

    public int Stride { get; }

    public T[] A { get; }

    public T[] H { get; }

    public T[] V { get; }

    public T[] D { get; }

    /// <summary>The detail band of orientation 0 (h), 1 (v) or 2 (d), the order libvmaf loops over them.</summary>
    public T[] Detail(int theta) => theta switch
    {
        0 => H,
        1 => V,
        _ => D,
    };
}
