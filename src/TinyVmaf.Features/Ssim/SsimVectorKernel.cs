using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Ssim;

/// <summary>
/// The vector kernel. Lanes are neighbouring outputs, so each output still sums its taps one after another in
/// tap order: every tap is a single-precision product (<c>vmulps</c>), widened to double (<c>vcvtps2pd</c>) and
/// added to a double accumulator, which is libvmaf's arithmetic exactly, so the filtered rows equal the scalar
/// kernel's bit for bit. Pixels are pooled in four-lane double partial sums, added into the totals once per
/// row: that is the only reordering, and it moves a pooled sum by a few units in its last place (a mean by at
/// most one single-precision ulp, and then only when the double sum sits within a few double ulps of a
/// single-precision rounding boundary).
/// </summary>
/// <remarks>
/// Widening is the bottleneck, four lanes a cycle whatever the register width, not the arithmetic: that is the
/// price of libvmaf's double accumulation, which single-precision FMA would not reproduce (measured, it moves
/// float_ssim by up to 5e-6, half the parity bar). With AVX-512 the taps widen eight lanes per instruction
/// into 512-bit accumulators, which measured a fifth faster (fewer instructions for the same conversions);
/// without, four lanes into 256-bit ones. Both
/// filter the same way, one block of 32 or 16 outputs at a time, and finish a row with overlapping blocks of
/// eight (a row narrower than eight goes to the scalar kernel). The vertical pass is the horizontal one with
/// the taps at the ring's row offsets instead of at neighbouring columns.
/// </remarks>
internal sealed unsafe class SsimVectorKernel : ISsimKernel
{
    /// <summary>Outputs of the narrow block that finishes a row.</summary>
    private const int Narrow = 8;

    private const int Maps = 5;

    /// <summary>The horizontal pass's tap offsets: neighbouring columns.</summary>
    private static readonly int[] Neighbours = GC.AllocateArray<int>(SsimWindow.Taps, pinned: true);

    /// <summary>The Gaussian, pinned so that blocks read it through a pointer.</summary>
    private static readonly float[] Weights = GC.AllocateArray<float>(SsimWindow.Taps, pinned: true);

    /// <summary>Three rows of a·a, b·b and a·b for the row being filtered.</summary>
    private readonly float[] _products;
    private readonly int _productLength;

    private readonly SsimScalarKernel _narrow = new();

    static SsimVectorKernel()
    {
        SsimWindow.Gaussian.CopyTo(Weights);
        for (int u = 0; u < Neighbours.Length; u++)
        {
            Neighbours[u] = u;
        }
    }

    /// <param name="maxWidth">The widest picture the kernel will filter.</param>
    /// <param name="useAvx512">Widen into 512-bit accumulators when the CPU has AVX-512.</param>
    public SsimVectorKernel(int maxWidth, bool useAvx512 = true)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the SSIM vector kernel needs AVX");
        }

        UsesAvx512 = useAvx512 && Avx512Widening.IsSupported;
        _productLength = maxWidth;
        _products = GC.AllocateArray<float>(3 * maxWidth, pinned: true);
    }

    public static bool IsSupported => Avx.IsSupported;

    /// <summary>Whether the taps widen into 512-bit accumulators.</summary>
    public bool UsesAvx512 { get; }

    public void FilterRow(float[] reference, float[] distorted, int offset, int width, float[] maps, int mapLength, int mapOffset)
    {
        int outputs = width - SsimWindow.Shrink;
        if (outputs < Narrow)
        {
            _narrow.FilterRow(reference, distorted, offset, width, maps, mapLength, mapOffset);
            return;
        }

        float* aa = Pointer(_products);
        float* bb = aa + _productLength;
        float* ab = bb + _productLength;
        fixed (float* a = &reference[offset], b = &distorted[offset], m = &maps[mapOffset])
        {
            int x = 0;
            for (; x <= width - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var va = Vector256.Load(a + x);
                var vb = Vector256.Load(b + x);
                (va * va).Store(aa + x);
                (vb * vb).Store(bb + x);
                (va * vb).Store(ab + x);
            }

            for (; x < width; x++)
            {
                aa[x] = a[x] * a[x];
                bb[x] = b[x] * b[x];
                ab[x] = a[x] * b[x];
            }

            int* taps = Pointer(Neighbours);
            Convolve(a, taps, m, outputs);
            Convolve(b, taps, m + mapLength, outputs);
            Convolve(aa, taps, m + 2 * mapLength, outputs);
            Convolve(bb, taps, m + 3 * mapLength, outputs);
            Convolve(ab, taps, m + 4 * mapLength, outputs);
        }
    }

    public void FilterColumns(float[] maps, int mapLength, ReadOnlySpan<int> rows, int width, float[] pooled, int pooledLength)
    {
        if (width < Narrow)
        {
            _narrow.FilterColumns(maps, mapLength, rows, width, pooled, pooledLength);
            return;
        }

        fixed (float* m = maps, p = pooled)
        fixed (int* taps = rows)
        {
            for (int map = 0; map < Maps; map++)
            {
                Convolve(m + map * mapLength, taps, p + map * pooledLength, width);
            }
        }
    }

    public void Pool(float[] pooled, int pooledLength, int width, SsimTerms terms, ref SsimSums sums)
    {
        if (width < Narrow)
        {
            _narrow.Pool(pooled, pooledLength, width, terms, ref sums);
            return;
        }

        fixed (float* p = pooled)
        {
            Pool(p, pooledLength, width, terms, ref sums);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> (at least eight) filtered values: output x sums the window's taps at
    /// <c>source + taps[v] + x</c>.
    /// </summary>
    private void Convolve(float* source, int* taps, float* target, int count)
    {
        int x = UsesAvx512
            ? ConvolveBlocks<Avx512Widening>(source, taps, target, count)
            : ConvolveBlocks<Avx2Widening>(source, taps, target, count);
        for (; x < count; x += Narrow)
        {
            // The last narrow block may overlap the one before; it rewrites the same values.
            int at = Math.Min(x, count - Narrow);
            Avx2Widening.Convolve8(source + at, taps, target + at);
        }
    }

    /// <summary>Filters whole blocks of <typeparamref name="T"/>; returns the first output not written.</summary>
    private static int ConvolveBlocks<T>(float* source, int* taps, float* target, int count)
        where T : struct, IWidening
    {
        int x = 0;
        for (; x <= count - T.Block; x += T.Block)
        {
            T.Convolve(source + x, taps, target + x);
        }

        return x;
    }

    /// <summary>Pools one row of filtered maps (means, second moments) into the sums.</summary>
    private static void Pool(float* pooled, int length, int width, SsimTerms terms, ref SsimSums sums)
    {
        bool luminance = (terms & (SsimTerms.Ssim | SsimTerms.Luminance)) != 0;
        var ssim = Vector256<double>.Zero;
        var l = Vector256<double>.Zero;
        var c = Vector256<double>.Zero;
        var s = Vector256<double>.Zero;
        var zero = Vector256<float>.Zero;
        var two = Vector256.Create(2.0);
        var c1 = Vector256.Create((double)SsimWindow.C1);
        var c2 = Vector256.Create((double)SsimWindow.C2);
        var c1f = Vector256.Create(SsimWindow.C1);
        var c2f = Vector256.Create(SsimWindow.C2);
        var c3f = Vector256.Create(SsimWindow.C3);
        for (int x = 0; x < width; x += Narrow)
        {
            var keepLower = Vector256<double>.AllBitsSet;
            var keepUpper = Vector256<double>.AllBitsSet;
            if (x > width - Narrow)
            {
                // The last block overlaps the one before: keep only the lanes not pooled yet.
                int start = width - Narrow;
                keepLower = Lanes(x - start, 0);
                keepUpper = Lanes(x - start, 4);
                x = start;
            }

            float* p = pooled + x;
            var muRef = Vector256.Load(p);
            var muDis = Vector256.Load(p + length);
            var refSq = Vector256.Load(p + 2 * length);
            var disSq = Vector256.Load(p + 3 * length);
            var refDis = Vector256.Load(p + 4 * length);

            // libvmaf's MAX(0.0, v) is vmaxps with zero first: zero only when v is below it.
            var muRefSq = muRef * muRef;
            var muDisSq = muDis * muDis;
            var sigmaRefSq = Avx.Max(zero, refSq - muRefSq);
            var sigmaDisSq = Avx.Max(zero, disSq - muDisSq);
            var sigmaBoth = refDis - muRef * muDis;
            var sigmaRefSigmaDis = Avx.Sqrt(sigmaRefSq * sigmaDisSq);
            var contrastDen = sigmaRefSq + sigmaDisSq + c2f;
            var flat = Vector256.LessThan(sigmaBoth, zero) & Vector256.LessThanOrEqual(sigmaRefSigmaDis, zero);
            var structure = (Vector256.AndNot(sigmaBoth, flat) + c3f) / (sigmaRefSigmaDis + c3f);

            var cLower = (two * Vector256.WidenLower(sigmaRefSigmaDis) + c2) / Vector256.WidenLower(contrastDen);
            var cUpper = (two * Vector256.WidenUpper(sigmaRefSigmaDis) + c2) / Vector256.WidenUpper(contrastDen);
            var sLower = Vector256.WidenLower(structure);
            var sUpper = Vector256.WidenUpper(structure);
            c += (cLower & keepLower) + (cUpper & keepUpper);
            s += (sLower & keepLower) + (sUpper & keepUpper);
            if (luminance)
            {
                var luminanceDen = muRefSq + muDisSq + c1f;
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

    /// <summary>All bits set in the four lanes from <paramref name="firstLane"/> whose index is at least <paramref name="from"/>.</summary>
    private static Vector256<double> Lanes(int from, int firstLane) =>
        Vector256.Create(
            firstLane >= from ? -1L : 0L,
            firstLane + 1 >= from ? -1L : 0L,
            firstLane + 2 >= from ? -1L : 0L,
            firstLane + 3 >= from ? -1L : 0L).AsDouble();

    private static T* Pointer<T>(T[] pinned)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    /// <summary>One block of the window's taps, widened to double at some register width.</summary>
    private interface IWidening
    {
        /// <summary>Outputs per block.</summary>
        static abstract int Block { get; }

        static abstract void Convolve(float* source, int* taps, float* target);
    }

    /// <summary>Sixteen outputs in four 256-bit double accumulators, each tap four single-precision products at a time.</summary>
    private readonly struct Avx2Widening : IWidening
    {
        public static int Block => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Convolve(float* source, int* taps, float* target)
        {
            var a0 = Vector256<double>.Zero;
            var a1 = Vector256<double>.Zero;
            var a2 = Vector256<double>.Zero;
            var a3 = Vector256<double>.Zero;
            float* k = Pointer(Weights);
            for (int v = 0; v < SsimWindow.Taps; v++)
            {
                var w = Vector128.Create(k[v]);
                float* s = source + taps[v];
                a0 += Avx.ConvertToVector256Double(Vector128.Load(s) * w);
                a1 += Avx.ConvertToVector256Double(Vector128.Load(s + 4) * w);
                a2 += Avx.ConvertToVector256Double(Vector128.Load(s + 8) * w);
                a3 += Avx.ConvertToVector256Double(Vector128.Load(s + 12) * w);
            }

            Vector256.Create(Avx.ConvertToVector128Single(a0), Avx.ConvertToVector128Single(a1)).Store(target);
            Vector256.Create(Avx.ConvertToVector128Single(a2), Avx.ConvertToVector128Single(a3)).Store(target + 8);
        }

        /// <summary>The narrow block that finishes a row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Convolve8(float* source, int* taps, float* target)
        {
            var a0 = Vector256<double>.Zero;
            var a1 = Vector256<double>.Zero;
            float* k = Pointer(Weights);
            for (int v = 0; v < SsimWindow.Taps; v++)
            {
                var w = Vector128.Create(k[v]);
                float* s = source + taps[v];
                a0 += Avx.ConvertToVector256Double(Vector128.Load(s) * w);
                a1 += Avx.ConvertToVector256Double(Vector128.Load(s + 4) * w);
            }

            Vector256.Create(Avx.ConvertToVector128Single(a0), Avx.ConvertToVector128Single(a1)).Store(target);
        }
    }

    /// <summary>Thirty-two outputs in four 512-bit double accumulators, each tap eight single-precision products at a time.</summary>
    private readonly struct Avx512Widening : IWidening
    {
        public static bool IsSupported => Avx512F.IsSupported;

        public static int Block => 32;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Convolve(float* source, int* taps, float* target)
        {
            var a0 = Vector512<double>.Zero;
            var a1 = Vector512<double>.Zero;
            var a2 = Vector512<double>.Zero;
            var a3 = Vector512<double>.Zero;
            float* k = Pointer(Weights);
            for (int v = 0; v < SsimWindow.Taps; v++)
            {
                var w = Vector256.Create(k[v]);
                float* s = source + taps[v];
                a0 += Avx512F.ConvertToVector512Double(Vector256.Load(s) * w);
                a1 += Avx512F.ConvertToVector512Double(Vector256.Load(s + 8) * w);
                a2 += Avx512F.ConvertToVector512Double(Vector256.Load(s + 16) * w);
                a3 += Avx512F.ConvertToVector512Double(Vector256.Load(s + 24) * w);
            }

            Avx512F.ConvertToVector256Single(a0).Store(target);
            Avx512F.ConvertToVector256Single(a1).Store(target + 8);
            Avx512F.ConvertToVector256Single(a2).Store(target + 16);
            Avx512F.ConvertToVector256Single(a3).Store(target + 24);
        }
    }
}
