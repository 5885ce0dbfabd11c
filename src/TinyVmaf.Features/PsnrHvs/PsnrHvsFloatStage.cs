using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VF = System.Runtime.Intrinsics.Vector256<float>;

namespace TinyVmaf.Features.PsnrHvs;

/// <summary>
/// The single-precision half of a block, shared by the vector kernels once their DCT is done. Coefficients
/// arrive column-major, one vector per horizontal frequency j with lane i = vertical frequency i, for the
/// reference and the distorted block.
/// </summary>
/// <remarks>
/// Each coefficient's error term is formed with libvmaf's operations in libvmaf's order, so it is libvmaf's
/// term bit for bit given the same masking level. The masking energies are summed across lanes rather than
/// serially, and so differ from libvmaf's by a few units in the last place.
/// </remarks>
internal ref struct PsnrHvsFloatStage
{
    private readonly ref float _csf;
    private readonly ref float _maskEnergy;
    private readonly ref float _maskDivisor;
    private VF _referenceEnergy;
    private VF _distortedEnergy;

    public PsnrHvsFloatStage(PsnrHvsWeights weights)
    {
        _csf = ref MemoryMarshal.GetArrayDataReference(weights.CsfTransposed);
        _maskEnergy = ref MemoryMarshal.GetArrayDataReference(weights.MaskEnergyTransposed);
        _maskDivisor = ref MemoryMarshal.GetArrayDataReference(weights.MaskDivisorTransposed);
    }

    /// <summary>
    /// Takes coefficient column <paramref name="j"/> of both blocks (exact integers as floats): adds their
    /// mask-weighted squares to the energies and returns |reference − distorted|.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VF Column(int j, VF reference, VF distorted)
    {
        var weight = Vector256.LoadUnsafe(ref _maskEnergy, (nuint)(j * 8));

        // A float square of an integer below 2^24 rounds the exact square once, as libvmaf's int square
        // converted to float does.
        _referenceEnergy += reference * reference * weight;
        _distortedEnergy += distorted * distorted * weight;
        return Vector256.Abs(reference - distorted);
    }

    /// <summary>
    /// Turns the errors of the eight columns into the block's error terms, stored column-major in
    /// <paramref name="terms"/>: each error less the masking threshold (the larger block masking level over
    /// the coefficient's mask weight; 0 for DC), not below 0, times the CSF weight, squared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Terms(
        float referenceTexture, float distortedTexture,
        VF e0, VF e1, VF e2, VF e3, VF e4, VF e5, VF e6, VF e7, scoped Span<float> terms)
    {
        float level = MaskLevel(_referenceEnergy, referenceTexture);
        float distortedLevel = MaskLevel(_distortedEnergy, distortedTexture);
        if (distortedLevel > level)
        {
            level = distortedLevel;
        }

        var levels = Vector256.Create(level);
        ref float first = ref MemoryMarshal.GetReference(terms);
        Term(e0, levels, 0, ref first);
        Term(e1, levels, 8, ref first);
        Term(e2, levels, 16, ref first);
        Term(e3, levels, 24, ref first);
        Term(e4, levels, 32, ref first);
        Term(e5, levels, 40, ref first);
        Term(e6, levels, 48, ref first);
        Term(e7, levels, 56, ref first);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Term(VF error, VF levels, nuint offset, ref float terms)
    {
        // max(e − t, 0) is libvmaf's e < t ? 0 : e − t, since e − t is negative exactly when e < t
        // (vmaxps returns its second operand, +0, for −0).
        var masked = Avx.Max(error - (levels / Vector256.LoadUnsafe(ref _maskDivisor, offset)), VF.Zero);
        var weighted = masked * Vector256.LoadUnsafe(ref _csf, offset);
        (weighted * weighted).StoreUnsafe(ref terms, offset);
    }

    /// <summary>libvmaf's masking level: the root of energy times texture, taken in double, over 32, stored as float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaskLevel(VF energy, float texture) => (float)(Math.Sqrt(Vector256.Sum(energy) * texture) / 32.0);

    /// <summary>
    /// Adds a block's 64 terms (column-major) to the plane's running float total, with exactly the result of
    /// adding them one at a time in libvmaf's order (coefficient rows, then the columns within a row).
    /// </summary>
    /// <remarks>
    /// The serial additions are a chain of 64 dependent float adds per block, the kernel's critical path. While
    /// the total S stays within one binade [2^e, 2^(e+1)), its floats are the multiples of u = 2^(e−23), and
    /// adding a term t ≥ 0 rounds S + t to the nearest multiple: it adds exactly u·round(t/u). So, as long as
    /// no t/u falls exactly half-way between integers (there round-to-even would look at S's last bit) and the
    /// total does not reach 2^(e+1), the 64 additions equal one addition of u·Σ round(t/u), an integer sum in
    /// any order. Where either condition fails, and while S is 0 or tiny, the terms are added one by one
    /// (unless they are all 0). All terms are squares, so never negative, and S only grows within the block.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Accumulate(float sum, ReadOnlySpan<float> terms)
    {
        ref float first = ref MemoryMarshal.GetReference(terms);
        uint bits = BitConverter.SingleToUInt32Bits(sum);
        uint exponent = bits >> 23;
        if (exponent is >= MinExponent and < 255)
        {
            // t/u = t·2^(150−exponent), exact (or +∞, caught by the range test).
            var perUlp = Vector256.Create(BitConverter.UInt32BitsToSingle((277 - exponent) << 23));
            var outside = VF.Zero;
            var ulps = Vector256<int>.Zero;
            for (nuint offset = 0; offset < 64; offset += 8)
            {
                var scaled = Vector256.LoadUnsafe(ref first, offset) * perUlp;
                var rounded = Avx.RoundToNearestInteger(scaled);
                outside |= Avx.CompareEqual(Vector256.Abs(scaled - rounded), Vector256.Create(0.5f))
                    | Avx.CompareNotLessThan(rounded, Vector256.Create(MantissaLimit));
                ulps += Avx.ConvertToVector256Int32WithTruncation(rounded);
            }

            // Every lane of a comparison is all ones or all zeros, so testing the sign bits suffices.
            if (Avx.TestZ(outside, outside))
            {
                // Each of the 64 counts is below 2^24, so their sum fits 32 bits.
                uint total = ((bits & 0x7FFFFF) | 0x800000) + (uint)Vector256.Sum(ulps);
                if (total < (uint)MantissaLimit)
                {
                    return total * BitConverter.UInt32BitsToSingle((exponent - 23) << 23);
                }
            }
        }

        // A block without error (both pictures equal there) leaves any total as it is: S + 0 = S.
        // (Tested as integers: vtestps would look at the sign bits only.)
        var any = Vector256.LoadUnsafe(ref first).AsInt32();
        for (nuint offset = 8; offset < 64; offset += 8)
        {
            any |= Vector256.LoadUnsafe(ref first, offset).AsInt32();
        }

        return Avx.TestZ(any, any) ? sum : AccumulateSerial(sum, ref first);
    }

    /// <summary>Below this biased exponent u = 2^(e−23) is no longer a normal float; such totals add serially.</summary>
    private const uint MinExponent = 24;

    /// <summary>2^24: a total at or past it in units of u has left the binade.</summary>
    private const float MantissaLimit = 16777216f;

    /// <summary>The 64 additions one at a time, in libvmaf's order.</summary>
    internal static float AccumulateSerial(float sum, ref float first)
    {
        sum = AccumulateRow(sum, ref first);
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 1));
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 2));
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 3));
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 4));
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 5));
        sum = AccumulateRow(sum, ref Unsafe.Add(ref first, 6));
        return AccumulateRow(sum, ref Unsafe.Add(ref first, 7));
    }

    /// <summary>Adds one coefficient row, whose terms sit 8 apart in the column-major block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AccumulateRow(float sum, ref float row)
    {
        sum += row;
        sum += Unsafe.Add(ref row, 8);
        sum += Unsafe.Add(ref row, 16);
        sum += Unsafe.Add(ref row, 24);
        sum += Unsafe.Add(ref row, 32);
        sum += Unsafe.Add(ref row, 40);
        sum += Unsafe.Add(ref row, 48);
        return sum + Unsafe.Add(ref row, 56);
    }
}
