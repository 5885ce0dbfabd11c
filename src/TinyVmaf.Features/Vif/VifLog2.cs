using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TinyVmaf.Features.Vif;

/// <summary>
/// libvmaf's fixed-point log2: log2(x) * 2048 for x normalised to its top 16 bits, read from a table of
/// round(log2f(i) * 2048) for i in [32767, 65535]. The table goes through single-precision log2 on purpose:
/// libvmaf builds it with <c>log2f</c>, and a few entries round differently in double precision.
/// </summary>
internal static class VifLog2
{
    /// <summary>One unit of the fixed-point logarithm: log2 values are scaled by 2048 (Q11).</summary>
    public const int One = 2048;

    private const int TableStart = 32767;

    /// <summary>Pinned, so that vector kernels may index it through a pointer.</summary>
    private static readonly ushort[] Table = Build();

    /// <summary>The table's address. It never moves.</summary>
    internal static unsafe ushort* TablePointer => (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Table));

    /// <summary>log2(<paramref name="value"/>) in Q11; <paramref name="value"/> must be at least 2^15.</summary>
    public static int Log2(uint value)
    {
        int shift = 16 - BitOperations.LeadingZeroCount(value);
        return Table[value >> shift] + One * shift;
    }

    /// <summary>log2(<paramref name="value"/>) in Q11; <paramref name="value"/> must be at least 2^17.</summary>
    public static int Log2(ulong value)
    {
        int shift = 48 - BitOperations.LeadingZeroCount(value);
        return Table[value >> shift] + One * shift;
    }

    internal static ushort Entry(int index) => Table[index];

    private static ushort[] Build()
    {
        var table = GC.AllocateArray<ushort>(ushort.MaxValue + 1, pinned: true);
        for (int i = TableStart; i <= ushort.MaxValue; i++)
        {
            // C's round() takes halves away from zero; the float product is exact (a power-of-two scale).
            table[i] = (ushort)Math.Round((double)(MathF.Log2(i) * One), MidpointRounding.AwayFromZero);
        }

        return table;
    }
}
