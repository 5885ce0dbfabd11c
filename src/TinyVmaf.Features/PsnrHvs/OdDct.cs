using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// What <see cref="OdDct.Forward8{T, TLanes}"/> needs of a lane type: the four operations of Daala's lifting
/// network, each exact in that type for every value the network forms at the depths it serves.
/// </summary>
/// <remarks>
/// Static abstract, so that each kernel's instantiation is specialised and inlined by the JIT: the vector
/// kernels run the one network with no call and no indirection, as when each had its own copy.
/// </remarks>
internal interface IOdDctLanes<T>
{
    static abstract T Add(T a, T b);

    static abstract T Subtract(T a, T b);

    /// <summary>a/2 rounded toward zero: Daala's unbiased shift, which adds the sign bit before shifting.</summary>
    static abstract T HalfTowardZero(T a);

    /// <summary>a·c/2^shift rounded half up, the fixed-point step of every lifting rotation.</summary>
    static abstract T Rotate(T a, [ConstantExpected] int c, [ConstantExpected] byte shift);
}

/// <summary>
/// Daala's 8-point integer forward DCT (<c>od_bin_fdct8</c>), the transform libvmaf's <c>psnr_hvs</c> runs
/// on each 8x8 block: a lifting network of butterflies and rounded fixed-point rotations, orthonormal up to
/// rounding. Every rounding is part of the result, so this is the arithmetic bit for bit, not an
/// approximation of a DCT. The network is written once (<see cref="Forward8{T, TLanes}"/>) and serves the
/// scalar reference (<see cref="int"/>) and both vector kernels (eight or sixteen columns at once).
/// </summary>
internal static class OdDct
{
    /// <summary>
    /// The network on eight values in place: <paramref name="x0"/>…<paramref name="x7"/> in, coefficients 0…7
    /// out. With vector lanes, each lane is an independent column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward8<T, TLanes>(ref T x0, ref T x1, ref T x2, ref T x3, ref T x4, ref T x5, ref T x6, ref T x7)
        where TLanes : IOdDctLanes<T>
    {
        // The input permutation is part of the network's factorisation.
        T t0 = x0, t4 = x1, t2 = x2, t6 = x3, t7 = x4, t3 = x5, t5 = x6, t1 = x7;

        t1 = TLanes.Subtract(t0, t1);
        var t1h = TLanes.HalfTowardZero(t1);
        t0 = TLanes.Subtract(t0, t1h);
        t4 = TLanes.Add(t4, t5);
        var t4h = TLanes.HalfTowardZero(t4);
        t5 = TLanes.Subtract(t5, t4h);
        t3 = TLanes.Subtract(t2, t3);
        t2 = TLanes.Subtract(t2, TLanes.HalfTowardZero(t3));
        t6 = TLanes.Add(t6, t7);
        var t6h = TLanes.HalfTowardZero(t6);
        t7 = TLanes.Subtract(t6h, t7);

        // The even half: a 4-point DCT built from a 2-point DCT and a 2-point DST.
        t0 = TLanes.Add(t0, t6h);
        t6 = TLanes.Subtract(t0, t6);
        t2 = TLanes.Subtract(t4h, t2);
        t4 = TLanes.Subtract(t2, t4);
        t0 = TLanes.Subtract(t0, TLanes.Rotate(t4, 13573, 15));
        t4 = TLanes.Add(t4, TLanes.Rotate(t0, 11585, 14));
        t0 = TLanes.Subtract(t0, TLanes.Rotate(t4, 13573, 15));
        t6 = TLanes.Subtract(t6, TLanes.Rotate(t2, 21895, 15));
        t2 = TLanes.Add(t2, TLanes.Rotate(t6, 15137, 14));
        t6 = TLanes.Subtract(t6, TLanes.Rotate(t2, 21895, 15));

        // The odd half: a 4-point DST.
        t3 = TLanes.Add(t3, TLanes.Rotate(t5, 19195, 15));
        t5 = TLanes.Add(t5, TLanes.Rotate(t3, 11585, 14));
        t3 = TLanes.Subtract(t3, TLanes.Rotate(t5, 7489, 13));
        t7 = TLanes.Subtract(TLanes.HalfTowardZero(t5), t7);
        t5 = TLanes.Subtract(t5, t7);
        t3 = TLanes.Subtract(t1h, t3);
        t1 = TLanes.Subtract(t1, t3);
        t7 = TLanes.Add(t7, TLanes.Rotate(t1, 3227, 15));
        t1 = TLanes.Subtract(t1, TLanes.Rotate(t7, 6393, 15));
        t7 = TLanes.Add(t7, TLanes.Rotate(t1, 3227, 15));
        t5 = TLanes.Add(t5, TLanes.Rotate(t3, 2485, 13));
        t3 = TLanes.Subtract(t3, TLanes.Rotate(t5, 18205, 15));
        t5 = TLanes.Add(t5, TLanes.Rotate(t3, 2485, 13));

        x0 = t0;
        x1 = t1;
        x2 = t2;
        x3 = t3;
        x4 = t4;
        x5 = t5;
        x6 = t6;
        x7 = t7;
    }

    /// <summary>Transforms eight samples <paramref name="xStride"/> apart into eight coefficients.</summary>
    public static void Forward8(Span<int> y, ReadOnlySpan<int> x, int xStride)
    {
        int x0 = x[0], x1 = x[1 * xStride], x2 = x[2 * xStride], x3 = x[3 * xStride];
        int x4 = x[4 * xStride], x5 = x[5 * xStride], x6 = x[6 * xStride], x7 = x[7 * xStride];
        Forward8<int, ScalarLanes>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7);
        y[0] = x0;
        y[1] = x1;
        y[2] = x2;
        y[3] = x3;
        y[4] = x4;
        y[5] = x5;
        y[6] = x6;
        y[7] = x7;
    }

    /// <summary>
    /// The 2-D transform in place on a row-major 8x8 block: first down each column, then along each row of
    /// that result (libvmaf's order; with rounding inside, the other order gives other numbers).
    /// Afterwards <c>block[i * 8 + j]</c> holds vertical frequency i, horizontal frequency j.
    /// </summary>
    public static void Forward8x8(Span<int> block, Span<int> scratch)
    {
        // scratch row i = the transform of column i.
        for (int i = 0; i < 8; i++)
        {
            Forward8(scratch.Slice(8 * i, 8), block[i..], 8);
        }

        for (int i = 0; i < 8; i++)
        {
            Forward8(block.Slice(8 * i, 8), scratch[i..], 8);
        }
    }

    /// <inheritdoc cref="IOdDctLanes{T}.HalfTowardZero"/>
    internal static int HalfTowardZero(int a) => ScalarLanes.HalfTowardZero(a);

    /// <summary>One column in 32-bit integers, libvmaf's own arithmetic.</summary>
    internal readonly struct ScalarLanes : IOdDctLanes<int>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Add(int a, int b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Subtract(int a, int b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int HalfTowardZero(int a) => (int)((uint)a >> 31) + a >> 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Rotate(int a, [ConstantExpected] int c, [ConstantExpected] byte shift) => (a * c + (1 << (shift - 1))) >> shift;
    }
}
