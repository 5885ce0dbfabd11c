using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// The AVX2 kernel: <see cref="VifSimdKernel{TLanes, TShort, TInt}"/> on 256-bit vectors, 16 columns a block.
/// Without <c>vplzcnt</c> or 64-bit truncation its per-pixel statistics take their logarithms from the
/// exponents of exact doubles.
/// </summary>
internal sealed class VifVectorKernel(int maxWidth) : VifSimdKernel<VifVectorKernel.Lanes, Vector256<ushort>, Vector256<int>>(maxWidth)
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The lane operations on 256-bit vectors (AVX2).</summary>
    internal readonly unsafe struct Lanes : IVifLanes<Vector256<ushort>, Vector256<int>>
    {
        public static int Count => Vector256<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> Load(ushort* source) => Vector256.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> LoadSamples<TSample>(TSample* source)
            where TSample : unmanaged =>
            typeof(TSample) == typeof(byte) ? Avx2.ConvertToVector256Int16((byte*)source).AsUInt16()
            : typeof(TSample) == typeof(ushort) ? Vector256.Load((ushort*)source)
            : throw new NotSupportedException($"samples of {typeof(TSample)}");

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<ushort> value, ushort* destination) => value.Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<int> value, uint* destination) => value.AsUInt32().Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> Create(ushort value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> Pair(uint pattern) => Vector256.Create(pattern).AsUInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Create(int value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> Add(Vector256<ushort> a, Vector256<ushort> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> Xor(Vector256<ushort> a, Vector256<ushort> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> MultiplyLow(Vector256<ushort> a, Vector256<ushort> b) => Avx2.MultiplyLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> MultiplyHigh(Vector256<ushort> a, Vector256<ushort> b) => Avx2.MultiplyHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> UnpackLow(Vector256<ushort> a, Vector256<ushort> b) => Avx2.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> UnpackHigh(Vector256<ushort> a, Vector256<ushort> b) => Avx2.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyAdd(Vector256<ushort> a, Vector256<ushort> b) => Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyAdd(Vector256<int> sum, Vector256<ushort> a, Vector256<ushort> b) =>
            AvxVnni.IsSupported ? AvxVnni.MultiplyWideningAndAdd(sum, a.AsInt16(), b.AsInt16()) : sum + Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> MultiplyLow(Vector256<int> a, Vector256<int> b) => Avx2.MultiplyLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ShiftLeft(Vector256<int> value, int count) => Vector256.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> ShiftRightLogical(Vector256<int> value, int count) => Vector256.ShiftRightLogical(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<ushort> PackUnsignedSaturate(Vector256<int> low, Vector256<int> high) => Avx2.PackUnsignedSaturate(low, high);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector256<int> value, ushort* destination) =>
            Narrowing.ToInt16(value).AsUInt16().Store(destination);

        /// <summary>
        /// Adds a row's pixels from its five filtered inputs , then looks up the
        /// table parts of their logarithms.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static void AddRow(uint* moments, int momentsLength, int width, double gainLimit, int* indices, int indicesLength, ref VifAccumulator sums)
        {
            uint* inMu1 = moments, inMu2 = inMu1 + momentsLength, inXx = inMu2 + momentsLength;
            uint* inYy = inXx + momentsLength, inXy = inYy + momentsLength;
            var limit = Vector256.Create(gainLimit);
            var laneSums = new LaneSums
            {
                DenIndices = indices,
                NumerIndices = indices + indicesLength,
                Numer1Indices = indices + 2 * indicesLength,
            };
            for (int j = 0; j < width; j += Count)
            {
                // Even columns of a block, then odd ones: a last partial block holds (valid + 1) / 2 and valid / 2.
                int valid = Math.Min(width - j, Count);
                AddPixels(
                    Vector256.Load(inMu1 + j), Vector256.Load(inMu2 + j), Vector256.Load(inXx + j), Vector256.Load(inYy + j), Vector256.Load(inXy + j),
                    (valid + 1) >> 1, limit, ref laneSums);
                int o = j + Count / 2;
                AddPixels(
                    Vector256.Load(inMu1 + o), Vector256.Load(inMu2 + o), Vector256.Load(inXx + o), Vector256.Load(inYy + o), Vector256.Load(inXy + o),
                    valid >> 1, limit, ref laneSums);
            }

            // AddTo takes its copy: handing it this one by reference would keep the sums in memory all along the row.
            LaneSums.AddTo(laneSums, ref sums);
        }

        /// <summary>
        /// (a * b + 2^31) >> 32 per 32-bit lane: libvmaf's rounded Q32 product of two means.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> MultiplyRoundHigh(Vector256<uint> a, Vector256<uint> b)
        {
            var round = Vector256.Create(0x80000000UL);
            var even = Avx2.Multiply(a, b) + round;
            var odd = Avx2.Multiply((a.AsUInt64() >> 32).AsUInt32(), (b.AsUInt64() >> 32).AsUInt32()) + round;
            return Avx2.Blend((even >> 32).AsUInt32(), odd.AsUInt32(), 0b1010_1010);
        }

        /// <summary>
        /// Adds the pixels of the first <paramref name="count"/> lanes, all lanes at once: libvmaf's per-pixel
        /// branches become lane masks, its double-precision gain arithmetic runs four lanes wide in the same
        /// operations and order (no fused multiply-add), and its table logarithms are looked up per lane.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddPixels(
            Vector256<uint> mu1, Vector256<uint> mu2, Vector256<uint> xx, Vector256<uint> yy, Vector256<uint> xy,
            int count, Vector256<double> gainLimit, ref LaneSums sums)
        {
            var sigma1Sq = (xx - MultiplyRoundHigh(mu1, mu1)).AsInt32();
            var sigma2Sq = Vector256.Max((yy - MultiplyRoundHigh(mu2, mu2)).AsInt32(), Vector256<int>.Zero);
            var sigma12 = (xy - MultiplyRoundHigh(mu1, mu2)).AsInt32();

            var nsq = Vector256.Create(VifAccumulator.SigmaNsq);
            var valid = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count));
            var informative = valid & Vector256.GreaterThanOrEqual(sigma1Sq, nsq);
            var flat = Vector256.AndNot(valid, informative);
            sums.DenNonLog += BitOperations.PopCount(flat.ExtractMostSignificantBits());
            var flatSigma2Sq = sigma2Sq & flat;
            sums.NumNonLog += Avx2.ConvertToVector256Int64(flatSigma2Sq.GetLower()) + Avx2.ConvertToVector256Int64(flatSigma2Sq.GetUpper());
            if (informative == Vector256<int>.Zero)
            {
                return;
            }

            sums.Informative += BitOperations.PopCount(informative.ExtractMostSignificantBits());
            var gained = informative & Vector256.GreaterThan(sigma12, Vector256<int>.Zero) & Vector256.GreaterThan(sigma2Sq, Vector256<int>.Zero);
            AddInformative(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), informative.GetLower(), gained.GetLower(), gainLimit, ref sums);
            AddInformative(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), informative.GetUpper(), gained.GetUpper(), gainLimit, ref sums);
        }

        /// <summary>
        /// Four lanes of the log branch: the denominator term, and the numerator term where the gain counts. The
        /// exponent parts of the logarithms are summed here; the table parts are left as indices for
        /// <see cref="LaneSums.AddTo"/>, index 0 (a zero entry) standing for a lane outside the branch.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddInformative(
            Vector128<int> sigma1Sq, Vector128<int> sigma2Sq, Vector128<int> sigma12, Vector128<int> informative, Vector128<int> gained,
            Vector256<double> gainLimit, ref LaneSums sums)
        {
            var nsq = Vector128.Create(VifAccumulator.SigmaNsq);
            var index = Log2(Avx.ConvertToVector256Double(sigma1Sq + nsq), out var exponent);
            (index & informative).Store(sums.DenIndices + sums.DenCount);
            sums.DenCount += 4;
            sums.DenLog += exponent & Avx2.ConvertToVector256Int64(informative);
            if (gained == Vector128<int>.Zero)
            {
                return;
            }

            var s1 = Avx.ConvertToVector256Double(sigma1Sq);
            var s12 = Avx.ConvertToVector256Double(sigma12);
            var g = s12 / (s1 + Vector256.Create(65536 * 1.0e-10));
            var svSq = Vector128.Max(Avx.ConvertToVector128Int32WithTruncation(Avx.ConvertToVector256Double(sigma2Sq) - g * s12), Vector128<int>.Zero);
            g = Avx.Min(g, gainLimit);
            var numer1 = Avx.ConvertToVector256Double(svSq + nsq);
            var numer = Avx.RoundToZero(g * g * s1) + numer1;
            var numerIndex = Log2(numer, out var numerExponent);
            var numer1Index = Log2(numer1, out var numer1Exponent);
            (numerIndex & gained).Store(sums.NumerIndices + sums.NumCount);
            (numer1Index & gained).Store(sums.Numer1Indices + sums.NumCount);
            sums.NumCount += 4;
            sums.NumLog += (numerExponent - numer1Exponent) & Avx2.ConvertToVector256Int64(gained);
        }

        /// <summary>
        /// <see cref="VifLog2.Log2(ulong)"/> of four integer-valued doubles (exact, at least 2^15), in two parts:
        /// the table index (the top 16 bits) and 2048 times the shift k that leaves them. The exponent gives k,
        /// a multiply by 2^-k the index.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<int> Log2(Vector256<double> value, out Vector256<long> exponentPart)
        {
            const long exponentMask = 0x7FF0000000000000;
            const int biasedExponentOf2To15 = 1023 + 15;
            var bits = value.AsInt64();
            exponentPart = Vector256.ShiftLeft(Vector256.ShiftRightLogical(bits, 52) - Vector256.Create((long)biasedExponentOf2To15), 11);
            // A biased exponent of (2 * 1023 + 15) - E is 2^(15 - e): scaling by it maps value into [2^15, 2^16).
            var scale = (Vector256.Create((long)(2 * 1023 + 15) << 52) - (bits & Vector256.Create(exponentMask))).AsDouble();
            return Avx.ConvertToVector128Int32WithTruncation(value * scale);
        }

        /// <summary>
        /// The four sums of <see cref="VifAccumulator"/>, per lane, over one row, with the table indices of its
        /// logarithms; folded into the accumulator at the end of the row.
        /// </summary>
        private struct LaneSums
        {
            public Vector256<long> NumLog;
            public Vector256<long> DenLog;
            public Vector256<long> NumNonLog;
            public long DenNonLog;
            public long Informative;
            public int* DenIndices;
            public int* NumerIndices;
            public int* Numer1Indices;
            public int DenCount;
            public int NumCount;

            public static void AddTo(LaneSums lanes, ref VifAccumulator sums) => lanes.AddTo(ref sums);

            private readonly void AddTo(ref VifAccumulator sums)
            {
                // Indexing the table one lane at a time from a buffer beats a gather (measured on Zen 4).
                ushort* table = VifLog2.TablePointer;
                long denLog = 0, numLog = 0;
                for (int i = 0; i < DenCount; i++)
                {
                    denLog += table[DenIndices[i]];
                }

                for (int i = 0; i < NumCount; i++)
                {
                    numLog += table[NumerIndices[i]] - table[Numer1Indices[i]];
                }

                sums.NumLog += Vector256.Sum(NumLog) + numLog;
                // Each denominator term is log2(sigma_n^2 + sigma1^2) - log2(sigma_n^2); the second part goes here.
                sums.DenLog += Vector256.Sum(DenLog) + denLog - VifAccumulator.Log2SigmaNsq * Informative;
                sums.NumNonLog += Vector256.Sum(NumNonLog);
                sums.DenNonLog += DenNonLog;
            }
        }
    }
}
