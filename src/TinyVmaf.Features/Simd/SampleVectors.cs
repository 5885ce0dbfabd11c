using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Simd;

/// <summary>
/// Loads and stores of samples held either as <see cref="ushort"/> (<see cref="Plane.Data"/>) or as 8-bit bytes
/// (<see cref="Plane.Bytes"/>), for kernels written once over the sample type: a kernel generic over
/// <typeparamref name="T"/> is compiled once per type, each test below folds to a constant, and a byte load is
/// one zero-extending load (vpmovzxbw/vpmovzxbd), as cheap as the 16-bit load it replaces; a byte store one
/// truncating store (<see cref="Narrowing"/>).
/// Callers check <see cref="Avx2"/> / <see cref="Avx512BW"/> support as for their other intrinsics.
/// </summary>
internal static class SampleVectors
{
    /// <summary>The sample at <paramref name="index"/>; <typeparamref name="T"/> is byte or ushort.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Read<T>(ref T origin, nint index)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return Unsafe.As<T, byte>(ref Unsafe.Add(ref origin, index));
        }

        if (typeof(T) == typeof(ushort))
        {
            return Unsafe.As<T, ushort>(ref Unsafe.Add(ref origin, index));
        }

        throw new NotSupportedException($"samples of {typeof(T)}");
    }

    /// <summary>16 samples from <paramref name="index"/> as 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ushort> Load256<T>(ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            return Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.As<T, byte>(ref at))).AsUInt16();
        }

        if (typeof(T) == typeof(ushort))
        {
            return Vector256.LoadUnsafe(ref Unsafe.As<T, ushort>(ref at));
        }

        throw new NotSupportedException($"samples of {typeof(T)}");
    }

    /// <summary>32 samples from <paramref name="index"/> as 16-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ushort> Load512<T>(ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            return Avx512BW.ConvertToVector512UInt16(Vector256.LoadUnsafe(ref Unsafe.As<T, byte>(ref at)));
        }

        if (typeof(T) == typeof(ushort))
        {
            return Vector512.LoadUnsafe(ref Unsafe.As<T, ushort>(ref at));
        }

        throw new NotSupportedException($"samples of {typeof(T)}");
    }

    /// <summary>8 samples from <paramref name="index"/> as 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load256Int32<T>(ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            var eight = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<T, byte>(ref at))).AsByte();
            return Avx2.ConvertToVector256Int32(eight);
        }

        if (typeof(T) == typeof(ushort))
        {
            return Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.As<T, ushort>(ref at)));
        }

        throw new NotSupportedException($"samples of {typeof(T)}");
    }

    /// <summary>16 samples from <paramref name="index"/> as 32-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Load512Int32<T>(ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            return Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref Unsafe.As<T, byte>(ref at)));
        }

        if (typeof(T) == typeof(ushort))
        {
            return Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref Unsafe.As<T, ushort>(ref at)));
        }

        throw new NotSupportedException($"samples of {typeof(T)}");
    }

    /// <summary>Stores 16 samples from 16-bit lanes (truncated to bytes for a byte destination).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store256<T>(Vector256<ushort> x, ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            Narrowing.ToByte(x.AsInt16()).StoreUnsafe(ref Unsafe.As<T, byte>(ref at));
        }
        else if (typeof(T) == typeof(ushort))
        {
            x.StoreUnsafe(ref Unsafe.As<T, ushort>(ref at));
        }
        else
        {
            throw new NotSupportedException($"samples of {typeof(T)}");
        }
    }

    /// <summary>Stores 32 samples from 16-bit lanes (truncated to bytes for a byte destination).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store512<T>(Vector512<ushort> x, ref T origin, nuint index)
        where T : unmanaged
    {
        ref T at = ref Unsafe.Add(ref origin, index);
        if (typeof(T) == typeof(byte))
        {
            Narrowing.ToByte(x.AsInt16()).StoreUnsafe(ref Unsafe.As<T, byte>(ref at));
        }
        else if (typeof(T) == typeof(ushort))
        {
            x.StoreUnsafe(ref Unsafe.As<T, ushort>(ref at));
        }
        else
        {
            throw new NotSupportedException($"samples of {typeof(T)}");
        }
    }
}
