using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyVmaf.Features.FloatFilter;
using TinyVmaf.Features.Simd;

namespace TinyVmaf.Features.Speed;

/// <summary>
/// SpEED (Bampis, Gupta, Soundararajan, Bovik 2017) on one plane size: the plane is prescaled, low-passed and
/// decimated by 16, its local mean removed, and cut to whole 5 x 5 blocks. A Gaussian scale mixture fitted to
/// the blocks (the 25 x 25 covariance of all shifted 5 x 5 windows, and each block's variance from a linear
/// solve against it) gives each block an entropy; the score is the mean over blocks of the variance-weighted
/// entropy difference between reference and distorted. Numerically libvmaf 3.2's <c>speed.c</c>: float
/// throughout, double where it is. Owns every buffer it needs, sized here; scoring allocates nothing.
/// </summary>
internal sealed class SpeedEstimator
{
    public const int BlockSize = 5;
    public const int BlockElements = BlockSize * BlockSize;

    // log2(2 pi e): the differential entropy of a unit-variance Gaussian, in bits, less half log2 of variance.
    private static readonly double Log2TwoPiE = Math.Log2(2 * Math.PI * Math.E);

    private readonly SpeedOptions _options;
    private readonly bool _simd;
    private readonly bool _prescale;
    private readonly VifFrameScaler? _prescaler;
    private readonly float[] _antialias;
    private readonly float[] _localMean;

    // The plane as libvmaf's float buffer (stride = the wider of the original and scaled widths), the samples
    // before the prescale (when there is one), and the filter's row scratch.
    private readonly float[] _plane, _unscaled, _row;

    // The plane decimated by 16, then less its local mean, and those local means (same stride, its rows only).
    private readonly float[] _decimated, _localMeans;

    private readonly SpeedCovariance _covarianceKernel;

    private readonly float[] _means = new float[BlockElements];
    private readonly float[] _covariance = new float[BlockElements * BlockElements];
    private readonly float[] _eigenvalues = new float[BlockElements];
    private readonly float[] _eigenScratch = new float[SpeedLinearAlgebra.EigenScratch(BlockElements)];
    private readonly float[] _blocks;
    private readonly float[] _solution;
    private readonly float[] _solveScratch;
    private readonly Result _reference, _distorted;

    public SpeedEstimator(int width, int height, SpeedOptions options, bool useSimd)
    {
        options.Validate();
        _options = options;
        _simd = useSimd;
        Width = width;
        Height = height;
        ScaledWidth = (int)(width * options.Prescale + 0.5);
        ScaledHeight = (int)(height * options.Prescale + 0.5);
        Stride = Math.Max(width, ScaledWidth);
        int rows = Math.Max(height, ScaledHeight);
        int operatingW = ScaledWidth >> SpeedFilter.Scales, operatingH = ScaledHeight >> SpeedFilter.Scales;
        TruncatedWidth = operatingW / BlockSize * BlockSize;
        TruncatedHeight = operatingH / BlockSize * BlockSize;
        if (TruncatedWidth == 0 || TruncatedHeight == 0)
        {
            // libvmaf logs "image too small" here, ignores it, and then crashes on the first frame.
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}",
                $"SpEED needs a plane of at least 80x80 after speed_prescale {options.Prescale} (it decimates by 16 into 5x5 blocks); this one is {width}x{height}, {ScaledWidth}x{ScaledHeight} prescaled");
        }

        BlocksAcross = TruncatedWidth / BlockSize;
        BlocksDown = TruncatedHeight / BlockSize;

        // libvmaf skips the prescale when it is within 1e-3 of 1 (the scaled size may still round differently).
        _prescale = Math.Abs(options.Prescale - 1.0) >= 1.0e-3;
        if (_prescale)
        {
            _prescaler = new VifFrameScaler(options.PrescaleMethod, width, height, ScaledWidth, ScaledHeight);
        }

        float kernelScale = (float)options.KernelScale;
        _antialias = VifWindows.AntialiasWindow(SpeedFilter.Scales, kernelScale);
        _localMean = VifWindows.Window(SpeedFilter.Scales, kernelScale);
        _plane = new float[Stride * rows];
        _unscaled = _prescale ? new float[Stride * rows] : [];
        _decimated = new float[Stride * operatingH];
        _localMeans = new float[Stride * operatingH];
        _covarianceKernel = new SpeedCovariance(WindowsAcross, WindowsDown, useSimd);
        _row = new float[SeparableFilter.ScratchLength(Stride, Math.Max(_antialias.Length, _localMean.Length) / 2)];
        int blocks = BlocksAcross * BlocksDown;
        _blocks = new float[BlockElements * blocks];
        _solution = new float[BlockElements * blocks];
        _solveScratch = new float[SpeedLinearAlgebra.SolveScratch(BlockElements, blocks)];
        _reference = new Result(blocks);
        _distorted = new Result(blocks);
    }

    public int Width { get; }
    public int Height { get; }
    public int ScaledWidth { get; }
    public int ScaledHeight { get; }
    public int Stride { get; }
    public int TruncatedWidth { get; }
    public int TruncatedHeight { get; }
    public int BlocksAcross { get; }
    public int BlocksDown { get; }

    private int Blocks => BlocksAcross * BlocksDown;

    /// <summary>Windows positions per axis in the covariance: every 5 x 5 window of the truncated plane.</summary>
    private int WindowsAcross => TruncatedWidth - BlockSize + 1;

    private int WindowsDown => TruncatedHeight - BlockSize + 1;

    /// <summary>The entropies and variances of one picture's blocks.</summary>
    private sealed class Result(int blocks)
    {
        public float[] Entropies { get; } = new float[blocks];
        public float[] Variances { get; } = new float[blocks];
    }

    /// <summary>
    /// The SpEED score of one plane pair (samples as libvmaf copies them: 8-bit minus 128, or high bit depth
    /// scaled to 8 bits first). Returns false, as libvmaf's error, when either covariance is singular; the score
    /// is then 0 if only one of them was.
    /// </summary>
    public bool Score<T>(ReadOnlySpan<T> reference, int referenceStride, ReadOnlySpan<T> distorted, int distortedStride, int bitDepth, out float score)
        where T : unmanaged
    {
        Load(reference, referenceStride, bitDepth);
        FilterAndDownscale();
        bool refOk = Estimate(_reference);
        Load(distorted, distortedStride, bitDepth);
        FilterAndDownscale();
        bool disOk = Estimate(_distorted);

        // One side numerically unstable (rare): libvmaf reports 0 rather than an inflated score.
        score = refOk != disOk ? 0.0f : Compare();
        return refOk && disOk;
    }

    /// <summary>libvmaf's <c>picture_copy</c> with offset −128: 8-bit as is, 10/12/16-bit divided by 4/16/256 first.</summary>
    private void Load<T>(ReadOnlySpan<T> samples, int stride, int bitDepth)
        where T : unmanaged
    {
        float scaler = bitDepth switch
        {
            10 => 4.0f,
            12 => 16.0f,
            16 => 256.0f,
            _ => 1.0f,
        };
        // The prescaler reads the samples from their own buffer and writes the plane.
        var target = _prescale ? _unscaled : _plane;
        for (int i = 0; i < Height; i++)
        {
            var src = samples.Slice(i * stride, Width);
            ref T s = ref MemoryMarshal.GetReference(src);
            var dst = target.AsSpan(i * Stride, Width);
            int from = _simd ? LoadVector(src, dst, bitDepth == 8 ? 1.0f : scaler) : 0;
            if (bitDepth == 8)
            {
                for (int j = from; j < Width; j++)
                {
                    dst[j] = (float)SampleVectors.Read(ref s, j) + -128;
                }
            }
            else
            {
                for (int j = from; j < Width; j++)
                {
                    dst[j] = (float)SampleVectors.Read(ref s, j) / scaler + -128;
                }
            }
        }
    }

    /// <summary>
    /// The copy of one row, 16 samples at a time; returns the first column left to the scalar loop. Dividing by
    /// 1 (8-bit) or a power of two is exact, so one path serves every depth.
    /// </summary>
    private static int LoadVector<T>(ReadOnlySpan<T> src, Span<float> dst, float scaler)
        where T : unmanaged
    {
        if (!Avx2.IsSupported)
        {
            return 0;
        }

        ref T s = ref MemoryMarshal.GetReference(src);
        ref float d = ref MemoryMarshal.GetReference(dst);
        var divisor = Vector256.Create(scaler);
        var offset = Vector256.Create(-128.0f);
        int j = 0;
        for (; j + Vector256<float>.Count <= src.Length; j += Vector256<float>.Count)
        {
            var samples = SampleVectors.Load256Int32(ref s, (nuint)j);
            ((Vector256.ConvertToSingle(samples) / divisor) + offset).StoreUnsafe(ref d, (nuint)j);
        }

        return j;
    }

    /// <summary>Prescale, anti-alias and decimate by 16, then subtract the 3-tap local mean: the result is in _decimated.</summary>
    private void FilterAndDownscale()
    {
        if (_prescale)
        {
            _prescaler!.Scale(_unscaled, _plane, Stride);
        }

        SpeedFilter.FilterDecimate16(_antialias, _plane, _decimated, _row, ScaledWidth, ScaledHeight, Stride, _simd);
        int w = ScaledWidth >> SpeedFilter.Scales, h = ScaledHeight >> SpeedFilter.Scales;
        SpeedFilter.Filter(_localMean, _decimated, _localMeans, _row, w, h, Stride, _simd);
        for (int i = 0; i < h; i++)
        {
            var plane = _decimated.AsSpan(i * Stride, w);
            var mean = _localMeans.AsSpan(i * Stride, w);
            for (int j = 0; j < w; j++)
            {
                plane[j] -= mean[j];
            }
        }
    }

    /// <summary>libvmaf's <c>est_params</c> on _decimated. Returns false when the covariance cannot be inverted.</summary>
    private bool Estimate(Result output)
    {
        _covarianceKernel.Compute(_decimated, Stride, _means, _covariance);
        SpeedLinearAlgebra.Eigenvalues(_covariance, _eigenvalues, BlockElements, _eigenScratch, _simd);
        GatherBlocks();

        bool regular = true;
        foreach (float e in _eigenvalues)
        {
            regular &= !(e < SpeedLinearAlgebra.Epsilon);
        }

        bool solved = regular && SpeedLinearAlgebra.Solve(_covariance, BlockElements, _blocks, Blocks, _solution, _solveScratch, _simd);
        if (!solved)
        {
            // libvmaf warns "est_params: covariance matrix is singular" and goes on with zero variances.
            Array.Clear(_solution);
        }

        // Each block's variance: the sum over its 25 elements of solution x sample / 25.
        int blocks = Blocks;
        float divisor = BlockElements;
        for (int e = 0; e < BlockElements; e++)
        {
            for (int b = 0; b < blocks; b++)
            {
                _solution[e * blocks + b] = _solution[e * blocks + b] * _blocks[e * blocks + b] / divisor;
            }
        }

        for (int e = 1; e < BlockElements; e++)
        {
            for (int b = 0; b < blocks; b++)
            {
                _solution[b] += _solution[e * blocks + b];
            }
        }

        var entropies = output.Entropies;
        Array.Clear(entropies);
        float sigmaNn = (float)_options.SigmaNn;
        for (int k = 0; k < BlockElements; k++)
        {
            float lambda = _eigenvalues[k] < 0 ? 0 : _eigenvalues[k];
            for (int b = 0; b < blocks; b++)
            {
                entropies[b] = (float)(entropies[b] + (Math.Log2(lambda * _solution[b] + sigmaNn) + Log2TwoPiE));
            }
        }

        Array.Copy(_solution, output.Variances, blocks);
        return solved;
    }

    /// <summary>The right-hand sides: row e (= row * 5 + column within a block) holds that element of every block.</summary>
    private void GatherBlocks()
    {
        int blocks = Blocks;
        for (int e = 0; e < BlockElements; e++)
        {
            int di = e / BlockSize, dj = e % BlockSize;
            for (int bi = 0; bi < BlocksDown; bi++)
            {
                for (int bj = 0; bj < BlocksAcross; bj++)
                {
                    _blocks[e * blocks + bi * BlocksAcross + bj] = _decimated[(bi * BlockSize + di) * Stride + bj * BlockSize + dj];
                }
            }
        }
    }

    /// <summary>libvmaf's <c>get_speed_score</c>: mean over blocks of |spatial_ref − spatial_dis|.</summary>
    private float Compare()
    {
        float sigmaNn = (float)_options.SigmaNn, nnFloor = (float)_options.NnFloor;
        float baseEntropy = (float)(BlockElements * (Math.Log2((1 + nnFloor) * sigmaNn) + Log2TwoPiE));
        var er = _reference.Entropies;
        var ed = _distorted.Entropies;
        var vr = _reference.Variances;
        var vd = _distorted.Variances;
        float score = 0;
        int blocks = Blocks;
        for (int b = 0; b < blocks; b++)
        {
            if (er[b] < baseEntropy && ed[b] < baseEntropy)
            {
                // Both below the noise floor's entropy: no visible difference.
                continue;
            }

            // The weights' log2 arguments are float where libvmaf's expression is float and double where it
            // mixes in a double constant (modes 3..6): kept, since it shows in the last digits.
            float spatialRef, spatialDis;
            switch (_options.WeightVarMode)
            {
                case 0:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vr[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + vd[b]));
                    break;
                case 1:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vr[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + vr[b]));
                    break;
                case 2:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vd[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + vd[b]));
                    break;
                case 3:
                    spatialRef = (float)(er[b] * Math.Log2(1 + (vr[b] + vd[b]) / 2.0));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + (vr[b] + vd[b]) / 2.0));
                    break;
                case 4:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vr[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + (vr[b] + vd[b]) / 2.0));
                    break;
                case 5:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vr[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + (0.75 * vr[b] + 0.25 * vd[b])));
                    break;
                default:
                    spatialRef = (float)(er[b] * Math.Log2(1 + vr[b]));
                    spatialDis = (float)(ed[b] * Math.Log2(1 + (0.25 * vr[b] + 0.75 * vd[b])));
                    break;
            }

            score += MathF.Abs(spatialRef - spatialDis);
        }

        return score / blocks;
    }
}
