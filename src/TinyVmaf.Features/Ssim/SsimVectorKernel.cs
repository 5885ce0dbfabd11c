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
            ? ConvolveBlocks<Avx512Widening, Vector512<double>>(source, taps, target, count)
            : ConvolveBlocks<Avx2Widening, Vector256<double>>(source, taps, target, count);
        for (; x < count; x += Narrow)
        {
            // The last narrow block may overlap the one before; it rewrites the same values.
            int at = Math.Min(x, count - Narrow);
            Avx2Widening.Convolve8(source + at, taps, target + at);
        }
    }

    /// <summary>Filters whole blocks of four <typeparamref name="T"/> vectors; returns the first output not written.</summary>
    private static int ConvolveBlocks<T, TSums>(float* source, int* taps, float* target, int count)
        where T : struct, IWidening<TSums>
    {
        int block = 4 * T.Lanes;
        int x = 0;
        for (; x <= count - block; x += block)
        {
            ConvolveBlock<T, TSums>(source + x, taps, target + x);
        }

        return x;
    }

    /// <summary>One block: four accumulators side by side, each output's taps in tap order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ConvolveBlock<T, TSums>(float* source, int* taps, float* target)
        where T : struct, IWidening<TSums>
    {
        var a0 = T.Zero;
        var a1 = T.Zero;
        var a2 = T.Zero;
        var a3 = T.Zero;
        float* k = Pointer(Weights);
        for (int v = 0; v < SsimWindow.Taps; v++)
        {
            // The weight goes by address so that the broadcast reads memory: from a register it would take a
            // shuffle-port slot from the widening, the bottleneck (measured: a few percent).
            float* w = k + v;
            float* s = source + taps[v];
            a0 = T.AddProduct(a0, s, w);
            a1 = T.AddProduct(a1, s + T.Lanes, w);
            a2 = T.AddProduct(a2, s + 2 * T.Lanes, w);
            a3 = T.AddProduct(a3, s + 3 * T.Lanes, w);
        }

        T.Store(a0, target);
        T.Store(a1, target + T.Lanes);
        T.Store(a2, target + 2 * T.Lanes);
        T.Store(a3, target + 3 * T.Lanes);
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

    /// <summary>A register width's arithmetic for <see cref="ConvolveBlock{T, TSums}"/>.</summary>
    /// <typeparam name="TSums">Double accumulators of <see cref="Lanes"/> outputs.</typeparam>
    private interface IWidening<TSums>
    {
        /// <summary>Outputs per accumulator.</summary>
        static abstract int Lanes { get; }

        static abstract TSums Zero { get; }

        /// <summary>The single-precision products of the samples at <paramref name="samples"/> and a tap's weight, widened and added.</summary>
        static abstract TSums AddProduct(TSums sums, float* samples, float* weight);

        /// <summary>Rounds the sums to single precision.</summary>
        static abstract void Store(TSums sums, float* target);
    }

    /// <summary>Four lanes' products a tap, widened into 256-bit double accumulators.</summary>
    private readonly struct Avx2Widening : IWidening<Vector256<double>>
    {
        public static int Lanes => 4;

        public static Vector256<double> Zero => Vector256<double>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AddProduct(Vector256<double> sums, float* samples, float* weight) =>
            sums + Avx.ConvertToVector256Double(Vector128.Load(samples) * Vector128.Create(*weight));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<double> sums, float* target) => Avx.ConvertToVector128Single(sums).Store(target);

        /// <summary>The narrow block that finishes a row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Convolve8(float* source, int* taps, float* target)
        {
            var a0 = Zero;
            var a1 = Zero;
            float* k = Pointer(Weights);
            for (int v = 0; v < SsimWindow.Taps; v++)
            {
                float* s = source + taps[v];
                a0 = AddProduct(a0, s, k + v);
                a1 = AddProduct(a1, s + Lanes, k + v);
            }

            Store(a0, target);
            Store(a1, target + Lanes);
        }
    }

    /// <summary>Eight lanes' products a tap, widened into 512-bit double accumulators.</summary>
    private readonly struct Avx512Widening : IWidening<Vector512<double>>
    {
        public static bool IsSupported => Avx512F.IsSupported;

        public static int Lanes => 8;

        public static Vector512<double> Zero => Vector512<double>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AddProduct(Vector512<double> sums, float* samples, float* weight) =>
            sums + Avx512F.ConvertToVector512Double(Vector256.Load(samples) * Vector256.Create(*weight));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<double> sums, float* target) => Avx512F.ConvertToVector256Single(sums).Store(target);
    }
}
