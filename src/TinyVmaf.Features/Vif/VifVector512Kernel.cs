using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// The AVX-512 kernel: <see cref="VifSimdKernel{TLanes, TShort, TInt}"/> on 512-bit vectors, 32 columns a
/// block, with per-pixel statistics that take their logarithms' shifts from <c>vplzcnt</c> and truncate the
/// numerators to 64-bit integers directly.
/// </summary>
internal sealed class VifVector512Kernel(int maxWidth) : VifSimdKernel<VifVector512Kernel.Lanes, Vector512<ushort>, Vector512<int>>(maxWidth)
{
    /// <summary>
    /// The narrowest picture this kernel takes: its first-scale blocks read a whole vector of each row, and only
    /// the coarser scales' buffers have slack to read past a narrower row.
    /// </summary>
    public const int MinimumWidth = 32;

    public static bool IsSupported => Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>The lane operations on 512-bit vectors (AVX-512 F, BW, CD, DQ).</summary>
    internal readonly unsafe struct Lanes : IVifLanes<Vector512<ushort>, Vector512<int>>
    {
        public static int Count => Vector512<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Load(ushort* source) => Vector512.Load(source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> LoadSamples<TSample>(TSample* source)
            where TSample : unmanaged =>
            typeof(TSample) == typeof(byte) ? Avx512BW.ConvertToVector512UInt16(Vector256.Load((byte*)source))
            : typeof(TSample) == typeof(ushort) ? Vector512.Load((ushort*)source)
            : throw new NotSupportedException($"samples of {typeof(TSample)}");

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<ushort> value, ushort* destination) => value.Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<int> value, uint* destination) => value.AsUInt32().Store(destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Create(ushort value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Pair(uint pattern) => Vector512.Create(pattern).AsUInt16();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Create(int value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Add(Vector512<ushort> a, Vector512<ushort> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> Xor(Vector512<ushort> a, Vector512<ushort> b) => a ^ b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> MultiplyLow(Vector512<ushort> a, Vector512<ushort> b) => Avx512BW.MultiplyLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> MultiplyHigh(Vector512<ushort> a, Vector512<ushort> b) => Avx512BW.MultiplyHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> UnpackLow(Vector512<ushort> a, Vector512<ushort> b) => Avx512BW.UnpackLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> UnpackHigh(Vector512<ushort> a, Vector512<ushort> b) => Avx512BW.UnpackHigh(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyAdd(Vector512<ushort> a, Vector512<ushort> b) => Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

        // .NET 10 has no 512-bit vpdpwssd on AVX-512 VNNI.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyAdd(Vector512<int> sum, Vector512<ushort> a, Vector512<ushort> b) => sum + Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> MultiplyLow(Vector512<int> a, Vector512<int> b) => Avx512F.MultiplyLow(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ShiftLeft(Vector512<int> value, int count) => Vector512.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> ShiftRightLogical(Vector512<int> value, int count) => Vector512.ShiftRightLogical(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<ushort> PackUnsignedSaturate(Vector512<int> low, Vector512<int> high) => Avx512BW.PackUnsignedSaturate(low, high);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreNarrow(Vector512<int> value, ushort* destination) =>
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
            var limit = Vector512.Create(gainLimit);
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
                    Vector512.Load(inMu1 + j), Vector512.Load(inMu2 + j), Vector512.Load(inXx + j), Vector512.Load(inYy + j), Vector512.Load(inXy + j),
                    (valid + 1) >> 1, limit, ref laneSums);
                int o = j + Count / 2;
                AddPixels(
                    Vector512.Load(inMu1 + o), Vector512.Load(inMu2 + o), Vector512.Load(inXx + o), Vector512.Load(inYy + o), Vector512.Load(inXy + o),
                    valid >> 1, limit, ref laneSums);
            }

            // AddTo takes its copy: handing it this one by reference would keep the sums in memory all along the row.
            LaneSums.AddTo(laneSums, ref sums);
        }

        /// <summary>
        /// (a * b + 2^31) >> 32 per 32-bit lane: libvmaf's rounded Q32 product of two means.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> MultiplyRoundHigh(Vector512<uint> a, Vector512<uint> b)
        {
            var round = Vector512.Create(0x80000000UL);
            var even = Avx512F.Multiply(a, b) + round;
            var odd = Avx512F.Multiply((a.AsUInt64() >> 32).AsUInt32(), (b.AsUInt64() >> 32).AsUInt32()) + round;
            return Vector512.ConditionalSelect(Vector512.Create(0xFFFF_FFFF_0000_0000UL).AsUInt32(), odd.AsUInt32(), (even >> 32).AsUInt32());
        }

        /// <summary>
        /// Adds the pixels of the first <paramref name="count"/> lanes, all lanes at once: libvmaf's per-pixel
        /// branches become lane masks, its double-precision gain arithmetic runs eight lanes wide in the same
        /// operations and order (no fused multiply-add), and its table logarithms are looked up per lane.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddPixels(
            Vector512<uint> mu1, Vector512<uint> mu2, Vector512<uint> xx, Vector512<uint> yy, Vector512<uint> xy,
            int count, Vector512<double> gainLimit, ref LaneSums sums)
        {
            var sigma1Sq = (xx - MultiplyRoundHigh(mu1, mu1)).AsInt32();
            var sigma2Sq = Vector512.Max((yy - MultiplyRoundHigh(mu2, mu2)).AsInt32(), Vector512<int>.Zero);
            var sigma12 = (xy - MultiplyRoundHigh(mu1, mu2)).AsInt32();

            var nsq = Vector512.Create(VifAccumulator.SigmaNsq);
            var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count));
            var informative = valid & Vector512.GreaterThanOrEqual(sigma1Sq, nsq);
            var flat = Vector512.AndNot(valid, informative);
            // A mask lane is -1: subtracting it counts.
            sums.DenNonLog -= flat;
            var flatSigma2Sq = sigma2Sq & flat;
            sums.NumNonLog += Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetLower()) + Avx512F.ConvertToVector512Int64(flatSigma2Sq.GetUpper());
            if (informative == Vector512<int>.Zero)
            {
                return;
            }

            // log2(sigma_n^2 + sigma1^2) of a 32-bit value: the table at its top 16 bits, plus the shift that leaves them.
            var den = sigma1Sq.AsUInt32() + nsq.AsUInt32();
            var denShift = Log2Shift(den);
            // Only the lanes in the branch keep their indices: the table is looked up once per pixel that counts.
            Avx512F.Compress(default, informative, Avx512F.ShiftRightLogicalVariable(den, denShift.AsUInt32()).AsInt32()).Store(sums.DenIndices + sums.DenCount);
            sums.DenCount += BitOperations.PopCount(informative.ExtractMostSignificantBits());
            sums.DenShift += denShift & informative;
            sums.Informative -= informative;
            var gained = informative & Vector512.GreaterThan(sigma12, Vector512<int>.Zero) & Vector512.GreaterThan(sigma2Sq, Vector512<int>.Zero);
            if (gained == Vector512<int>.Zero)
            {
                return;
            }

            var numerLower = Numerators(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), gainLimit, out var numer1Lower);
            var numerUpper = Numerators(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), gainLimit, out var numer1Upper);
            var numer1 = Vector512.Create(numer1Lower, numer1Upper).AsUInt32();
            var numer1Shift = Log2Shift(numer1);
            var numerShiftLower = Vector512.Create(48L) - Avx512CD.LeadingZeroCount(numerLower.AsInt64());
            var numerShiftUpper = Vector512.Create(48L) - Avx512CD.LeadingZeroCount(numerUpper.AsInt64());
            var numerIndex = Vector512.Create(
                Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightLogicalVariable(numerLower, numerShiftLower.AsUInt64())),
                Avx512F.ConvertToVector256Int32(Avx512F.ShiftRightLogicalVariable(numerUpper, numerShiftUpper.AsUInt64())));
            var numerShift = Vector512.Create(Avx512F.ConvertToVector256Int32(numerShiftLower), Avx512F.ConvertToVector256Int32(numerShiftUpper));
            Avx512F.Compress(default, gained, numerIndex).Store(sums.NumerIndices + sums.NumCount);
            Avx512F.Compress(default, gained, Avx512F.ShiftRightLogicalVariable(numer1, numer1Shift.AsUInt32()).AsInt32()).Store(sums.Numer1Indices + sums.NumCount);
            sums.NumCount += BitOperations.PopCount(gained.ExtractMostSignificantBits());
            sums.NumShift += (numerShift - numer1Shift) & gained;
        }

        /// <summary>
        /// Eight lanes of the gain: libvmaf's numerator g^2 sigma1^2 + sv^2 + sigma_n^2 (64-bit) and its noise term
        /// sv^2 + sigma_n^2 (32-bit), in double precision with truncation back to integers as libvmaf does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Numerators(
            Vector256<int> sigma1Sq, Vector256<int> sigma2Sq, Vector256<int> sigma12, Vector512<double> gainLimit, out Vector256<int> numer1)
        {
            var s1 = Avx512F.ConvertToVector512Double(sigma1Sq);
            var s12 = Avx512F.ConvertToVector512Double(sigma12);
            var g = s12 / (s1 + Vector512.Create(65536 * 1.0e-10));
            var svSq = Vector256.Max(Avx512F.ConvertToVector256Int32WithTruncation(Avx512F.ConvertToVector512Double(sigma2Sq) - g * s12), Vector256<int>.Zero);
            g = Avx512F.Min(g, gainLimit);
            numer1 = svSq + Vector256.Create(VifAccumulator.SigmaNsq);
            return Avx512DQ.ConvertToVector512Int64WithTruncation(g * g * s1).AsUInt64() + Avx512F.ConvertToVector512UInt64(numer1.AsUInt32());
        }

        /// <summary>
        /// The shift k of <see cref="VifLog2.Log2(uint)"/>: value >> k is the table index, 2048 k the exponent part.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<int> Log2Shift(Vector512<uint> value) =>
            Vector512.Create(16) - Avx512CD.LeadingZeroCount(value).AsInt32();

        /// <summary>
        /// The four sums of <see cref="VifAccumulator"/>, per lane, over one row, with the table indices of its
        /// logarithms; folded into the accumulator at the end of the row.
        /// </summary>
        private struct LaneSums
        {
            public Vector512<long> NumNonLog;
            public Vector512<int> DenNonLog;
            public Vector512<int> Informative;
            public Vector512<int> DenShift;
            public Vector512<int> NumShift;

            public int* DenIndices;
            public int* NumerIndices;
            public int* Numer1Indices;
            public int DenCount;
            public int NumCount;

            public static void AddTo(LaneSums lanes, ref VifAccumulator sums) => lanes.AddTo(ref sums);

            private readonly void AddTo(ref VifAccumulator sums)
            {
                // Indexing the table one lane at a time from a buffer beats a gather (measured on Zen 4, and with
                // AVX2 gathers on Zen 5).
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

                long informative = Vector512.Sum(Informative);
                sums.NumLog += VifLog2.One * (long)Vector512.Sum(NumShift) + numLog;
                // Each denominator term is log2(sigma_n^2 + sigma1^2) - log2(sigma_n^2); the second part goes here.
                sums.DenLog += VifLog2.One * (long)Vector512.Sum(DenShift) + denLog - VifAccumulator.Log2SigmaNsq * informative;
                sums.NumNonLog += Vector512.Sum(NumNonLog);
                sums.DenNonLog += Vector512.Sum(DenNonLog);
            }
        }
    }
}
