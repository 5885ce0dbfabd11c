using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Video;
using V = System.Runtime.Intrinsics.Vector256<int>;
using VF = System.Runtime.Intrinsics.Vector256<float>;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The AVX2 kernel in 32-bit lanes, for every depth up to 12 bits (<see cref="PsnrHvsNarrowKernel"/> is faster
/// up to 10). A block is eight row vectors of eight lanes: the column DCT runs on all eight columns at once, a
/// transpose turns the block, and the row DCT runs the same way, so the coefficients end column-major (vector
/// j holds horizontal frequency j of every vertical frequency). The DCT equals the scalar one bit for bit.
/// </summary>
/// <remarks>
/// Numeric contract (both vector kernels): the DCT is exact; each error term is libvmaf's given the block's
/// masking level; the plane total is exactly libvmaf's serial float sum of the terms
/// (<see cref="PsnrHvsFloatStage.Accumulate"/>). Only the block statistics that set the masking level, the
/// variances and the masking energy, are summed in another order than libvmaf's and differ from its by a few
/// units in the last place, which moves a plane's score by about 1e-6 dB.
/// </remarks>
internal sealed class PsnrHvsWideKernel : IPsnrHvsKernel
{
    public static bool IsSupported => Avx2.IsSupported;

    public float MaskedErrorSum(Plane reference, Plane distorted, PsnrHvsWeights weights)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the psnr_hvs vector kernel needs AVX2");
        }

        return PsnrHvsKernels.VectorMaskedErrorSum<Blocks>(reference, distorted, weights);
    }

    /// <summary>One block after the other, each in eight row vectors.</summary>
    private readonly struct Blocks : IPsnrHvsVectorBlock
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Terms(
            ref ushort r, nuint referenceStride, ref ushort d, nuint distortedStride, ref PsnrHvsFloatStage stage, scoped Span<float> terms)
        {
            Coefficients(ref r, referenceStride,
                out var s0, out var s1, out var s2, out var s3, out var s4, out var s5, out var s6, out var s7, out float referenceTexture);
            Coefficients(ref d, distortedStride,
                out var d0, out var d1, out var d2, out var d3, out var d4, out var d5, out var d6, out var d7, out float distortedTexture);
            var e0 = stage.Column(0, Avx.ConvertToVector256Single(s0), Avx.ConvertToVector256Single(d0));
            var e1 = stage.Column(1, Avx.ConvertToVector256Single(s1), Avx.ConvertToVector256Single(d1));
            var e2 = stage.Column(2, Avx.ConvertToVector256Single(s2), Avx.ConvertToVector256Single(d2));
            var e3 = stage.Column(3, Avx.ConvertToVector256Single(s3), Avx.ConvertToVector256Single(d3));
            var e4 = stage.Column(4, Avx.ConvertToVector256Single(s4), Avx.ConvertToVector256Single(d4));
            var e5 = stage.Column(5, Avx.ConvertToVector256Single(s5), Avx.ConvertToVector256Single(d5));
            var e6 = stage.Column(6, Avx.ConvertToVector256Single(s6), Avx.ConvertToVector256Single(d6));
            var e7 = stage.Column(7, Avx.ConvertToVector256Single(s7), Avx.ConvertToVector256Single(d7));
            stage.Terms(referenceTexture, distortedTexture, e0, e1, e2, e3, e4, e5, e6, e7, terms);
        }
    }

    /// <summary>
    /// Loads one 8x8 block, measures its texture, and transforms it; the coefficients come out column-major
    /// (<c>c{j}</c> lane i = vertical frequency i, horizontal frequency j).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Coefficients(
        ref ushort origin, nuint stride,
        out V c0, out V c1, out V c2, out V c3, out V c4, out V c5, out V c6, out V c7, out float texture)
    {
        c0 = LoadRow(ref origin, 0);
        c1 = LoadRow(ref origin, stride);
        c2 = LoadRow(ref origin, 2 * stride);
        c3 = LoadRow(ref origin, 3 * stride);
        c4 = LoadRow(ref origin, 4 * stride);
        c5 = LoadRow(ref origin, 5 * stride);
        c6 = LoadRow(ref origin, 6 * stride);
        c7 = LoadRow(ref origin, 7 * stride);
        texture = Texture(c0, c1, c2, c3, c4, c5, c6, c7);

        // Down the columns (lanes are columns), turn, then along the rows.
        Dct8(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
        Transpose(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
        Dct8(ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V LoadRow(ref ushort origin, nuint offset) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref origin, offset));

    /// <summary>
    /// The texture measure of <see cref="PsnrHvsScalarKernel"/>: block and quadrant means exactly (integer sums
    /// over a power of two), the squared deviations summed across lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Texture(V r0, V r1, V r2, V r3, V r4, V r5, V r6, V r7)
    {
        var top = r0 + r1 + r2 + r3;
        var bottom = r4 + r5 + r6 + r7;

        // Two horizontal adds leave the quadrant sums in lanes 0 (top left), 1 (bottom left), 4 (top right)
        // and 5 (bottom right).
        var quadrantSums = Avx2.HorizontalAdd(top, bottom);
        quadrantSums = Avx2.HorizontalAdd(quadrantSums, quadrantSums);
        var halves = quadrantSums.GetLower() + quadrantSums.GetUpper();
        float mean = (halves.ToScalar() + halves.GetElement(1)) / 64f;
        var quadrantMeans = Avx.ConvertToVector256Single(quadrantSums) / Vector256.Create(16f);
        var topMeans = Avx2.PermuteVar8x32(quadrantMeans, Vector256.Create(0, 0, 0, 0, 4, 4, 4, 4));
        var bottomMeans = Avx2.PermuteVar8x32(quadrantMeans, Vector256.Create(1, 1, 1, 1, 5, 5, 5, 5));
        var blockMean = Vector256.Create(mean);

        var blockSquares = VF.Zero;
        var topSquares = VF.Zero;
        var bottomSquares = VF.Zero;
        Squares(r0, blockMean, topMeans, ref blockSquares, ref topSquares);
        Squares(r1, blockMean, topMeans, ref blockSquares, ref topSquares);
        Squares(r2, blockMean, topMeans, ref blockSquares, ref topSquares);
        Squares(r3, blockMean, topMeans, ref blockSquares, ref topSquares);
        Squares(r4, blockMean, bottomMeans, ref blockSquares, ref bottomSquares);
        Squares(r5, blockMean, bottomMeans, ref blockSquares, ref bottomSquares);
        Squares(r6, blockMean, bottomMeans, ref blockSquares, ref bottomSquares);
        Squares(r7, blockMean, bottomMeans, ref blockSquares, ref bottomSquares);

        float variance = Vector256.Sum(blockSquares) * PsnrHvsScalarKernel.BlockVarianceScale;
        if (!(variance > 0))
        {
            return variance;
        }

        var quadrantSquares = Avx.HorizontalAdd(topSquares, bottomSquares);
        quadrantSquares = Avx.HorizontalAdd(quadrantSquares, quadrantSquares) * Vector256.Create(PsnrHvsScalarKernel.QuadrantVarianceScale);
        float quadrants = quadrantSquares.ToScalar() + quadrantSquares.GetElement(1) + quadrantSquares.GetElement(4) + quadrantSquares.GetElement(5);
        return quadrants / variance;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Squares(V row, VF blockMean, VF quadrantMeans, ref VF blockSquares, ref VF quadrantSquares)
    {
        var samples = Avx.ConvertToVector256Single(row);
        var fromBlock = samples - blockMean;
        var fromQuadrant = samples - quadrantMeans;
        blockSquares += fromBlock * fromBlock;
        quadrantSquares += fromQuadrant * fromQuadrant;
    }

    /// <summary><see cref="OdDct.Forward8{T, TLanes}"/> on eight lanes at once, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Dct8(ref V x0, ref V x1, ref V x2, ref V x3, ref V x4, ref V x5, ref V x6, ref V x7) =>
        OdDct.Forward8<V, Lanes>(ref x0, ref x1, ref x2, ref x3, ref x4, ref x5, ref x6, ref x7);

    /// <summary>Transposes the 8x8 block held as eight rows in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose(ref V r0, ref V r1, ref V r2, ref V r3, ref V r4, ref V r5, ref V r6, ref V r7)
    {
        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged.
        var a0 = Avx2.UnpackLow(r0, r1);
        var a1 = Avx2.UnpackHigh(r0, r1);
        var a2 = Avx2.UnpackLow(r2, r3);
        var a3 = Avx2.UnpackHigh(r2, r3);
        var a4 = Avx2.UnpackLow(r4, r5);
        var a5 = Avx2.UnpackHigh(r4, r5);
        var a6 = Avx2.UnpackLow(r6, r7);
        var a7 = Avx2.UnpackHigh(r6, r7);
        var b0 = Avx2.UnpackLow(a0.AsInt64(), a2.AsInt64()).AsInt32();
        var b1 = Avx2.UnpackHigh(a0.AsInt64(), a2.AsInt64()).AsInt32();
        var b2 = Avx2.UnpackLow(a1.AsInt64(), a3.AsInt64()).AsInt32();
        var b3 = Avx2.UnpackHigh(a1.AsInt64(), a3.AsInt64()).AsInt32();
        var b4 = Avx2.UnpackLow(a4.AsInt64(), a6.AsInt64()).AsInt32();
        var b5 = Avx2.UnpackHigh(a4.AsInt64(), a6.AsInt64()).AsInt32();
        var b6 = Avx2.UnpackLow(a5.AsInt64(), a7.AsInt64()).AsInt32();
        var b7 = Avx2.UnpackHigh(a5.AsInt64(), a7.AsInt64()).AsInt32();
        r0 = Avx2.Permute2x128(b0, b4, 0x20);
        r1 = Avx2.Permute2x128(b1, b5, 0x20);
        r2 = Avx2.Permute2x128(b2, b6, 0x20);
        r3 = Avx2.Permute2x128(b3, b7, 0x20);
        r4 = Avx2.Permute2x128(b0, b4, 0x31);
        r5 = Avx2.Permute2x128(b1, b5, 0x31);
        r6 = Avx2.Permute2x128(b2, b6, 0x31);
        r7 = Avx2.Permute2x128(b3, b7, 0x31);
    }

    /// <summary>The DCT's arithmetic in 32-bit lanes, libvmaf's integers.</summary>
    private readonly struct Lanes : IOdDctLanes<V>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Add(V a, V b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Subtract(V a, V b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V HalfTowardZero(V a) => (a + Vector256.ShiftRightLogical(a, 31)) >> 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static V Rotate(V a, [ConstantExpected] int c, [ConstantExpected] byte shift) =>
            ((a * Vector256.Create(c)) + Vector256.Create(1 << (shift - 1))) >> shift;
    }
}
