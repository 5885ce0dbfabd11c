namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The sRGB transfer function (IEC 61966-2-1), non-linear to linear light, the way the fork evaluates it: a
/// table of <see cref="TableSize"/> exact values on a uniform grid over [0, 1], interpolated linearly.
/// </summary>
/// <remarks>
/// The fork replaced <c>powf</c> with this table so that its scores do not move with the C library; it is within
/// about 2e-7 of the exact curve. Parity needs the same table and the same interpolation, not the exact curve.
/// </remarks>
internal static class SrgbEotf
{
    public const int TableSize = 1024;

    /// <summary>Below this non-linear value the curve is the linear segment v / 12.92.</summary>
    public const double LinearSegmentEnd = 0.04045;

    /// <summary>
    /// The grid values, each rounded once from double to float, plus one spare entry (1.0) after the last so that
    /// a vector kernel may read the right neighbour of the last cell without a bounds test.
    /// </summary>
    internal static readonly float[] Table = BuildTable();

    /// <summary>The exact curve, in double precision.</summary>
    public static double Exact(double v) =>
        v <= LinearSegmentEnd ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    /// <summary>Linear light of a non-linear value; 0 at or below 0 and 1 at or above 1.</summary>
    public static float ToLinear(float v)
    {
        if (v <= 0.0f)
        {
            return 0.0f;
        }

        if (v >= 1.0f)
        {
            return 1.0f;
        }

        float position = v * (TableSize - 1);
        int cell = (int)position;
        float fraction = position - cell;
        float low = Table[cell];
        return low + ((Table[cell + 1] - low) * fraction);
    }

    private static float[] BuildTable()
    {
        var table = GC.AllocateArray<float>(TableSize + 1, pinned: true);
        for (int i = 0; i < TableSize; i++)
        {
            table[i] = (float)Exact(i / (double)(TableSize - 1));
        }

        table[TableSize] = 1.0f;
        return table;
    }
}
