using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace TinyVmaf.Model.Regressor;

/// <summary>
/// The regressor's forward and backward pass over one batch: <c>depth</c> × [Linear, GELU, Dropout], then a
/// last Linear. Generic over the element type so that the very code training runs in float can be checked
/// in double against finite differences.
/// </summary>
/// <remarks>
/// Activations are stored feature-major, <c>[width, n]</c> (one contiguous run of n batch values per unit),
/// so every inner loop is one TensorPrimitives call over the whole batch: <c>z_j += W[j,k]·a_k</c> forwards,
/// <c>∂W[j,k] = dz_j · a_k</c> and <c>da_k += W[j,k]·dz_j</c> backwards. Each call's arithmetic is fixed by its
/// length and the machine's vector width, never by threads, so a run is reproducible bit for bit on a given
/// machine; between machines with different vector widths the dot products may round differently.
/// Parameters live in one flat array, per layer <c>W</c> row-major <c>[out, in]</c> (PyTorch's and ONNX
/// Gemm transB's layout) followed by <c>b</c>, so the optimiser is one loop.
/// </remarks>
internal sealed class MlpNetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _widths;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly int _capacity;
    private readonly T[][] _preActivation;
    private readonly T[][] _activation;
    private readonly T[][] _activationGradientScale;
    private readonly T[] _output;
    private readonly T[] _scratchA;
    private readonly T[] _scratchB;

    public MlpNetwork(int inputs, int hidden, int depth, int outputs, int batchCapacity)
    {
        if (inputs < 1 || hidden < 1 || depth < 1 || outputs is < 1 or > 2 || batchCapacity < 1)
            throw new ArgumentException("An MLP needs at least one input, one hidden layer of one unit, 1 or 2 outputs and a batch.");
        _widths = new int[depth + 2];
        _widths[0] = inputs;
        for (int l = 1; l <= depth; l++)
            _widths[l] = hidden;
        _widths[^1] = outputs;

        _weightOffsets = new int[depth + 1];
        _biasOffsets = new int[depth + 1];
        int offset = 0;
        for (int l = 0; l <= depth; l++)
        {
            _weightOffsets[l] = offset;
            offset += _widths[l] * _widths[l + 1];
            _biasOffsets[l] = offset;
            offset += _widths[l + 1];
        }
        Parameters = new T[offset];
        Gradients = new T[offset];

        _capacity = batchCapacity;
        _preActivation = new T[depth][];
        _activation = new T[depth][];
        _activationGradientScale = new T[depth][];
        for (int l = 0; l < depth; l++)
        {
            _preActivation[l] = new T[hidden * batchCapacity];
            _activation[l] = new T[hidden * batchCapacity];
            _activationGradientScale[l] = new T[hidden * batchCapacity];
        }
        _output = new T[outputs * batchCapacity];
        _scratchA = new T[hidden * batchCapacity];
        _scratchB = new T[hidden * batchCapacity];
    }

    public int Inputs => _widths[0];

    public int Outputs => _widths[^1];

    public int Depth => _widths.Length - 2;

    public int Hidden => _widths[1];

    public int BatchCapacity => _capacity;

    /// <summary>All weights and biases, per layer W <c>[out, in]</c> then b.</summary>
    public T[] Parameters { get; }

    /// <summary>∂loss/∂parameters from the last <see cref="Backward"/>, same layout as <see cref="Parameters"/>.</summary>
    public T[] Gradients { get; }

    public Span<T> Weight(int layer) => Parameters.AsSpan(_weightOffsets[layer], _widths[layer] * _widths[layer + 1]);

    public Span<T> Bias(int layer) => Parameters.AsSpan(_biasOffsets[layer], _widths[layer + 1]);

    /// <summary>
    /// PyTorch's default for <c>nn.Linear</c>: kaiming-uniform with a = √5, which works out to
    /// W, b ~ U(−1/√in, 1/√in); drawn layer by layer, weights before biases.
    /// </summary>
    public void Initialise(SeededRandom random)
    {
        for (int l = 0; l < _widths.Length - 1; l++)
        {
            double bound = 1.0 / Math.Sqrt(_widths[l]);
            var w = Weight(l);
            for (int i = 0; i < w.Length; i++)
                w[i] = T.CreateTruncating((2.0 * random.NextDouble() - 1.0) * bound);
            var b = Bias(l);
            for (int i = 0; i < b.Length; i++)
                b[i] = T.CreateTruncating((2.0 * random.NextDouble() - 1.0) * bound);
        }
    }

    /// <summary>
    /// Runs the batch <paramref name="input"/> (<c>[Inputs, n]</c>, feature-major) forwards and returns the
    /// output, <c>[Outputs, n]</c>. With a random stream, inverted dropout is applied after each GELU (kept units
    /// scaled by 1/(1−p), as PyTorch does in training mode); without one the pass is the inference pass.
    /// </summary>
    public ReadOnlySpan<T> Forward(ReadOnlySpan<T> input, int n, SeededRandom? dropoutRandom, float dropout)
    {
        CheckBatch(input, n);
        ReadOnlySpan<T> previous = input;
        for (int l = 0; l < Depth; l++)
        {
            int width = _widths[l + 1];
            var z = _preActivation[l].AsSpan(0, width * n);
            var a = _activation[l].AsSpan(0, width * n);
            var g = _activationGradientScale[l].AsSpan(0, width * n);
            Linear(l, previous, n, z);
            GeluWithDerivative(z, a, g);
            if (dropoutRandom is not null && dropout > 0f)
                ApplyDropout(a, g, dropoutRandom, dropout);
            previous = a;
        }
        var output = _output.AsSpan(0, Outputs * n);
        Linear(Depth, previous, n, output);
        return output;
    }

    /// <summary>
    /// Back-propagates ∂loss/∂output (<c>[Outputs, n]</c>) through the pass last run by <see cref="Forward"/>
    /// on the same input, overwriting <see cref="Gradients"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<T> input, int n, ReadOnlySpan<T> outputGradient)
    {
        CheckBatch(input, n);
        if (outputGradient.Length < Outputs * n)
            throw new ArgumentException("The output gradient is shorter than the batch.", nameof(outputGradient));
        ReadOnlySpan<T> dz = outputGradient[..(Outputs * n)];
        var scratch = _scratchA;
        for (int l = Depth; l >= 0; l--)
        {
            int fanIn = _widths[l];
            int fanOut = _widths[l + 1];
            ReadOnlySpan<T> previous = l == 0 ? input : _activation[l - 1].AsSpan(0, fanIn * n);
            var w = Weight(l);
            var gw = Gradients.AsSpan(_weightOffsets[l], fanIn * fanOut);
            var gb = Gradients.AsSpan(_biasOffsets[l], fanOut);
            for (int j = 0; j < fanOut; j++)
            {
                var dzj = dz.Slice(j * n, n);
                gb[j] = TensorPrimitives.Sum(dzj);
                for (int k = 0; k < fanIn; k++)
                    gw[j * fanIn + k] = TensorPrimitives.Dot(dzj, previous.Slice(k * n, n));
            }
            if (l == 0)
                break;

            // ∂loss/∂a of the layer below, then through its dropout mask and GELU: dz = da ⊙ GELU'(z)·mask.
            var da = scratch.AsSpan(0, fanIn * n);
            da.Clear();
            for (int j = 0; j < fanOut; j++)
            {
                var dzj = dz.Slice(j * n, n);
                for (int k = 0; k < fanIn; k++)
                {
                    var dak = da.Slice(k * n, n);
                    TensorPrimitives.MultiplyAdd(dzj, w[j * fanIn + k], dak, dak);
                }
            }
            TensorPrimitives.Multiply(da, _activationGradientScale[l - 1].AsSpan(0, fanIn * n), da);
            dz = da;
            scratch = ReferenceEquals(scratch, _scratchA) ? _scratchB : _scratchA;
        }
    }

    private void Linear(int layer, ReadOnlySpan<T> input, int n, Span<T> output)
    {
        int fanIn = _widths[layer];
        int fanOut = _widths[layer + 1];
        var w = Weight(layer);
        var b = Bias(layer);
        for (int j = 0; j < fanOut; j++)
        {
            var zj = output.Slice(j * n, n);
            zj.Fill(b[j]);
            for (int k = 0; k < fanIn; k++)
                TensorPrimitives.MultiplyAdd(input.Slice(k * n, n), w[j * fanIn + k], zj, zj);
        }
    }

    private static void GeluWithDerivative(Span<T> z, Span<T> a, Span<T> g)
    {
        if (typeof(T) == typeof(float))
        {
            Gelu.ForwardWithDerivative(MemoryMarshal.Cast<T, float>(z), MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(g));
        }
        else
        {
            for (int i = 0; i < z.Length; i++)
            {
                double x = double.CreateTruncating(z[i]);
                a[i] = T.CreateTruncating(Gelu.Exact(x));
                g[i] = T.CreateTruncating(Gelu.ExactDerivative(x));
            }
        }
    }

    // Each 64-bit draw gives two 24-bit uniforms u; a unit is kept when u ≥ p·2²⁴, i.e. with probability 1 − p
    // (to within 2⁻²⁴), the same test as "uniform float in [0, 1) ≥ p" without converting.
    internal static void ApplyDropout(Span<T> a, Span<T> g, SeededRandom random, float dropout)
    {
        T keepScale = T.CreateTruncating(1.0 / (1.0 - dropout));
        uint threshold = (uint)Math.Ceiling(dropout * (double)(1 << 24));
        for (int i = 0; i < a.Length; i += 2)
        {
            ulong bits = random.NextUInt64();
            T mask = (uint)(bits >> 40) >= threshold ? keepScale : T.Zero;
            a[i] *= mask;
            g[i] *= mask;
            if (i + 1 < a.Length)
            {
                mask = ((uint)(bits >> 16) & 0xFFFFFF) >= threshold ? keepScale : T.Zero;
                a[i + 1] *= mask;
                g[i + 1] *= mask;
            }
        }
    }

    private void CheckBatch(ReadOnlySpan<T> input, int n)
    {
        if (n < 1 || n > _capacity)
            throw new ArgumentOutOfRangeException(nameof(n), n, $"A batch holds 1..{_capacity} rows.");
        if (input.Length < Inputs * n)
            throw new ArgumentException("The input is shorter than the batch.", nameof(input));
    }
}
