using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Motion;

/// <summary>
/// The two hot loops of integer motion: libvmaf's 5-tap fixed-point blur, applied to one row, and the sum of
/// absolute differences of two blurred rows. Each has a scalar reference and a <see cref="Vector256"/> twin
/// that must agree with it bit for bit (all of it is integer arithmetic, so the order of the sums is free).
/// </summary>
internal static class MotionKernels
{
    /// <summary>libvmaf's 5-tap filter, a Gaussian in Q16: the taps sum to 65536.</summary>
    public const uint Tap0 = 3571, Tap1 = 16004, Tap2 = 26386;

    /// <summary>The taps in order; the filter is symmetric, which the kernels use to save two multiplies.</summary>
    public static ReadOnlySpan<ushort> Filter => [3571, 16004, 26386, 16004, 3571];

    /// <summary>The shift of libvmaf's horizontal pass: the Q16 filter's own scale.</summary>
    public const int HorizontalShift = 16;

    public static bool IsVectorized => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// <c>dst[j] = (Σ filter[k]·sk[j] + 2^(shift-1)) &gt;&gt; shift</c>, in 32-bit unsigned arithmetic as libvmaf does.
    /// The five inputs are five rows (vertical pass) or one padded row at five offsets (horizontal pass).
    /// No sum overflows: 16-bit samples times a Q16 filter stay below 2^32 even with the rounding term.
    /// </summary>
    public static void Convolve5Scalar(
        ReadOnlySpan<ushort> s0, ReadOnlySpan<ushort> s1, ReadOnlySpan<ushort> s2, ReadOnlySpan<ushort> s3, ReadOnlySpan<ushort> s4,
        Span<ushort> dst, int shift)
    {
        int n = dst.Length;
        s0 = s0[..n];
        s1 = s1[..n];
        s2 = s2[..n];
        s3 = s3[..n];
        s4 = s4[..n];
        uint round = 1u << (shift - 1);
        for (int j = 0; j < n; j++)
        {
            uint accum = Tap0 * ((uint)s0[j] + s4[j]) + Tap1 * ((uint)s1[j] + s3[j]) + Tap2 * s2[j];
            dst[j] = (ushort)((accum + round) >> shift);
        }
    }

    /// <inheritdoc cref="Convolve5Scalar"/>
    public static void Convolve5Vector(
        ReadOnlySpan<ushort> s0, ReadOnlySpan<ushort> s1, ReadOnlySpan<ushort> s2, ReadOnlySpan<ushort> s3, ReadOnlySpan<ushort> s4,
        Span<ushort> dst, int shift)
    {
        int n = dst.Length;
        if (s0.Length < n || s1.Length < n || s2.Length < n || s3.Length < n || s4.Length < n)
        {
            throw new ArgumentException("every input row must be at least as long as the output row");
        }

        int j = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<ushort>.Count)
        {
            ref ushort r0 = ref MemoryMarshal.GetReference(s0);
            ref ushort r1 = ref MemoryMarshal.GetReference(s1);
            ref ushort r2 = ref MemoryMarshal.GetReference(s2);
            ref ushort r3 = ref MemoryMarshal.GetReference(s3);
            ref ushort r4 = ref MemoryMarshal.GetReference(s4);
            ref ushort d = ref MemoryMarshal.GetReference(dst);
            var tap0 = Vector256.Create(Tap0);
            var tap1 = Vector256.Create(Tap1);
            var tap2 = Vector256.Create(Tap2);
            var round = Vector256.Create(1u << (shift - 1));
            int last = n - Vector256<ushort>.Count;
            for (; j <= last; j += Vector256<ushort>.Count)
            {
                Convolve(ref r0, ref r1, ref r2, ref r3, ref r4, (nuint)j, tap0, tap1, tap2, round, shift).StoreUnsafe(ref d, (nuint)j);
            }

            // The tail re-does a few samples of the last full vector rather than falling back to a scalar loop;
            // inputs and output never alias, so computing a sample twice writes the same value twice.
            if (j < n)
            {
                Convolve(ref r0, ref r1, ref r2, ref r3, ref r4, (nuint)last, tap0, tap1, tap2, round, shift).StoreUnsafe(ref d, (nuint)last);
            }

            return;
        }

        Convolve5Scalar(s0, s1, s2, s3, s4, dst, shift);
    }

    /// <summary>Σ |a[j] − b[j]| over a row, in the 32-bit sum libvmaf keeps per row (wrapping alike if it ever overflowed).</summary>
    public static uint SadScalar(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        b = b[..a.Length];
        uint sad = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sad += (uint)Math.Abs(a[j] - b[j]);
        }

        return sad;
    }

    /// <inheritdoc cref="SadScalar"/>
    public static uint SadVector(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        int n = a.Length;
        if (b.Length < n)
        {
            throw new ArgumentException("rows differ in length", nameof(b));
        }

        int j = 0;
        uint sad = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<ushort>.Count)
        {
            ref ushort ra = ref MemoryMarshal.GetReference(a);
            ref ushort rb = ref MemoryMarshal.GetReference(b);
            var accum = Vector256<uint>.Zero;
            for (; j <= n - Vector256<ushort>.Count; j += Vector256<ushort>.Count)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)j);
                var vb = Vector256.LoadUnsafe(ref rb, (nuint)j);
                var (lower, upper) = Vector256.Widen(Vector256.Max(va, vb) - Vector256.Min(va, vb));
                accum += lower + upper;
            }

            sad = Vector256.Sum(accum);
        }

        return sad + SadScalar(a[j..], b[j..]);
    }

    /// <summary>Sixteen outputs from <paramref name="offset"/>, each half widened straight from a 128-bit load.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Convolve(
        ref ushort r0, ref ushort r1, ref ushort r2, ref ushort r3, ref ushort r4, nuint offset,
        Vector256<uint> tap0, Vector256<uint> tap1, Vector256<uint> tap2, Vector256<uint> round, int shift)
    {
        nuint upper = offset + (nuint)Vector128<ushort>.Count;
        var lower = Convolve8(ref r0, ref r1, ref r2, ref r3, ref r4, offset, tap0, tap1, tap2, round, shift);
        var higher = Convolve8(ref r0, ref r1, ref r2, ref r3, ref r4, upper, tap0, tap1, tap2, round, shift);
        return Vector256.Narrow(lower, higher);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Convolve8(
        ref ushort r0, ref ushort r1, ref ushort r2, ref ushort r3, ref ushort r4, nuint offset,
        Vector256<uint> tap0, Vector256<uint> tap1, Vector256<uint> tap2, Vector256<uint> round, int shift) =>
        (((Widen(ref r0, offset) + Widen(ref r4, offset)) * tap0)
            + ((Widen(ref r1, offset) + Widen(ref r3, offset)) * tap1)
            + (Widen(ref r2, offset) * tap2)
            + round) >>> shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Widen(ref ushort row, nuint offset) =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref row, offset).ToVector256Unsafe());
}
