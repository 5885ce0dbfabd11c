using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyVmaf.Features.Ciede;

/// <summary>
/// A vector of single-precision lanes, the vocabulary the CIEDE2000 vector kernel is written in once and run
/// at the widest width the CPU accelerates. Comparisons return all-ones lanes where true (a mask usable with
/// <see cref="Select"/> and the bitwise operators). The <c>Int</c> operations read and write the lanes' bits
/// as 32-bit integers.
/// </summary>
/// <remarks>
/// Each operation is a tiny method the JIT inlines; a method that holds a few hundred of them exhausts the
/// JIT's inlining budget and keeps the rest as calls, which is why the kernel splits its work into a few
/// methods that are not inlined into one another.
/// </remarks>
internal interface IFloatLanes<TSelf> where TSelf : struct, IFloatLanes<TSelf>
{
    static abstract int Count { get; }

    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Create(float value);

    /// <summary>Eight values repeated across the lanes, the table of <see cref="Lookup8"/>.</summary>
    static abstract TSelf CreateTable8(ReadOnlySpan<float> values);

    static abstract TSelf CreateInt(int value);

    /// <summary>Count samples from <paramref name="source"/> at <paramref name="offset"/>, as floats.</summary>
    static abstract TSelf LoadSamples(ref ushort source, nuint offset);

    static abstract TSelf Load(ref float source, nuint offset);

    static abstract void Store(TSelf value, ref float destination, nuint offset);

    /// <summary>The sum of the lanes, formed in double precision.</summary>
    static abstract double SumToDouble(TSelf value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, float b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    static abstract TSelf operator &(TSelf a, TSelf b);

    static abstract TSelf operator |(TSelf a, TSelf b);

    static abstract TSelf operator ^(TSelf a, TSelf b);

    /// <summary>a·b + c, fused where the CPU has it.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Sqrt(TSelf x);

    static abstract TSelf Abs(TSelf x);

    static abstract TSelf Min(TSelf a, TSelf b);

    static abstract TSelf Max(TSelf a, TSelf b);

    static abstract TSelf Select(TSelf mask, TSelf whereTrue, TSelf whereFalse);

    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);

    static abstract TSelf LessThan(TSelf a, TSelf b);

    static abstract TSelf Equal(TSelf a, TSelf b);

    static abstract TSelf IntAdd(TSelf a, TSelf b);

    static abstract TSelf IntSubtract(TSelf a, TSelf b);

    static abstract TSelf IntShiftLeft(TSelf a, int count);

    static abstract TSelf IntShiftRightArithmetic(TSelf a, int count);

    /// <summary>Each lane's entry of <paramref name="table"/> at the low three bits of its integer in <paramref name="index"/>.</summary>
    static abstract TSelf Lookup8(TSelf table, TSelf index);

    /// <summary>Sixteen values as <see cref="Lookup16"/> takes them: in one vector if it has the lanes, else two.</summary>
    static abstract (TSelf Low, TSelf High) CreateTable16(ReadOnlySpan<float> values);

    /// <summary>Each lane's entry of the table at the low four bits of its integer in <paramref name="index"/>.</summary>
    static abstract TSelf Lookup16(TSelf low, TSelf high, TSelf index);
}

/// <summary>Eight lanes: AVX2 on x64.</summary>
internal readonly struct FloatLanes256(Vector256<float> value) : IFloatLanes<FloatLanes256>
{
    private readonly Vector256<float> _value = value;

    public static int Count => Vector256<float>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Create(float value) => new(Vector256.Create(value));

    public static FloatLanes256 CreateTable8(ReadOnlySpan<float> values) => new(Vector256.Create(values[..8]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 CreateInt(int value) => new(Vector256.Create(value).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 LoadSamples(ref ushort source, nuint offset) =>
        new(Vector256.ConvertToSingle(Vector256.WidenLower(Vector128.LoadUnsafe(ref source, offset).ToVector256Unsafe()).AsInt32()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Load(ref float source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatLanes256 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumToDouble(FloatLanes256 value)
    {
        var (lower, upper) = Vector256.Widen(value._value);
        return Vector256.Sum(lower + upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator +(FloatLanes256 a, FloatLanes256 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator -(FloatLanes256 a, FloatLanes256 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator -(FloatLanes256 a) => new(-a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator *(FloatLanes256 a, FloatLanes256 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator *(FloatLanes256 a, float b) => new(a._value * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator /(FloatLanes256 a, FloatLanes256 b) => new(a._value / b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator &(FloatLanes256 a, FloatLanes256 b) => new(a._value & b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator |(FloatLanes256 a, FloatLanes256 b) => new(a._value | b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 operator ^(FloatLanes256 a, FloatLanes256 b) => new(a._value ^ b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 MultiplyAdd(FloatLanes256 a, FloatLanes256 b, FloatLanes256 c) =>
        new(Vector256.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Sqrt(FloatLanes256 x) => new(Vector256.Sqrt(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Abs(FloatLanes256 x) => new(Vector256.Abs(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Min(FloatLanes256 a, FloatLanes256 b) => new(Vector256.MinNative(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Max(FloatLanes256 a, FloatLanes256 b) => new(Vector256.MaxNative(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Select(FloatLanes256 mask, FloatLanes256 whereTrue, FloatLanes256 whereFalse) =>
        new(Vector256.ConditionalSelect(mask._value, whereTrue._value, whereFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 GreaterThan(FloatLanes256 a, FloatLanes256 b) => new(Vector256.GreaterThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 GreaterThanOrEqual(FloatLanes256 a, FloatLanes256 b) => new(Vector256.GreaterThanOrEqual(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 LessThan(FloatLanes256 a, FloatLanes256 b) => new(Vector256.LessThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Equal(FloatLanes256 a, FloatLanes256 b) => new(Vector256.Equals(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 IntAdd(FloatLanes256 a, FloatLanes256 b) => new((a._value.AsInt32() + b._value.AsInt32()).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 IntSubtract(FloatLanes256 a, FloatLanes256 b) => new((a._value.AsInt32() - b._value.AsInt32()).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 IntShiftLeft(FloatLanes256 a, int count) => new(Vector256.ShiftLeft(a._value.AsInt32(), count).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 IntShiftRightArithmetic(FloatLanes256 a, int count) =>
        new(Vector256.ShiftRightArithmetic(a._value.AsInt32(), count).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Lookup8(FloatLanes256 table, FloatLanes256 index) =>
        new(Vector256.ShuffleNative(table._value, index._value.AsInt32() & Vector256.Create(7)));

    public static (FloatLanes256 Low, FloatLanes256 High) CreateTable16(ReadOnlySpan<float> values) =>
        (new(Vector256.Create(values[..8])), new(Vector256.Create(values[8..16])));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes256 Lookup16(FloatLanes256 low, FloatLanes256 high, FloatLanes256 index)
    {
        var i = index._value.AsInt32();
        var upper = Vector256.Equals(i & Vector256.Create(8), Vector256.Create(8)).AsSingle();
        var seven = i & Vector256.Create(7);
        return new(Vector256.ConditionalSelect(upper, Vector256.ShuffleNative(high._value, seven), Vector256.ShuffleNative(low._value, seven)));
    }
}

/// <summary>Sixteen lanes: AVX-512 on x64, where the runtime deems it worth using.</summary>
internal readonly struct FloatLanes512(Vector512<float> value) : IFloatLanes<FloatLanes512>
{
    private readonly Vector512<float> _value = value;

    public static int Count => Vector512<float>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Create(float value) => new(Vector512.Create(value));

    public static FloatLanes512 CreateTable8(ReadOnlySpan<float> values)
    {
        var eight = Vector256.Create(values[..8]);
        return new(Vector512.Create(eight, eight));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 CreateInt(int value) => new(Vector512.Create(value).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 LoadSamples(ref ushort source, nuint offset) =>
        new(Vector512.ConvertToSingle(Vector512.WidenLower(Vector256.LoadUnsafe(ref source, offset).ToVector512Unsafe()).AsInt32()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Load(ref float source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatLanes512 value, ref float destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SumToDouble(FloatLanes512 value)
    {
        var (lower, upper) = Vector512.Widen(value._value);
        return Vector512.Sum(lower + upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator +(FloatLanes512 a, FloatLanes512 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator -(FloatLanes512 a, FloatLanes512 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator -(FloatLanes512 a) => new(-a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator *(FloatLanes512 a, FloatLanes512 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator *(FloatLanes512 a, float b) => new(a._value * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator /(FloatLanes512 a, FloatLanes512 b) => new(a._value / b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator &(FloatLanes512 a, FloatLanes512 b) => new(a._value & b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator |(FloatLanes512 a, FloatLanes512 b) => new(a._value | b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 operator ^(FloatLanes512 a, FloatLanes512 b) => new(a._value ^ b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 MultiplyAdd(FloatLanes512 a, FloatLanes512 b, FloatLanes512 c) =>
        new(Vector512.MultiplyAddEstimate(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Sqrt(FloatLanes512 x) => new(Vector512.Sqrt(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Abs(FloatLanes512 x) => new(Vector512.Abs(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Min(FloatLanes512 a, FloatLanes512 b) => new(Vector512.MinNative(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Max(FloatLanes512 a, FloatLanes512 b) => new(Vector512.MaxNative(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Select(FloatLanes512 mask, FloatLanes512 whereTrue, FloatLanes512 whereFalse) =>
        new(Vector512.ConditionalSelect(mask._value, whereTrue._value, whereFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 GreaterThan(FloatLanes512 a, FloatLanes512 b) => new(Vector512.GreaterThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 GreaterThanOrEqual(FloatLanes512 a, FloatLanes512 b) => new(Vector512.GreaterThanOrEqual(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 LessThan(FloatLanes512 a, FloatLanes512 b) => new(Vector512.LessThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Equal(FloatLanes512 a, FloatLanes512 b) => new(Vector512.Equals(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 IntAdd(FloatLanes512 a, FloatLanes512 b) => new((a._value.AsInt32() + b._value.AsInt32()).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 IntSubtract(FloatLanes512 a, FloatLanes512 b) => new((a._value.AsInt32() - b._value.AsInt32()).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 IntShiftLeft(FloatLanes512 a, int count) => new(Vector512.ShiftLeft(a._value.AsInt32(), count).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 IntShiftRightArithmetic(FloatLanes512 a, int count) =>
        new(Vector512.ShiftRightArithmetic(a._value.AsInt32(), count).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Lookup8(FloatLanes512 table, FloatLanes512 index) =>
        new(Vector512.ShuffleNative(table._value, index._value.AsInt32() & Vector512.Create(7)));

    public static (FloatLanes512 Low, FloatLanes512 High) CreateTable16(ReadOnlySpan<float> values)
    {
        var all = new FloatLanes512(Vector512.Create(values[..16]));
        return (all, all);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatLanes512 Lookup16(FloatLanes512 low, FloatLanes512 high, FloatLanes512 index) =>
        new(Vector512.ShuffleNative(low._value, index._value.AsInt32() & Vector512.Create(15)));
}
