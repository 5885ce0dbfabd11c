using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Video;
using V = System.Runtime.Intrinsics.Vector256<short>;
using VF = System.Runtime.Intrinsics.Vector256<float>;
using VI = System.Runtime.Intrinsics.Vector256<int>;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The AVX2 kernel for samples of at most <see cref="MaxBitDepth"/> bits, in 16-bit lanes: one vector holds a
/// row of the reference block in its lower half and the same row of the distorted block in its upper half,
/// so every DCT step and every transpose serves both pictures at once. The DCT's fixed-point rotations,
/// (a·c + 2^(s−1)) &gt;&gt; s, are <c>vpmulhrsw</c> with c scaled to 15 fractional bits: the same integer,
/// bit for bit.
/// </summary>
/// <remarks>
/// 16-bit lanes hold every value the DCT forms up to 10 bits per sample: bounding each intermediate as an
/// affine form of the 64 samples plus its roundings, none exceeds about 8.2k in magnitude at 10 bits (33k at
/// 12), as the test <c>Dct_intermediates_fit_sixteen_bits_up_to_ten_bits</c> shows. The reference and
/// distorted coefficients are only subtracted after widening to float, where their difference is exact.
/// Block statistics come exactly from integer sums of samples and squares (see <see cref="Texture"/>); the
/// float stage and the total are <see cref="PsnrHvsFloatStage"/>'s.
/// </remarks>
internal sealed class PsnrHvsNarrowKernel : IPsnrHvsKernel
{
    public const int MaxBitDepth = 10;

    public static bool IsSupported => Avx2.IsSupported;

    public float MaskedErrorSum(Plane reference, Plane distorted, PsnrHvsWeights weights)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the psnr_hvs vector kernels need AVX2");
        }

        return PsnrHvsKernels.VectorMaskedErrorSum<Blocks>(reference, distorted, weights);
    }

    /// <summary>Both blocks at once, one in each half of every row vector.</summary>
    private readonly struct Blocks : IPsnrHvsVectorBlock
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Terms(
            ref ushort r, nuint referenceStride, ref ushort d, nuint distortedStride, ref PsnrHvsFloatStage stage, scoped Span<float> terms)
        {
            var c0 = LoadRow(ref r, ref d);
            var c1 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c2 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c3 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c4 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c5 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c6 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            var c7 = LoadRow(ref r = ref Unsafe.Add(ref r, referenceStride), ref d = ref Unsafe.Add(ref d, distortedStride));
            Texture(c0, c1, c2, c3, c4, c5, c6, c7, out float referenceTexture, out float distortedTexture);

            // Down the columns (lanes are columns), turn both blocks, then along the rows.
            Dct8(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
            Transpose(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
            Dct8(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);

            var e0 = Column(ref stage, 0, c0);
            var e1 = Column(ref stage, 1, c1);
            var e2 = Column(ref stage, 2, c2);
            var e3 = Column(ref stage, 3, c3);
            var e4 = Column(ref stage, 4, c4);
            var e5 = Column(ref stage, 5, c5);
            var e6 = Column(ref stage, 6, c6);
            var e7 = Column(ref stage, 7, c7);
            stage.Terms(referenceTexture, distortedTexture, e0, e1, e2, e3, e4, e5, e6, e7, terms);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V LoadRow(ref ushort reference, ref ushort distorted) =>
        Vector256.Create(Vector128.LoadUnsafe(ref reference), Vector128.LoadUnsafe(ref distorted)).AsInt16();

    /// <summary>Hands coefficient column <paramref name="j"/> of both blocks to the float stage, widened to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VF Column(ref PsnrHvsFloatStage stage, int j, V coefficients)
    {
        var (reference, distorted) = Vector256.Widen(coefficients);
        return stage.Column(j, Avx.ConvertToVector256Single(reference), Avx.ConvertToVector256Single(distorted));
    }

    /// <summary>
    /// The texture measure of <see cref="PsnrHvsScalarKernel"/> for both blocks, from exact integer sums: a sum
    /// of squared deviations is (n·Σx² − (Σx)²)/n, formed exactly and rounded once, where libvmaf sums
    /// rounded squares.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Texture(V r0, V r1, V r2, V r3, V r4, V r5, V r6, V r7, out float referenceTexture, out float distortedTexture)
    {
        var ones = Vector256.Create((short)1);

        // Per half, after the pair sums and one horizontal add: lanes [top left, top right, bottom left, bottom right].
        var sums = Avx2.HorizontalAdd(
            Avx2.MultiplyAddAdjacent(r0 + r1 + r2 + r3, ones),
            Avx2.MultiplyAddAdjacent(r4 + r5 + r6 + r7, ones));
        var squares = Avx2.HorizontalAdd(
            Avx2.MultiplyAddAdjacent(r0, r0) + Avx2.MultiplyAddAdjacent(r1, r1) + Avx2.MultiplyAddAdjacent(r2, r2) + Avx2.MultiplyAddAdjacent(r3, r3),
            Avx2.MultiplyAddAdjacent(r4, r4) + Avx2.MultiplyAddAdjacent(r5, r5) + Avx2.MultiplyAddAdjacent(r6, r6) + Avx2.MultiplyAddAdjacent(r7, r7));

        // 16·Σx² − (Σx)² over a quadrant: at 10 bits at most 16·16·1023², inside 32 bits.
        var quadrantVariances = Avx.ConvertToVector256Single((squares << 4) - (sums * sums))
            * Vector256.Create(PsnrHvsScalarKernel.QuadrantVarianceScale / 16f);
        quadrantVariances = Avx.HorizontalAdd(quadrantVariances, quadrantVariances);
        quadrantVariances = Avx.HorizontalAdd(quadrantVariances, quadrantVariances);

        // The whole block's Σx and Σx² land in lanes 0 and 1 of each half; (Σx)² needs more than 32 bits.
        var totals = Avx2.HorizontalAdd(sums, squares);
        totals = Avx2.HorizontalAdd(totals, totals);
        referenceTexture = Ratio(quadrantVariances.ToScalar(), totals.ToScalar(), totals.GetElement(1));
        distortedTexture = Ratio(quadrantVariances.GetElement(4), totals.GetElement(4), totals.GetElement(5));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Ratio(float quadrantVariances, int sum, int squares)
    {
        float variance = (float)(((64.0 * squares) - ((double)sum * sum)) / 64.0) * PsnrHvsScalarKernel.BlockVarianceScale;
        return variance > 0 ? quadrantVariances / variance : variance;
    }

    /// <summary><see cref="OdDct.Forward8{T, TLanes}"/> on sixteen 16-bit lanes at once, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Dct8(ref V x0, ref V x1, ref V x2, ref V x3, ref V x4, ref V x5, ref V x6, ref V x7) =>
        OdDct.Forward8<V, Lanes>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7);

    /// <summary>Transposes the two 8x8 blocks, one per 128-bit half, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose(ref V r0, ref V r1, ref V r2, ref V r3, ref V r4, ref V r5, ref V r6, ref V r7)
    {
        // Interleaving 16-, 32- then 64-bit pieces never crosses the halves, so both blocks turn together.
        var a0 = Avx2.UnpackLow(r0, r1);
        var a1 = Avx2.UnpackHigh(r0, r1);
        var a2 = Avx2.UnpackLow(r2, r3);
        var a3 = Avx2.UnpackHigh(r2, r3);
        var a4 = Avx2.UnpackLow(r4, r5);
        var a5 = Avx2.UnpackHigh(r4, r5);
        var a6 = Avx2.UnpackLow(r6, r7);
        var a7 = Avx2.UnpackHigh(r6, r7);
        var b0 = Avx2.UnpackLow(a0.AsInt32(), a2.AsInt32());
        var b1 = Avx2.UnpackHigh(a0.AsInt32(), a2.AsInt32());
        var b2 = Avx2.UnpackLow(a1.AsInt32(), a3.AsInt32());
        var b3 = Avx2.UnpackHigh(a1.AsInt32(), a3.AsInt32());
        var b4 = Avx2.UnpackLow(a4.AsInt32(), a6.AsInt32());
        var b5 = Avx2.UnpackHigh(a4.AsInt32(), a6.AsInt32());
        var b6 = Avx2.UnpackLow(a5.AsInt32(), a7.AsInt32());
        var b7 = Avx2.UnpackHigh(a5.AsInt32(), a7.AsInt32());
        r0 = Avx2.UnpackLow(b0.AsInt64(), b4.AsInt64()).AsInt16();
        r1 = Avx2.UnpackHigh(b0.AsInt64(), b4.AsInt64()).AsInt16();
        r2 = Avx2.UnpackLow(b1.AsInt64(), b5.AsInt64()).AsInt16();
        r3 = Avx2.UnpackHigh(b1.AsInt64(), b5.AsInt64()).AsInt16();
        r4 = Avx2.UnpackLow(b2.AsInt64(), b6.AsInt64()).AsInt16();
        r5 = Avx2.UnpackHigh(b2.AsInt64(), b6.AsInt64()).AsInt16();
        r6 = Avx2.UnpackLow(b3.AsInt64(), b7.AsInt64()).AsInt16();
        r7 = Avx2.UnpackHigh(b3.AsInt64(), b7.AsInt64()).AsInt16();
    }

    /// <summary>The DCT's arithmetic in 16-bit lanes (see the remarks on the class for why they never overflow).</summary>
    private readonly struct Lanes : IOdDctLanes<V>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Add(V a, V b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Subtract(V a, V b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V HalfTowardZero(V a) => (a + Vector256.ShiftRightLogical(a, 15)) >> 1;

        /// <summary>
        /// (a·c + 2^(shift−1)) &gt;&gt; shift as <c>vpmulhrsw</c>, which forms (a·b + 2^14) &gt;&gt; 15 in 32 bits: with
        /// b = c·2^(15−shift) that is the same quotient. Every constant scaled so stays below 2^15.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Rotate(V a, [ConstantExpected] int c, [ConstantExpected] byte shift) =>
            Avx2.MultiplyHighRoundScale(a, Vector256.Create((short)(c << (15 - shift))));
    }
}
