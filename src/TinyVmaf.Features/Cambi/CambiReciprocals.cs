using System.Globalization;

namespace TinyVmaf.Features.Cambi;

/// <summary>
/// The reciprocals libvmaf's c-values multiply by instead of dividing (its <c>reciprocal_lut</c>).
/// </summary>
/// <remarks>
/// libvmaf's table holds 1/i written out to nine significant digits and read back as float. That is not always
/// the float nearest 1/i: for 42 of its entries (i = 82, 83, 244, 488, …) it is one float step away, and a
/// c-value computed with 1f / i, or by dividing, then differs in its last bit. The golden logs match the table
/// to the last bit, so it is rebuilt here the same way: the double 1/i rounded to nine significant digits, then
/// parsed as float (both .NET conversions are correctly rounded, as the C compiler's are).
/// </remarks>
internal static class CambiReciprocals
{
    /// <summary>
    /// libvmaf's table size. A window of side s needs entries up to s², so libvmaf refuses a window (after
    /// rescaling to the picture size) whose square reaches it: 65 is the largest side it takes.
    /// </summary>
    public const int TableSize = 4226;

    /// <summary>reciprocal[i] ≈ 1/i as libvmaf rounds it; reciprocal[0] = 0.</summary>
    public static float[] Table { get; } = Build();

    private static float[] Build()
    {
        var table = new float[TableSize];
        for (int i = 1; i < TableSize; i++)
        {
            string nineDigits = (1.0 / i).ToString("G9", CultureInfo.InvariantCulture);
            table[i] = float.Parse(nineDigits, CultureInfo.InvariantCulture);
        }

        return table;
    }
}
