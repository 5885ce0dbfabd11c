namespace TinyVmaf.Features.Vif;

/// <summary>
/// The four fixed-point Gaussian windows of integer VIF, one per scale, each summing to 65536 (Q16). They are
/// libvmaf's <c>vif_filter1d_table</c>: the same window filters a scale's statistics and, one scale up, the
/// low-pass that precedes decimation into that scale.
/// </summary>
internal static class VifFilters
{
    public const int ScaleCount = 4;

    /// <summary>Half the widest window: the most rows or columns any scale mirrors past an edge.</summary>
    public const int MaxHalfWidth = 8;

    private static readonly ushort[][] Windows =
    [
        [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
        [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
        [3571, 16004, 26386, 16004, 3571],
        [10904, 43728, 10904],
    ];

    /// <summary>The window of <paramref name="scale"/>: 17, 9, 5 and 3 taps, symmetric.</summary>
    public static ReadOnlySpan<ushort> Window(int scale) => Windows[scale];

    public static int HalfWidth(int scale) => Windows[scale].Length / 2;
}
