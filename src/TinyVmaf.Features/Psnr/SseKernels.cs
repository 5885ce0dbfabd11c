using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Psnr;

/// <summary>
/// The sum of squared errors of one row, the only hot loop of PSNR: a scalar reference and an AVX2 twin.
/// Both are exact integer sums, so they agree bit for bit whatever the order of the additions.
/// </summary>
internal static class SseKernels
{
    /// <summary>
    /// The vector kernel holds differences as 16-bit signed lanes, so it serves depths up to 15 bits;
    /// 16-bit planes take the scalar kernel.
    /// </summary>
    public const int MaxVectorBitDepth = 15;

    public static bool IsVectorized => Avx2.IsSupported;

    public static ulong SseScalar(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted)
    {
        distorted = distorted[..reference.Length];
        ulong sse = 0;
        for (int j = 0; j < reference.Length; j++)
        {
            // |e| ≤ 65535, so e² fits 32 unsigned bits even at 16 bits.
            uint e = (uint)Math.Abs(reference[j] - distorted[j]);
            sse += e * e;
        }

        return sse;
    }

    /// <summary>
    /// The AVX2 kernel for samples of at most <see cref="MaxVectorBitDepth"/> bits: <c>vpmaddwd</c> squares
    /// sixteen differences into eight 32-bit pair sums, which gather in 32-bit lanes for as many steps as
    /// cannot overflow at <paramref name="bitDepth"/>, then spill into 64-bit lanes.
    /// </summary>
    public static ulong SseVector(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int bitDepth)
    {
        int n = reference.Length;
        if (distorted.Length < n)
        {
            throw new ArgumentException("rows differ in length", nameof(distorted));
        }

        if (!Avx2.IsSupported || bitDepth > MaxVectorBitDepth || n < Vector256<ushort>.Count)
        {
            return SseScalar(reference, distorted);
        }

        ref ushort r = ref MemoryMarshal.GetReference(reference);
        ref ushort d = ref MemoryMarshal.GetReference(distorted);
        int stepsPerSpill = StepsPerSpill(bitDepth);
        var total = Vector256<ulong>.Zero;
        int j = 0;
        int end = n - Vector256<ushort>.Count;
        while (j <= end)
        {
            var lanes = Vector256<uint>.Zero;
            for (int step = 0; step < stepsPerSpill && j <= end; step++, j += Vector256<ushort>.Count)
            {
                // Both samples are below 2^15, so their difference wraps back to the right signed 16-bit value.
                var e = (Vector256.LoadUnsafe(ref r, (nuint)j) - Vector256.LoadUnsafe(ref d, (nuint)j)).AsInt16();
                lanes += Avx2.MultiplyAddAdjacent(e, e).AsUInt32();
            }

            var (lower, upper) = Vector256.Widen(lanes);
            total += lower + upper;
        }

        return Vector256.Sum(total) + SseScalar(reference[j..], distorted[j..]);
    }

    /// <summary>How many pair sums (each at most 2·(2^bpc − 1)²) a 32-bit lane takes before it could overflow.</summary>
    internal static int StepsPerSpill(int bitDepth)
    {
        ulong maxError = (1UL << bitDepth) - 1;
        ulong perStep = 2 * maxError * maxError;
        return (int)Math.Min(uint.MaxValue / perStep, int.MaxValue);
    }
}
