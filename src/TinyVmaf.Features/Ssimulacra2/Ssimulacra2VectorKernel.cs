using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.Video;

namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The AVX2 kernel. Up to the blurred signals it does the scalar kernel's float operations in the same order, so
/// its linear RGB, XYB and blurred values are bit-identical to the scalar ones. That is a requirement, not a
/// nicety: the blur's filters have their poles on the unit circle, so a rounding difference inside a recurrence
/// is never damped; fusing its multiply-adds (FMA) moves scores by about 0.1. After the blur, the maps are taken
/// in float rather than double (see <see cref="MapSums"/>) and summed in another order; there differences stay
/// at the level of float rounding.
/// </summary>
/// <remarks>
/// <para>
/// The comparison never makes a whole blurred plane. The picture is taken eight rows at a time: the strip of each
/// input is transposed so that the eight rows sit in the eight lanes, the horizontal recurrences run along it for
/// the five signals (reference, distorted, their product, their squares), and their output is transposed back
/// into a ring of rows. The vertical recurrences follow a radius behind: eight columns at a time, each signal's
/// filter state stays in registers down the new rows, and each finished row of the five blurred signals goes
/// straight into the SSIM and edge maps. What would be ten full-size planes per channel stays within about a
/// megabyte, and each channel advances right behind the XYB rows the caller makes.
/// </para>
/// <para>
/// The ring and the vertical state are tiled by blocks of eight columns (a block's rows are contiguous), so that
/// the vertical pass walks memory in order. A last, partial block is computed whole and its lanes past the
/// width are zeroed before the maps, where all-zero inputs contribute exactly nothing.
/// </para>
/// <para>
/// Taps outside the picture read zeros without a test: the transposed strips carry zero columns before and after
/// the row, and each ring tile has a zero row after its last. Both give the fork's sums, as 0 + x is x.
/// </para>
/// </remarks>
internal sealed unsafe class Ssimulacra2VectorKernel : ISsimulacra2Kernel
{
    private const int Lanes = 8;

    /// <summary>
    /// The five blurred signals of a channel, in the order of the ring and the state: reference, distorted, their
    /// product, reference², distorted² (see <see cref="ISignalGroup"/>).
    /// </summary>
    private const int SignalCount = 5;

    /// <summary>The recurrence keeps, per filter, its last two outputs: 3 filters × 2.</summary>
    private const int StatePerSignal = 6;

    /// <summary>The most rows one vertical run takes: the last strip's eight and the radius still owed.</summary>
    private const int MaxRun = 32;

    /// <summary>Columns the horizontal pass runs before it transposes them to the ring: whole blocks, within L1.</summary>
    private const int ChunkColumns = 64;

    /// <summary>How far ahead along a row the maps prefetch the pictures: a few cache lines.</summary>
    private const int PrefetchAhead = 64;

    private readonly int _radius;
    private readonly Coefficients _coefficients;

    /// <summary>
    /// Zero columns before and after the row in a transposed strip: the farthest taps of the recurrence, which
    /// runs on to the end of the last block of eight columns.
    /// </summary>
    private readonly int _padBefore, _padAfter;

    /// <summary>
    /// Rows kept per signal: a strip plus the 2·radius rows the vertical pass still reads behind it, rounded up to
    /// whole strips so that a strip never wraps around the ring. Row <c>_ringRows</c> of a tile is the zero row.
    /// </summary>
    private readonly int _ringRows;

    private readonly bool _subsampledColumns;
    private readonly int _maxWidth;

    // One pinned buffer; the pointers into it are taken once.
    private readonly float[] _buffers;
    private readonly float* _referenceStrip, _distortedStrip, _stripOut, _run;

    /// <summary>Each channel's ring and vertical state, one after another; <see cref="_ringSize"/> and <see cref="_stateSize"/> floats each.</summary>
    private readonly float* _rings, _states;
    private readonly int _ringSize, _stateSize;

    /// <summary>The ring and state of the channel being advanced.</summary>
    private float* _ring, _state;

    // The scale being compared, and how far each channel has got: its next strip, its next vertical row, its sums.
    private int _width, _height;
    private readonly int[] _nextTop = new int[Ssimulacra2Pooling.ChannelCount];
    private readonly int[] _nextRow = new int[Ssimulacra2Pooling.ChannelCount];
    private readonly MapSums[] _sums = new MapSums[Ssimulacra2Pooling.ChannelCount];

    private readonly double* _eotfPairs;

    /// <summary>Entry i holds table values i and i + 1 as two floats, for <see cref="Eotf"/>.</summary>
    private static readonly float[] EotfPairs = BuildEotfPairs();

    public Ssimulacra2VectorKernel(FrameFormat format)
    {
        var blur = RecursiveGaussian.Ssimulacra2;
        _radius = blur.Radius;
        _coefficients = new Coefficients(blur);
        _padBefore = 2 * _radius;
        _padAfter = _radius + Lanes - 1;
        _ringRows = ((2 * _radius) + (2 * Lanes) - 1) / Lanes * Lanes;
        if (Lanes + _radius > MaxRun)
        {
            throw new InvalidOperationException($"a blur radius of {_radius} needs longer vertical runs than {MaxRun} rows");
        }

        _subsampledColumns = format.ChromaWidth != format.Width;
        _maxWidth = format.Width;

        int blocks = Blocks(format.Width);
        int strip = (_padBefore + format.Width + _padAfter) * Lanes;
        int stripOut = 3 * ChunkColumns * Lanes;
        _ringSize = SignalCount * blocks * (_ringRows + 1) * Lanes;
        _stateSize = SignalCount * blocks * StatePerSignal * Lanes;
        int channels = Ssimulacra2Pooling.ChannelCount;
        int run = SignalCount * MaxRun * Lanes;
        _buffers = GC.AllocateArray<float>((2 * strip) + stripOut + (channels * (_ringSize + _stateSize)) + run, pinned: true);
        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffers));
        _referenceStrip = p + (_padBefore * Lanes);
        _distortedStrip = p + strip + (_padBefore * Lanes);
        _stripOut = p + (2 * strip);
        _rings = _stripOut + stripOut;
        _states = _rings + (channels * _ringSize);
        _run = _states + (channels * _stateSize);
        _eotfPairs = (double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(EotfPairs));
    }

    public static bool IsSupported => Avx2.IsSupported;

    private static float[] BuildEotfPairs()
    {
        var pairs = GC.AllocateArray<float>(2 * SrgbEotf.TableSize, pinned: true);
        for (int i = 0; i < SrgbEotf.TableSize; i++)
        {
            pairs[2 * i] = SrgbEotf.Table[i];
            pairs[(2 * i) + 1] = SrgbEotf.Table[i + 1];
        }

        return pairs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearRgbRow(Frame frame, in YuvToRgb matrix, int row, Span<float> red, Span<float> green, Span<float> blue)
    {
        var format = frame.Format;
        int width = format.Width;
        var inversePeak = Vector256.Create(matrix.InversePeak);
        var yOffset = Vector256.Create(matrix.YOffset);
        var yScale = Vector256.Create(matrix.YScale);
        var cOffset = Vector256.Create(matrix.COffset);
        var cScale = Vector256.Create(matrix.CScale);
        var crToR = Vector256.Create(matrix.CrToR);
        var cbToG = Vector256.Create(matrix.CbToG);
        var crToG = Vector256.Create(matrix.CrToG);
        var cbToB = Vector256.Create(matrix.CbToB);
        int chromaRow = (int)((long)row * format.ChromaHeight / format.Height);
        var lumaRow = frame.Y.Row(row);
        var cbRow = frame.U.Row(chromaRow);
        var crRow = frame.V.Row(chromaRow);
        fixed (ushort* luma = lumaRow, cb = cbRow, cr = crRow)
        fixed (float* r = red, g = green, b = blue)
        {
            int x = 0;
            for (; x <= width - Lanes; x += Lanes)
            {
                var yn = ((ToFloat(Vector128.Load(luma + x)) * inversePeak) - yOffset) * yScale;
                var un = ((ToFloat(LoadChroma(cb, x)) * inversePeak) - cOffset) * cScale;
                var vn = ((ToFloat(LoadChroma(cr, x)) * inversePeak) - cOffset) * cScale;
                Eotf(yn + (crToR * vn)).Store(r + x);
                Eotf(yn + (cbToG * un) + (crToG * vn)).Store(g + x);
                Eotf(yn + (cbToB * un)).Store(b + x);
            }

            for (; x < width; x++)
            {
                int cx = (int)((long)x * format.ChromaWidth / width);
                (r[x], g[x], b[x]) = Ssimulacra2ScalarKernel.ToLinearRgb(luma[x], cb[cx], cr[cx], matrix);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void XybRow(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue,
        Span<float> x, Span<float> y, Span<float> b)
    {
        var m00 = Vector256.Create(OpsinXyb.M00);
        var m01 = Vector256.Create(OpsinXyb.M01);
        var m02 = Vector256.Create(OpsinXyb.M02);
        var m10 = Vector256.Create(OpsinXyb.M10);
        var m11 = Vector256.Create(OpsinXyb.M11);
        var m12 = Vector256.Create(OpsinXyb.M12);
        var m20 = Vector256.Create(OpsinXyb.M20);
        var m21 = Vector256.Create(OpsinXyb.M21);
        var m22 = Vector256.Create(OpsinXyb.M22);
        var bias = Vector256.Create(OpsinXyb.OpsinBias);
        var cubeRootOfBias = Vector256.Create(OpsinXyb.CubeRootOfBias);
        var half = Vector256.Create(0.5f);
        int n = red.Length;
        fixed (float* pr = red, pg = green, pb = blue, px = x, py = y, pbOut = b)
        {
            int i = 0;
            for (; i <= n - Lanes; i += Lanes)
            {
                var r = Vector256.Load(pr + i);
                var g = Vector256.Load(pg + i);
                var bl = Vector256.Load(pb + i);
                // Linear RGB is never negative and the matrix is positive, so L, M and S are at least the bias:
                // the scalar kernel's clamps at 0 (and the cube root's case for 0) never act.
                var l = (m00 * r) + (m01 * g) + (m02 * bl) + bias;
                var m = (m10 * r) + (m11 * g) + (m12 * bl) + bias;
                var s = (m20 * r) + (m21 * g) + (m22 * bl) + bias;
                var cl = CubeRoot(l) - cubeRootOfBias;
                var cm = CubeRoot(m) - cubeRootOfBias;
                var cs = CubeRoot(s) - cubeRootOfBias;
                var xv = half * (cl - cm);
                var yv = half * (cl + cm);
                ((xv * Vector256.Create(OpsinXyb.XScale)) + Vector256.Create(OpsinXyb.XOffset)).Store(px + i);
                (yv + Vector256.Create(OpsinXyb.YOffset)).Store(py + i);
                ((cs - yv) + Vector256.Create(OpsinXyb.BOffset)).Store(pbOut + i);
            }

            for (; i < n; i++)
            {
                (px[i], py[i], pbOut[i]) = OpsinXyb.FromLinearRgb(pr[i], pg[i], pb[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DownsampleRow(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, Span<float> output)
    {
        int width = top.Length;
        var quarter = Vector256.Create(0.25f);
        fixed (float* t = top, b = bottom, o = output)
        {
            int ox = 0;

            // Blocks whose 16 source columns all lie inside the row; the tail repeats the last column if need be.
            for (; (2 * ox) + (2 * Lanes) <= width; ox += Lanes)
            {
                var t0 = Vector256.Load(t + (2 * ox));
                var t1 = Vector256.Load(t + (2 * ox) + Lanes);
                var b0 = Vector256.Load(b + (2 * ox));
                var b1 = Vector256.Load(b + (2 * ox) + Lanes);

                // Even and odd columns, each in the lane order 0 2 8 10 4 6 12 14, put back in order after the sum.
                var sum = Avx.Shuffle(t0, t1, 0b10_00_10_00) + Avx.Shuffle(t0, t1, 0b11_01_11_01)
                    + Avx.Shuffle(b0, b1, 0b10_00_10_00) + Avx.Shuffle(b0, b1, 0b11_01_11_01);
                (Avx2.Permute4x64(sum.AsDouble(), 0b11_01_10_00).AsSingle() * quarter).Store(o + ox);
            }

            for (; ox < output.Length; ox++)
            {
                int left = 2 * ox, right = Math.Min(left + 1, width - 1);
                o[ox] = (t[left] + t[right] + b[left] + b[right]) * 0.25f;
            }
        }
    }

    public void BeginScale(int width, int height)
    {
        if (width > _maxWidth || width < 1 || height < 1)
        {
            throw new ArgumentException($"a {width}x{height} scale does not fit this kernel's buffers");
        }

        (_width, _height) = (width, height);
        int blocks = Blocks(width);

        // The zero columns after the row, and the zero row of each tile: a wider scale used them for its own.
        new Span<float>(_referenceStrip + ((long)width * Lanes), _padAfter * Lanes).Clear();
        new Span<float>(_distortedStrip + ((long)width * Lanes), _padAfter * Lanes).Clear();
        for (int channel = 0; channel < Ssimulacra2Pooling.ChannelCount; channel++)
        {
            Select(channel);
            new Span<float>(_state, SignalCount * blocks * StatePerSignal * Lanes).Clear();
            for (int tile = 0; tile < SignalCount * blocks; tile++)
            {
                new Span<float>(Tile(tile) + (_ringRows * Lanes), Lanes).Clear();
            }

            _nextTop[channel] = 0;
            _nextRow[channel] = -_radius + 1;
            _sums[channel] = default;
        }
    }

    /// <summary>
    /// Takes the channel through every whole strip of eight ready rows (and the last, shorter one once all rows are
    /// ready). The three channels advance in turn right behind the rows being made, which are still in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CompareRows(int channel, ReadOnlySpan<float> reference, ReadOnlySpan<float> distorted, int rowsReady)
    {
        int width = _width, height = _height;
        if (reference.Length < width * height || distorted.Length < width * height)
        {
            throw new ArgumentException($"the planes of a {width}x{height} scale need {width * height} values");
        }

        Select(channel);
        ref var sums = ref _sums[channel];
        int top = _nextTop[channel], nextRow = _nextRow[channel];
        fixed (float* a = reference, b = distorted)
        {
            for (; top < height && (top + Lanes <= rowsReady || rowsReady >= height); top += Lanes)
            {
                int rows = Math.Min(Lanes, height - top);
                TransposeIn(a, top, rows, width, _referenceStrip);
                TransposeIn(b, top, rows, width, _distortedStrip);
                HorizontalPass<MeansAndCross>(width, top);
                HorizontalPass<Squares>(width, top);

                // Row n of the vertical pass reads rows up to n + radius − 1, zero past the picture.
                int last = top + rows - 1;
                int through = last == height - 1 ? last : last - (_radius - 1);
                if (through >= nextRow)
                {
                    VerticalRun(nextRow, through, width, height, a, b, ref sums);
                    nextRow = through + 1;
                }
            }
        }

        _nextTop[channel] = top;
        _nextRow[channel] = nextRow;
    }

    public ChannelNorms Norms(int channel) =>
        _nextTop[channel] >= _height
            ? _sums[channel].Norms(_width * _height)
            : throw new InvalidOperationException($"channel {channel} has rows still to compare");

    private void Select(int channel)
    {
        _ring = _rings + ((long)channel * _ringSize);
        _state = _states + ((long)channel * _stateSize);
    }

    private static int Blocks(int width) => (width + Lanes - 1) / Lanes;

    /// <summary>The ring tile of one signal's block of columns: <see cref="_ringRows"/> rows of eight, then a zero row.</summary>
    private float* Tile(int signalBlock) => _ring + ((long)signalBlock * (_ringRows + 1) * Lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ToFloat(Vector128<ushort> samples) =>
        Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(samples));

    /// <summary>The chroma of luma columns x..x+7: the same columns, or four columns each taken twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ushort> LoadChroma(ushort* row, int x)
    {
        if (!_subsampledColumns)
        {
            return Sse2.LoadVector128(row + x);
        }

        var four = Vector128.CreateScalarUnsafe(*(ulong*)(row + (x >> 1))).AsUInt16();
        return Sse2.UnpackLow(four, four);
    }

    /// <summary>
    /// <see cref="SrgbEotf.ToLinear"/> of eight non-linear values, clamped to [0, 1] first. Each lane's two table
    /// neighbours are fetched as one 64-bit pair from <see cref="EotfPairs"/>, which halves the gathered elements.
    /// The scalar function's cases for 0 and 1 need no test here: there the fraction is 0 and the table holds
    /// exactly 0 and 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> Eotf(Vector256<float> value)
    {
        var one = Vector256<float>.One;
        var v = Avx.Min(Avx.Max(value, Vector256<float>.Zero), one);
        var position = v * (SrgbEotf.TableSize - 1);
        var cell = Avx.ConvertToVector256Int32WithTruncation(position);
        var fraction = position - Avx.ConvertToVector256Single(cell);
        var pairs0 = Avx2.GatherVector256(_eotfPairs, cell.GetLower(), 8).AsSingle();
        var pairs1 = Avx2.GatherVector256(_eotfPairs, cell.GetUpper(), 8).AsSingle();

        // Lows and highs in the lane order 0 1 4 5 2 3 6 7, put back in order.
        var low = Avx2.Permute4x64(Avx.Shuffle(pairs0, pairs1, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
        var high = Avx2.Permute4x64(Avx.Shuffle(pairs0, pairs1, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
        return low + ((high - low) * fraction);
    }

    /// <summary>
    /// <see cref="OpsinXyb.CubeRoot"/> on eight positive lanes. The first guess needs the float's bits divided by
    /// 3 exactly, which AVX2 has no instruction for: it is the high part of a multiply by ⌈2^33 / 3⌉.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> CubeRoot(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var reciprocal = Vector256.Create(0xAAAAAAABu);
        var even = Avx2.ShiftRightLogical(Avx2.Multiply(bits, reciprocal), 33);
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(bits.AsUInt64(), 32).AsUInt32(), reciprocal);
        var third = (even | Avx2.ShiftLeftLogical(Avx2.ShiftRightLogical(odd, 33), 32)).AsUInt32();
        var y = (third + Vector256.Create(OpsinXyb.CubeRootMagic)).AsSingle();
        var two = Vector256.Create(2.0f);
        var oneThird = Vector256.Create(1.0f / 3.0f);
        y = ((two * y) + (x / (y * y))) * oneThird;
        y = ((two * y) + (x / (y * y))) * oneThird;
        return y;
    }

    /// <summary>Rows top..top+rows−1 of a plane into a strip, column-major: lane r of column x is row top + r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeIn(float* plane, int top, int rows, int width, float* strip)
    {
        int x = 0;
        if (rows == Lanes)
        {
            float* source = plane + ((long)top * width);
            for (; x <= width - Lanes; x += Lanes)
            {
                Transpose8x8(source + x, width, strip + ((long)x * Lanes), Lanes);
            }
        }

        for (; x < width; x++)
        {
            for (int r = 0; r < Lanes; r++)
            {
                strip[(x * Lanes) + r] = r < rows ? plane[((long)(top + r) * width) + x] : 0.0f;
            }
        }
    }

    /// <summary>Transposes an 8x8 block between two row strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* source, int sourceStride, float* target, int targetStride)
    {
        var r0 = Vector256.Load(source);
        var r1 = Vector256.Load(source + sourceStride);
        var r2 = Vector256.Load(source + (2 * sourceStride));
        var r3 = Vector256.Load(source + (3 * sourceStride));
        var r4 = Vector256.Load(source + (4 * sourceStride));
        var r5 = Vector256.Load(source + (5 * sourceStride));
        var r6 = Vector256.Load(source + (6 * sourceStride));
        var r7 = Vector256.Load(source + (7 * sourceStride));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0b01_00_01_00);
        var u1 = Avx.Shuffle(t0, t2, 0b11_10_11_10);
        var u2 = Avx.Shuffle(t1, t3, 0b01_00_01_00);
        var u3 = Avx.Shuffle(t1, t3, 0b11_10_11_10);
        var u4 = Avx.Shuffle(t4, t6, 0b01_00_01_00);
        var u5 = Avx.Shuffle(t4, t6, 0b11_10_11_10);
        var u6 = Avx.Shuffle(t5, t7, 0b01_00_01_00);
        var u7 = Avx.Shuffle(t5, t7, 0b11_10_11_10);

        Avx.Permute2x128(u0, u4, 0x20).Store(target);
        Avx.Permute2x128(u1, u5, 0x20).Store(target + targetStride);
        Avx.Permute2x128(u2, u6, 0x20).Store(target + (2 * targetStride));
        Avx.Permute2x128(u3, u7, 0x20).Store(target + (3 * targetStride));
        Avx.Permute2x128(u0, u4, 0x31).Store(target + (4 * targetStride));
        Avx.Permute2x128(u1, u5, 0x31).Store(target + (5 * targetStride));
        Avx.Permute2x128(u2, u6, 0x31).Store(target + (6 * targetStride));
        Avx.Permute2x128(u3, u7, 0x31).Store(target + (7 * targetStride));
    }

    /// <summary>
    /// The horizontal recurrences of a group of signals along the transposed strips, eight rows at once, then into
    /// the signals' ring tiles. Each step of a recurrence waits on the previous one (a multiply and two
    /// subtractions), so two or three independent ones are interleaved to keep the pipelines busy; the group is
    /// a type argument so that each is compiled on its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HorizontalPass<TGroup>(int width, int top)
        where TGroup : struct, ISignalGroup
    {
        var c = _coefficients;
        Recurrence r0 = default, r1 = default, r2 = default;
        float* a = _referenceStrip, b = _distortedStrip;

        // The recurrences run over a chunk of columns into a small buffer, then the chunk's blocks go to the ring
        // while they are in L1; transposing inside the recurrence loop would evict its state from the registers.
        // Ring rows past the picture are written too: they are never read (the zero row stands in), and the ones
        // they overwrite are older than any row the vertical pass still needs.
        int blocks = Blocks(width);
        float* out0 = _stripOut, out1 = _stripOut + (ChunkColumns * Lanes), out2 = _stripOut + (2 * ChunkColumns * Lanes);
        float* tile0 = Tile(TGroup.First * blocks) + ((long)(top % _ringRows) * Lanes);
        long tileStride = (long)(_ringRows + 1) * Lanes;
        float* tile1 = tile0 + (blocks * tileStride), tile2 = tile1 + (blocks * tileStride);
        int radius = _radius, end = blocks * Lanes;
        int n = -radius + 1;
        for (int chunk = 0; chunk < end; chunk += ChunkColumns)
        {
            int chunkEnd = Math.Min(chunk + ChunkColumns, end);
            for (; n < chunkEnd; n++)
            {
                long left = (long)(n - radius - 1) * Lanes, right = (long)(n + radius - 1) * Lanes;
                TGroup.Sums(
                    Vector256.Load(a + left), Vector256.Load(a + right), Vector256.Load(b + left), Vector256.Load(b + right),
                    out var sum0, out var sum1, out var sum2);
                var o0 = r0.Step(sum0, c);
                var o1 = r1.Step(sum1, c);
                var o2 = TGroup.Count > 2 ? r2.Step(sum2, c) : default;
                if (n >= 0)
                {
                    long at = (long)(n - chunk) * Lanes;
                    o0.Store(out0 + at);
                    o1.Store(out1 + at);
                    if (TGroup.Count > 2)
                    {
                        o2.Store(out2 + at);
                    }
                }
            }

            for (int x = chunk; x < chunkEnd; x += Lanes)
            {
                long from = (long)(x - chunk) * Lanes, to = (long)(x / Lanes) * tileStride;
                Transpose8x8(out0 + from, Lanes, tile0 + to, Lanes);
                Transpose8x8(out1 + from, Lanes, tile1 + to, Lanes);
                if (TGroup.Count > 2)
                {
                    Transpose8x8(out2 + from, Lanes, tile2 + to, Lanes);
                }
            }
        }
    }

    /// <summary>
    /// Output rows <paramref name="first"/>..<paramref name="last"/> of the vertical recurrence for all five
    /// signals (rows before 0 only run the filters in), and their contribution to the maps. A block of eight
    /// columns at a time, each signal's filter state is held in registers down the run, its outputs parked in
    /// <see cref="_run"/>; then the maps take the run row by row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VerticalRun(int first, int last, int width, int height, float* reference, float* distorted, ref MapSums sums)
    {
        int count = last - first + 1;
        int* leftRow = stackalloc int[count];
        int* rightRow = stackalloc int[count];
        for (int j = 0; j < count; j++)
        {
            int left = first + j - _radius - 1, right = first + j + _radius - 1;
            leftRow[j] = (left >= 0 ? left % _ringRows : _ringRows) * Lanes;
            rightRow[j] = (right < height ? right % _ringRows : _ringRows) * Lanes;
        }

        int blocks = Blocks(width);
        int valid = width - ((blocks - 1) * Lanes);
        var lastBlockMask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(valid)).AsSingle();
        for (int block = 0; block < blocks; block++)
        {
            VerticalGroup<MeansAndCross>(block, blocks, count, leftRow, rightRow);
            VerticalGroup<Squares>(block, blocks, count, leftRow, rightRow);

            long x = (long)block * Lanes;
            bool partial = block == blocks - 1 && valid < Lanes;
            Vector256<float> ssim1 = default, ssim4 = default, artifact1 = default, artifact4 = default, loss1 = default, loss4 = default;
            for (int j = Math.Max(0, -first); j < count; j++)
            {
                float* run = _run + (j * Lanes);
                var mu1 = Vector256.Load(run);
                var mu2 = Vector256.Load(run + (MaxRun * Lanes));
                var sigma12 = Vector256.Load(run + (2 * MaxRun * Lanes));
                var sigma11 = Vector256.Load(run + (3 * MaxRun * Lanes));
                var sigma22 = Vector256.Load(run + (4 * MaxRun * Lanes));
                long pixel = ((long)(first + j) * width) + x;
                if (!partial)
                {
                    // Sixteen rows are walked side by side, 32 bytes a step: more streams than the hardware
                    // prefetcher follows, so each row's next lines are asked for ahead.
                    Sse.Prefetch0(reference + pixel + PrefetchAhead);
                    Sse.Prefetch0(distorted + pixel + PrefetchAhead);
                    AddMapTerms(
                        mu1, mu2, sigma11, sigma22, sigma12, Vector256.Load(reference + pixel), Vector256.Load(distorted + pixel),
                        ref ssim1, ref ssim4, ref artifact1, ref artifact4, ref loss1, ref loss4);
                }
                else
                {
                    // Lanes past the width hold whatever the filters made of stale columns; all-zero inputs add 0.
                    var zero = Vector256<float>.Zero;
                    AddMapTerms(
                        Vector256.ConditionalSelect(lastBlockMask, mu1, zero), Vector256.ConditionalSelect(lastBlockMask, mu2, zero),
                        Vector256.ConditionalSelect(lastBlockMask, sigma11, zero), Vector256.ConditionalSelect(lastBlockMask, sigma22, zero),
                        Vector256.ConditionalSelect(lastBlockMask, sigma12, zero),
                        Avx.MaskLoad(reference + pixel, lastBlockMask), Avx.MaskLoad(distorted + pixel, lastBlockMask),
                        ref ssim1, ref ssim4, ref artifact1, ref artifact4, ref loss1, ref loss4);
                }
            }

            sums.Add(ssim1, ssim4, artifact1, artifact4, loss1, loss4);
        }
    }

    /// <summary>
    /// The vertical recurrences of a group of signals in one block of columns down a run of rows, interleaved as in
    /// <see cref="HorizontalPass"/>, their state loaded from and stored back to the block's tiles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void VerticalGroup<TGroup>(int block, int blocks, int count, int* leftRow, int* rightRow)
        where TGroup : struct, ISignalGroup
    {
        var c = _coefficients;
        int tile0 = (TGroup.First * blocks) + block, tile1 = tile0 + blocks, tile2 = tile1 + blocks;
        float* ring0 = Tile(tile0), ring1 = Tile(tile1), ring2 = Tile(tile2);
        float* state0 = _state + ((long)tile0 * StatePerSignal * Lanes);
        float* state1 = _state + ((long)tile1 * StatePerSignal * Lanes);
        float* state2 = _state + ((long)tile2 * StatePerSignal * Lanes);
        float* run0 = _run + (TGroup.First * MaxRun * Lanes), run1 = run0 + (MaxRun * Lanes), run2 = run1 + (MaxRun * Lanes);
        var r0 = Recurrence.Load(state0);
        var r1 = Recurrence.Load(state1);
        var r2 = TGroup.Count > 2 ? Recurrence.Load(state2) : default;
        for (int j = 0; j < count; j++)
        {
            int left = leftRow[j], right = rightRow[j], at = j * Lanes;
            r0.Step(Vector256.Load(ring0 + left) + Vector256.Load(ring0 + right), c).Store(run0 + at);
            r1.Step(Vector256.Load(ring1 + left) + Vector256.Load(ring1 + right), c).Store(run1 + at);
            if (TGroup.Count > 2)
            {
                r2.Step(Vector256.Load(ring2 + left) + Vector256.Load(ring2 + right), c).Store(run2 + at);
            }
        }

        r0.Store(state0);
        r1.Store(state1);
        if (TGroup.Count > 2)
        {
            r2.Store(state2);
        }
    }

    /// <summary>
    /// One recurrence of <see cref="RecursiveGaussian"/>: the last two outputs of its three filters. A step takes
    /// the sum of the two taps and returns the output, in the fork's order of operations.
    /// </summary>
    private struct Recurrence
    {
        private Vector256<float> _p10, _p11, _p12, _p20, _p21, _p22;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Recurrence Load(float* state) => new()
        {
            _p10 = Vector256.Load(state),
            _p11 = Vector256.Load(state + Lanes),
            _p12 = Vector256.Load(state + (2 * Lanes)),
            _p20 = Vector256.Load(state + (3 * Lanes)),
            _p21 = Vector256.Load(state + (4 * Lanes)),
            _p22 = Vector256.Load(state + (5 * Lanes)),
        };

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Store(float* state)
        {
            _p10.Store(state);
            _p11.Store(state + Lanes);
            _p12.Store(state + (2 * Lanes));
            _p20.Store(state + (3 * Lanes));
            _p21.Store(state + (4 * Lanes));
            _p22.Store(state + (5 * Lanes));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Step(Vector256<float> sum, in Coefficients c)
        {
            var o0 = (c.N20 * sum) - (c.D10 * _p10) - _p20;
            var o1 = (c.N21 * sum) - (c.D11 * _p11) - _p21;
            var o2 = (c.N22 * sum) - (c.D12 * _p12) - _p22;
            (_p20, _p21, _p22) = (_p10, _p11, _p12);
            (_p10, _p11, _p12) = (o0, o1, o2);
            return o0 + o1 + o2;
        }
    }

    private readonly struct Coefficients(RecursiveGaussian blur)
    {
        public readonly Vector256<float> N20 = Vector256.Create(blur.N2[0]);
        public readonly Vector256<float> N21 = Vector256.Create(blur.N2[1]);
        public readonly Vector256<float> N22 = Vector256.Create(blur.N2[2]);
        public readonly Vector256<float> D10 = Vector256.Create(blur.D1[0]);
        public readonly Vector256<float> D11 = Vector256.Create(blur.D1[1]);
        public readonly Vector256<float> D12 = Vector256.Create(blur.D1[2]);
    }

    /// <summary>
    /// Signals filtered together: signals <see cref="First"/>.. of the ring (0 reference, 1 distorted,
    /// 2 their product, 3 reference², 4 distorted²), and the sums of their two taps from the pictures' taps.
    /// </summary>
    private interface ISignalGroup
    {
        static abstract int First { get; }

        static abstract int Count { get; }

        static abstract void Sums(
            Vector256<float> referenceLeft, Vector256<float> referenceRight, Vector256<float> distortedLeft, Vector256<float> distortedRight,
            out Vector256<float> sum0, out Vector256<float> sum1, out Vector256<float> sum2);
    }

    /// <summary>The pictures and their product (signals 0, 1, 2).</summary>
    private readonly struct MeansAndCross : ISignalGroup
    {
        public static int First => 0;

        public static int Count => 3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(
            Vector256<float> referenceLeft, Vector256<float> referenceRight, Vector256<float> distortedLeft, Vector256<float> distortedRight,
            out Vector256<float> sum0, out Vector256<float> sum1, out Vector256<float> sum2)
        {
            sum0 = referenceLeft + referenceRight;
            sum1 = distortedLeft + distortedRight;
            sum2 = (referenceLeft * distortedLeft) + (referenceRight * distortedRight);
        }
    }

    /// <summary>The squares of the pictures (signals 3, 4).</summary>
    private readonly struct Squares : ISignalGroup
    {
        public static int First => 3;

        public static int Count => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(
            Vector256<float> referenceLeft, Vector256<float> referenceRight, Vector256<float> distortedLeft, Vector256<float> distortedRight,
            out Vector256<float> sum0, out Vector256<float> sum1, out Vector256<float> sum2)
        {
            sum0 = (referenceLeft * referenceLeft) + (referenceRight * referenceRight);
            sum1 = (distortedLeft * distortedLeft) + (distortedRight * distortedRight);
            sum2 = default;
        }
    }

    /// <summary>
    /// The sums of the two maps. Per pixel the maps are taken in float, where the fork takes them in double:
    /// libjxl's original takes the SSIM ratio in float too, and the edge ratio (1 + e2)/(1 + e1) − 1 is
    /// rewritten as (e2 − e1)/(1 + e1), equal in exact arithmetic, so that float does not cancel its leading 1.
    /// A pixel's terms then differ from the fork's by a few float ulps, far below the parity bar, and cost
    /// a third of the double ones. A block's run of rows is summed in float, then added to double sums.
    /// </summary>
    private struct MapSums
    {
        private Vector256<double> _ssim1, _ssim4, _artifact1, _artifact4, _loss1, _loss4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(
            Vector256<float> ssim1, Vector256<float> ssim4, Vector256<float> artifact1, Vector256<float> artifact4,
            Vector256<float> loss1, Vector256<float> loss4)
        {
            _ssim1 += Vector256.WidenLower(ssim1) + Vector256.WidenUpper(ssim1);
            _ssim4 += Vector256.WidenLower(ssim4) + Vector256.WidenUpper(ssim4);
            _artifact1 += Vector256.WidenLower(artifact1) + Vector256.WidenUpper(artifact1);
            _artifact4 += Vector256.WidenLower(artifact4) + Vector256.WidenUpper(artifact4);
            _loss1 += Vector256.WidenLower(loss1) + Vector256.WidenUpper(loss1);
            _loss4 += Vector256.WidenLower(loss4) + Vector256.WidenUpper(loss4);
        }

        public readonly ChannelNorms Norms(int pixels)
        {
            double perPixel = 1.0 / pixels;
            return new ChannelNorms
            {
                SsimMean = perPixel * Vector256.Sum(_ssim1),
                Ssim4Norm = Math.Sqrt(Math.Sqrt(perPixel * Vector256.Sum(_ssim4))),
                ArtifactMean = perPixel * Vector256.Sum(_artifact1),
                Artifact4Norm = Math.Sqrt(Math.Sqrt(perPixel * Vector256.Sum(_artifact4))),
                DetailLossMean = perPixel * Vector256.Sum(_loss1),
                DetailLoss4Norm = Math.Sqrt(Math.Sqrt(perPixel * Vector256.Sum(_loss4))),
            };
        }
    }

    /// <summary>
    /// The map terms of eight pixels, added to a block's float sums. The sums are locals of the caller passed by
    /// reference, which the JIT keeps in registers once this is inlined (a struct of six vectors it would not).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMapTerms(
        Vector256<float> mu1, Vector256<float> mu2, Vector256<float> sigma11, Vector256<float> sigma22,
        Vector256<float> sigma12, Vector256<float> reference, Vector256<float> distorted,
        ref Vector256<float> ssim1, ref Vector256<float> ssim4, ref Vector256<float> artifact1,
        ref Vector256<float> artifact4, ref Vector256<float> loss1, ref Vector256<float> loss4)
    {
        var zero = Vector256<float>.Zero;
        var one = Vector256<float>.One;
        var c2 = Vector256.Create(Ssimulacra2ScalarKernel.C2);
        var mu11 = mu1 * mu1;
        var mu22 = mu2 * mu2;
        var mu12 = mu1 * mu2;
        var difference = mu1 - mu2;
        var numM = one - (difference * difference);
        var numS = (Vector256.Create(2.0f) * (sigma12 - mu12)) + c2;
        var denS = (sigma11 - mu11) + (sigma22 - mu22) + c2;
        var d = Avx.Max(one - (numM * numS / denS), zero);
        var d2 = d * d;
        ssim1 += d;
        ssim4 += d2 * d2;

        var edge1 = Vector256.Abs(reference - mu1);
        var edge2 = Vector256.Abs(distorted - mu2);
        var ratio = (edge2 - edge1) / (one + edge1);
        var artifact = Avx.Max(ratio, zero);
        var loss = Avx.Max(zero - ratio, zero);
        var artifact2 = artifact * artifact;
        var loss2 = loss * loss;
        artifact1 += artifact;
        artifact4 += artifact2 * artifact2;
        loss1 += loss;
        loss4 += loss2 * loss2;
    }
}
