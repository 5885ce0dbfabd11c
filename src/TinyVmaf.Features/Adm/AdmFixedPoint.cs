namespace TinyVmaf.Features.Adm;

/// <summary>C integer behaviour that libvmaf's fixed point relies on and C# does not give by default.</summary>
internal static class AdmFixedPoint
{
    /// <summary>
    /// C's <c>abs</c> as compiled for x86: |int.MinValue| wraps to int.MinValue instead of throwing like
    /// <see cref="Math.Abs(int)"/>. Band values never get there; the point is not to throw if one did.
    /// </summary>
    public static int AbsWrap(int x)
    {
        int sign = x >> 31;
        return (x ^ sign) - sign;
    }
}
