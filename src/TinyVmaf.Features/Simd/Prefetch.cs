using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TinyVmaf.Features.Simd;

/// <summary>Software prefetch, for rows a kernel starts reading before the hardware prefetcher has seen them.</summary>
internal static class Prefetch
{
    /// <summary>
    /// Asks for the cache line holding <paramref name="at"/> in every cache level. A hint only: it cannot fault,
    /// so the address of an unpinned array element is fine even if the GC moves the array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }

    /// <inheritdoc cref="Line{T}(ref T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line(void* at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(at);
        }
    }
}
