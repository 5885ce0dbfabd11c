namespace TinyVmaf.Features.Adm;

/// <summary>
/// A rectangle of band samples, [Top, Bottom) x [Left, Right). ADM scores only the centre of each band,
/// leaving out a border of 10% (libvmaf's ADM_BORDER_FACTOR) on every side.
/// </summary>
internal readonly record struct AdmRegion(int Left, int Top, int Right, int Bottom)
{
    private const double BorderFactor = 0.1;

    public int Width => Right - Left;

    public int Height => Bottom - Top;

    /// <summary>The scored centre of a <paramref name="w"/> x <paramref name="h"/> band (denominator and masking).</summary>
    public static AdmRegion Scored(int w, int h)
    {
        // (int) truncates toward zero like C's conversion, so small bands get a border of 0, not -1.
        int left = (int)(w * BorderFactor - 0.5);
        int top = (int)(h * BorderFactor - 0.5);
        return new AdmRegion(left, top, w - left, h - top);
    }

    /// <summary>
    /// The scored centre widened by the masking filter's taps (one sample before, two after, as libvmaf has
    /// it), clipped to the band: where decouple and CSF are computed.
    /// </summary>
    public static AdmRegion Tapped(int w, int h)
    {
        int left = (int)(w * BorderFactor - 0.5 - 1);
        int top = (int)(h * BorderFactor - 0.5 - 1);
        int right = w - left + 2;
        int bottom = h - top + 2;
        return new AdmRegion(Math.Max(left, 0), Math.Max(top, 0), Math.Min(right, w), Math.Min(bottom, h));
    }
}
