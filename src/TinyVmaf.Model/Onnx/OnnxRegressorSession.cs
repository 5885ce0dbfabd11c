using Microsoft.ML.OnnxRuntime;

namespace TinyVmaf.Model.Onnx;

/// <summary>
/// An ONNX Runtime session over a regressor that scores batches of standardised rows. Rows are fed in chunks
/// of at most <see cref="MaxBatch"/>; the input and output buffers, and the tensors over them for a full
/// chunk, are allocated once here and reused by every call. Not thread-safe: one instance per thread.
/// </summary>
internal sealed class OnnxRegressorSession : IDisposable
{
    public const int DefaultMaxBatch = 1024;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly RegressorSignature _signature;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly float[] _features;
    private readonly float[] _codec;
    private readonly float[] _output;
    private readonly OrtValue[] _fullInputs;
    private readonly OrtValue[] _fullOutputs;

    /// <param name="modelBytes">A self-contained model (see <see cref="VerifiedOnnxModel.RuntimeBytes"/>).</param>
    public OnnxRegressorSession(byte[] modelBytes, RegressorSignature signature, int maxBatch = DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _signature = signature;
        MaxBatch = maxBatch;

        using var options = new SessionOptions
        {
            // The graph is a few small Gemms: one thread is faster than waking a pool, and leaves the cores to
            // callers that score several clips at once.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // Errors reach the caller as exceptions (and the CLI prints them as one line); ORT's own log would print
            // them a second time, in colour, on stderr.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        _session = new InferenceSession(modelBytes, options);

        _inputNames = signature.CodecAware
            ? [OnnxContract.FeaturesInput, OnnxContract.CodecOneHotInput]
            : [OnnxContract.FeaturesInput];
        _outputNames = [signature.OutputName];
        _features = new float[maxBatch * signature.FeatureCount];
        _codec = new float[signature.CodecAware ? maxBatch * OnnxContract.CodecOneHotWidth : 0];
        _output = new float[maxBatch * signature.OutputWidth];
        _fullInputs = CreateInputs(maxBatch);
        _fullOutputs = [CreateOutput(maxBatch)];
    }

    public int MaxBatch { get; }

    public RegressorSignature Signature => _signature;

    /// <summary>
    /// Scores <c>N = features.Length / F</c> standardised rows. <paramref name="codecOneHot"/> holds N×6 values
    /// for a codec-aware model and is ignored otherwise. <paramref name="logVariance"/> is filled in variance
    /// mode (and may be empty otherwise).
    /// </summary>
    public void Run(ReadOnlySpan<float> features, ReadOnlySpan<float> codecOneHot, Span<float> scores, Span<float> logVariance)
    {
        int f = _signature.FeatureCount;
        if (features.Length % f != 0)
        {
            throw new ArgumentException($"{features.Length} feature values are not whole rows of {f}.", nameof(features));
        }

        int rows = features.Length / f;
        if (_signature.CodecAware && codecOneHot.Length != rows * OnnxContract.CodecOneHotWidth)
        {
            throw new ArgumentException($"{rows} rows need {rows * OnnxContract.CodecOneHotWidth} codec one-hot values, got {codecOneHot.Length}.", nameof(codecOneHot));
        }

        if (scores.Length < rows || (_signature.Variance && logVariance.Length < rows))
        {
            throw new ArgumentException($"The output spans hold fewer than {rows} rows.");
        }

        for (int start = 0; start < rows; start += MaxBatch)
        {
            int n = Math.Min(MaxBatch, rows - start);
            features.Slice(start * f, n * f).CopyTo(_features);
            if (_signature.CodecAware)
            {
                codecOneHot.Slice(start * OnnxContract.CodecOneHotWidth, n * OnnxContract.CodecOneHotWidth).CopyTo(_codec);
            }

            RunChunk(n);
            if (_signature.Variance)
            {
                for (int i = 0; i < n; i++)
                {
                    scores[start + i] = _output[2 * i];
                    logVariance[start + i] = _output[2 * i + 1];
                }
            }
            else
            {
                _output.AsSpan(0, n).CopyTo(scores[start..]);
            }
        }
    }

    private void RunChunk(int n)
    {
        if (n == MaxBatch)
        {
            _session.Run(_runOptions, _inputNames, _fullInputs, _outputNames, _fullOutputs);
            return;
        }

        // The tail chunk: tensors of its own shape over the same buffers (ONNX Runtime wants the exact shape).
        var inputs = CreateInputs(n);
        using var output = CreateOutput(n);
        try
        {
            _session.Run(_runOptions, _inputNames, inputs, _outputNames, [output]);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Dispose();
            }
        }
    }

    private OrtValue[] CreateInputs(int n)
    {
        var features = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            _features.AsMemory(0, n * _signature.FeatureCount), [n, _signature.FeatureCount]);
        return _signature.CodecAware
            ? [features, OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                _codec.AsMemory(0, n * OnnxContract.CodecOneHotWidth), [n, OnnxContract.CodecOneHotWidth])]
            : [features];
    }

    private OrtValue CreateOutput(int n)
    {
        long[] shape = _signature.OutputRank == 1 ? [n] : [n, _signature.OutputWidth];
        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n * _signature.OutputWidth), shape);
    }

    public void Dispose()
    {
        foreach (var value in _fullInputs.Concat(_fullOutputs))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }
}
