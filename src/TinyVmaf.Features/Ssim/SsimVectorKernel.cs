using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The AVX kernel. Lanes are neighbouring outputs, so each output still sums its taps one after another in
/// tap order: every tap is a single-precision product of four samples (<c>vmulps</c>), widened to double
/// (<c>vcvtps2pd</c>) and added to a double accumulator, which is libvmaf's arithmetic exactly, and the
/// filtered rows equal the scalar kernel's bit for bit. Pixels are pooled in four-lane double partial sums,
/// added into the totals once per row: that is the only reordering, and it moves a pooled sum by a few units
/// in its last place (a mean by at most one single-precision ulp, and then only when the double sum sits
/// within a few ulps of a single-precision rounding boundary).
/// </summary>
/// <remarks>
/// The widening is the bottleneck (one four-lane convert per tap per four outputs), not the arithmetic; that
/// is the price of libvmaf's double accumulation, which single-precision FMA would not reproduce. A row
/// narrower than one vector block goes to the scalar kernel; the last block of a row overlaps the one before
/// it, and when pooling, its lanes already counted are masked out.
/// </remarks>
internal sealed class SsimVectorKernel : ISsimKernel
{
    /// <summary>Outputs per block: two four-lane double accumulators.</summary>
    private const int Block = 8;

    private static readonly float[] Weights = SsimWindow.Gaussian.ToArray();

    /// <summary>Three rows of a·a, b·b and a·b for the row being filtered, each <c>maxWidth</c> long.</summary>
    private readonly float[] _products;
    private readonly int _productLength;
    private readonly SsimScalarKernel _narrow = new();

    public SsimVectorKernel(int maxWidth)
    {
        _productLength = maxWidth;
        _products = new float[3 * maxWidth];
    }

    public static bool IsSupported => Avx.IsSupported;

    public void FilterRow(float[] reference, float[] distorted, int offset, int width, float[] maps, int mapLength, int mapOffset)
    {
        int outputs = width - SsimWindow.Shrink;
        if (outputs < Block)
        {
            _narrow.FilterRow(reference, distorted, offset, width, maps, mapLength, mapOffset);
            return;
        }

        ref float a = ref reference[offset];
        ref float b = ref distorted[offset];
        ref float p = ref MemoryMarshal.GetArrayDataReference(_products);
        ref float aa = ref p;
        ref float bb = ref Unsafe.Add(ref p, _productLength);
        ref float ab = ref Unsafe.Add(ref p, 2 * _productLength);
        int x = 0;
        for (; x <= width - Vector256<float>.Count; x += Vector256<float>.Count)
        {
            var va = Vector256.LoadUnsafe(ref a, (nuint)x);
            var vb = Vector256.LoadUnsafe(ref b, (nuint)x);
            (va * va).StoreUnsafe(ref aa, (nuint)x);
            (vb * vb).StoreUnsafe(ref bb, (nuint)x);
            (va * vb).StoreUnsafe(ref ab, (nuint)x);
        }

        for (; x < width; x++)
        {
            float sa = Unsafe.Add(ref a, x), sb = Unsafe.Add(ref b, x);
            Unsafe.Add(ref aa, x) = sa * sa;
            Unsafe.Add(ref bb, x) = sb * sb;
            Unsafe.Add(ref ab, x) = sa * sb;
        }

        ref float m = ref maps[mapOffset];
        Convolve(ref a, ref m, outputs);
        Convolve(ref b, ref Unsafe.Add(ref m, mapLength), outputs);
        Convolve(ref aa, ref Unsafe.Add(ref m, 2 * mapLength), outputs);
        Convolve(ref bb, ref Unsafe.Add(ref m, 3 * mapLength), outputs);
        Convolve(ref ab, ref Unsafe.Add(ref m, 4 * mapLength), outputs);
    }

    public void PoolRow(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, SsimTerms terms, ref SsimSums sums)
    {
        if (width < Block)
        {
            _narrow.PoolRow(maps, mapLength, rows, width, terms, ref sums);
            return;
        }

        ref float m = ref MemoryMarshal.GetArrayDataReference(maps);
        bool luminance = (terms & (SsimTerms.Ssim | SsimTerms.Luminance)) != 0;
        var ssim = Vector256<double>.Zero;
        var l = Vector256<double>.Zero;
        var c = Vector256<double>.Zero;
        var s = Vector256<double>.Zero;
        var all = Vector256<double>.AllBitsSet;
        for (int x = 0; x < width; x += Block)
        {
            var keepLower = all;
            var keepUpper = all;
            if (x > width - Block)
            {
                // The last block overlaps the one before: keep only the lanes not pooled yet.
                int start = width - Block;
                keepLower = Lanes(x - start, 0);
                keepUpper = Lanes(x - start, 4);
                x = start;
            }

            var muRef = Vertical(ref m, rows, x);
            var muDis = Vertical(ref Unsafe.Add(ref m, mapLength), rows, x);
            var refSq = Vertical(ref Unsafe.Add(ref m, 2 * mapLength), rows, x);
            var disSq = Vertical(ref Unsafe.Add(ref m, 3 * mapLength), rows, x);
            var refDis = Vertical(ref Unsafe.Add(ref m, 4 * mapLength), rows, x);

            var zero = Vector256<float>.Zero;
            var muRefSq = muRef * muRef;
            var muDisSq = muDis * muDis;
            var sigmaRefSq = Avx.Max(zero, refSq - muRefSq);
            var sigmaDisSq = Avx.Max(zero, disSq - muDisSq);
            var sigmaBoth = refDis - muRef * muDis;
            var sigmaRefSigmaDis = Avx.Sqrt(sigmaRefSq * sigmaDisSq);
            var contrastDen = sigmaRefSq + sigmaDisSq + Vector256.Create(SsimWindow.C2);
            var flat = Vector256.LessThan(sigmaBoth, zero) & Vector256.LessThanOrEqual(sigmaRefSigmaDis, zero);
            var c3 = Vector256.Create(SsimWindow.C3);
            var structure = (Vector256.AndNot(sigmaBoth, flat) + c3) / (sigmaRefSigmaDis + c3);

            var two = Vector256.Create(2.0);
            var c2 = Vector256.Create((double)SsimWindow.C2);
            var cLower = (two * Vector256.WidenLower(sigmaRefSigmaDis) + c2) / Vector256.WidenLower(contrastDen);
            var cUpper = (two * Vector256.WidenUpper(sigmaRefSigmaDis) + c2) / Vector256.WidenUpper(contrastDen);
            var sLower = Vector256.WidenLower(structure);
            var sUpper = Vector256.WidenUpper(structure);
            c += (cLower & keepLower) + (cUpper & keepUpper);
            s += (sLower & keepLower) + (sUpper & keepUpper);
            if (luminance)
            {
                var luminanceDen = muRefSq + muDisSq + Vector256.Create(SsimWindow.C1);
                var c1 = Vector256.Create((double)SsimWindow.C1);
                var lLower = (two * Vector256.WidenLower(muRef) * Vector256.WidenLower(muDis) + c1) / Vector256.WidenLower(luminanceDen);
                var lUpper = (two * Vector256.WidenUpper(muRef) * Vector256.WidenUpper(muDis) + c1) / Vector256.WidenUpper(luminanceDen);
                l += (lLower & keepLower) + (lUpper & keepUpper);
                ssim += (lLower * cLower * sLower & keepLower) + (lUpper * cUpper * sUpper & keepUpper);
            }
        }

        sums.Ssim += Vector256.Sum(ssim);
        sums.Luminance += Vector256.Sum(l);
        sums.Contrast += Vector256.Sum(c);
        sums.Structure += Vector256.Sum(s);
    }

    /// <summary>Filters one row of <paramref name="outputs"/> values along x (at least one block).</summary>
    private static void Convolve(ref float source, ref float target, int outputs)
    {
        int x = 0;
        for (; x <= outputs - 2 * Block; x += 2 * Block)
        {
            Horizontal(ref source, ref target, x);
            Horizontal(ref source, ref target, x + Block);
        }

        for (; x < outputs; x += Block)
        {
            // The last block may overlap the one before; it rewrites the same values.
            Horizontal(ref source, ref target, Math.Min(x, outputs - Block));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Horizontal(ref float source, ref float target, int x)
    {
        ref float k = ref MemoryMarshal.GetArrayDataReference(Weights);
        var lower = Vector256<double>.Zero;
        var upper = Vector256<double>.Zero;
        for (int u = 0; u < SsimWindow.Taps; u++)
        {
            var weight = Vector128.Create(Unsafe.Add(ref k, u));
            lower += Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)(x + u)) * weight);
            upper += Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, (nuint)(x + u + 4)) * weight);
        }

        Vector256.Create(Avx.ConvertToVector128Single(lower), Avx.ConvertToVector128Single(upper)).StoreUnsafe(ref target, (nuint)x);
    }

    /// <summary>Filters eight columns of one map down the window's rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Vertical(ref float map, ReadOnlySpan<int> rows, int x)
    {
        ref float k = ref MemoryMarshal.GetArrayDataReference(Weights);
        var lower = Vector256<double>.Zero;
        var upper = Vector256<double>.Zero;
        for (int v = 0; v < SsimWindow.Taps; v++)
        {
            var weight = Vector128.Create(Unsafe.Add(ref k, v));
            ref float row = ref Unsafe.Add(ref map, rows[v] + x);
            lower += Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref row) * weight);
            upper += Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref row, 4) * weight);
        }

        return Vector256.Create(Avx.ConvertToVector128Single(lower), Avx.ConvertToVector128Single(upper));
    }

    /// <summary>All bits set in the four lanes from <paramref name="firstLane"/> whose index is at least <paramref name="from"/>.</summary>
    private static Vector256<double> Lanes(int from, int firstLane) =>
        Vector256.Create(
            firstLane >= from ? -1L : 0L,
            firstLane + 1 >= from ? -1L : 0L,
            firstLane + 2 >= from ? -1L : 0L,
            firstLane + 3 >= from ? -1L : 0L).AsDouble();
}
