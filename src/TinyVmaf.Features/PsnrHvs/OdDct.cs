namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// Daala's 8-point integer forward DCT (<c>od_bin_fdct8</c>), the transform libvmaf's <c>psnr_hvs</c> runs
/// on each 8x8 block: a lifting network of butterflies and rounded fixed-point rotations, orthonormal up to
/// rounding. Every rounding is part of the result, so this is the arithmetic bit for bit, not an
/// approximation of a DCT; the vector kernel runs the same steps on eight columns at once.
/// </summary>
internal static class OdDct
{
    /// <summary>Transforms eight samples <paramref name="xStride"/> apart into eight coefficients.</summary>
    public static void Forward8(Span<int> y, ReadOnlySpan<int> x, int xStride)
    {
        // The input permutation is part of the network's factorisation.
        int t0 = x[0];
        int t4 = x[1 * xStride];
        int t2 = x[2 * xStride];
        int t6 = x[3 * xStride];
        int t7 = x[4 * xStride];
        int t3 = x[5 * xStride];
        int t5 = x[6 * xStride];
        int t1 = x[7 * xStride];

        t1 = t0 - t1;
        int t1h = HalfTowardZero(t1);
        t0 -= t1h;
        t4 += t5;
        int t4h = HalfTowardZero(t4);
        t5 -= t4h;
        t3 = t2 - t3;
        t2 -= HalfTowardZero(t3);
        t6 += t7;
        int t6h = HalfTowardZero(t6);
        t7 = t6h - t7;

        // The even half: a 4-point DCT built from a 2-point DCT and a 2-point DST.
        t0 += t6h;
        t6 = t0 - t6;
        t2 = t4h - t2;
        t4 = t2 - t4;
        t0 -= Rotate(t4, 13573, 15);
        t4 += Rotate(t0, 11585, 14);
        t0 -= Rotate(t4, 13573, 15);
        t6 -= Rotate(t2, 21895, 15);
        t2 += Rotate(t6, 15137, 14);
        t6 -= Rotate(t2, 21895, 15);

        // The odd half: a 4-point DST.
        t3 += Rotate(t5, 19195, 15);
        t5 += Rotate(t3, 11585, 14);
        t3 -= Rotate(t5, 7489, 13);
        t7 = HalfTowardZero(t5) - t7;
        t5 -= t7;
        t3 = t1h - t3;
        t1 -= t3;
        t7 += Rotate(t1, 3227, 15);
        t1 -= Rotate(t7, 6393, 15);
        t7 += Rotate(t1, 3227, 15);
        t5 += Rotate(t3, 2485, 13);
        t3 -= Rotate(t5, 18205, 15);
        t5 += Rotate(t3, 2485, 13);

        y[0] = t0;
        y[1] = t1;
        y[2] = t2;
        y[3] = t3;
        y[4] = t4;
        y[5] = t5;
        y[6] = t6;
        y[7] = t7;
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

    /// <summary>a/2 rounded toward zero: Daala's unbiased shift, which adds the sign bit before shifting.</summary>
    internal static int HalfTowardZero(int a) => (int)((uint)a >> 31) + a >> 1;

    /// <summary>a·c/2^shift rounded half up, the fixed-point step of every lifting rotation.</summary>
    internal static int Rotate(int a, int c, int shift) => (a * c + (1 << (shift - 1))) >> shift;
}
