using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Regressor;

/// <summary>
/// The full-reference regressor: a trained <see cref="MlpWeights"/> plus the per-feature standardisation it
/// was trained with. v1 (codec-blind) sees F standardised features; v2 (codec-aware) sees the same followed
/// by the 6-wide codec one-hot (<see cref="CodecVocabulary"/>), which is not standardised. The weights predict
/// on the label's own scale (e.g. MOS or VMAF on 0..100); see <see cref="Train"/> for how that is kept exact.
/// </summary>
public sealed class FrRegressor
{
    /// <summary>A feature whose population std over the training rows is below this is divided by 1 instead.</summary>
    public const double MinimumStd = 1e-8;

    private readonly float[] _featureMean;
    private readonly float[] _featureStd;

    internal FrRegressor(MlpWeights weights, float[] featureMean, float[] featureStd, bool codecAware,
        double labelOffset, double labelScale, IReadOnlyList<double> epochLoss)
    {
        int expectedInputs = featureMean.Length + (codecAware ? CodecVocabulary.Count : 0);
        if (featureMean.Length != featureStd.Length || weights.Inputs != expectedInputs)
            throw new ArgumentException("Weights, mean and std disagree on the number of inputs.");
        Weights = weights;
        _featureMean = featureMean;
        _featureStd = featureStd;
        CodecAware = codecAware;
        LabelOffset = labelOffset;
        LabelScale = labelScale;
        EpochLoss = epochLoss;
    }

    public MlpWeights Weights { get; }

    /// <summary>Population mean of each feature over the training rows (the sidecar's <c>feature_mean</c>).</summary>
    public IReadOnlyList<float> FeatureMean => _featureMean;

    /// <summary>Population std of each feature over the training rows, 1 where it was below <see cref="MinimumStd"/>.</summary>
    public IReadOnlyList<float> FeatureStd => _featureStd;

    public int FeatureCount => _featureMean.Length;

    /// <summary>True for v2: the codec one-hot follows the features at the input.</summary>
    public bool CodecAware { get; }

    /// <summary>True in variance mode: outputs are (score, log-variance).</summary>
    public bool Variance => Weights.Outputs == 2;

    /// <summary>The label mean subtracted during training (folded back into the last layer's bias).</summary>
    public double LabelOffset { get; }

    /// <summary>The power of two labels were divided by during training (folded back into the last layer).</summary>
    public double LabelScale { get; }

    /// <summary>Mean training loss per epoch, in the standardised label units training saw.</summary>
    public IReadOnlyList<double> EpochLoss { get; }

    /// <summary>
    /// Trains on <paramref name="features"/> (row-major <c>[N, featureCount]</c>) against <paramref name="labels"/>;
    /// for a codec-aware model <paramref name="codecs"/> holds each row's vocabulary index.
    /// </summary>
    /// <remarks>
    /// Labels on 0..100 are far from what a freshly initialised net outputs, and 30 epochs of Adam steps of
    /// about lr cannot travel that far; so training sees <c>(y − mean)/s</c>, with s the power of two nearest
    /// the labels' population std. Afterwards the map is folded into the last layer: the score row of W is
    /// multiplied by s (exact, s being a power of two), the score bias becomes <c>b·s + mean</c> (one float
    /// rounding) and, in variance mode, the log-variance bias gains <c>2·ln s</c>. The returned weights thus
    /// predict on the label's own scale. The NLL's log-variance floor of −6 applies in the standardised units,
    /// that is at <c>−6 + 2·ln s</c> on the label's scale.
    /// Every random draw comes from one <see cref="SeededRandom"/> stream in a fixed order (init, then per
    /// epoch a shuffle and each batch's dropout masks), so the same seed and data give the same bytes.
    /// With <paramref name="warmStart"/>, training continues from that model (fine-tuning, e.g. on opinion
    /// scores after a teacher-labelled corpus): its weights replace the random init (the draws are still made,
    /// so the stream stays the same) and its feature standardisation is kept, because its first layer was
    /// trained on inputs standardised that way. Its last layer is brought into this run's label units by the
    /// inverse of the fold above. Architecture, feature count and codec awareness must match.
    /// </remarks>
    public static FrRegressor Train(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<double> labels,
        ReadOnlySpan<int> codecs, bool codecAware, FrRegressorOptions? options = null, FrRegressor? warmStart = null)
    {
        options ??= new FrRegressorOptions();
        options.Validate();
        int n = labels.Length;
        if (n == 0)
            throw new ArgumentException("There are no training rows.", nameof(labels));
        if (featureCount < 1 || features.Length != n * featureCount)
            throw new ArgumentException($"Features hold {features.Length} values, not {n} rows × {featureCount}.", nameof(features));
        if (codecAware && codecs.Length != n)
            throw new ArgumentException($"A codec-aware model needs one codec index per row ({n}), not {codecs.Length}.", nameof(codecs));
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new ArgumentException($"Feature {i % featureCount} of row {i / featureCount} is {features[i]}.", nameof(features));
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(labels[i]))
                throw new ArgumentException($"The label of row {i} is {labels[i]}.", nameof(labels));
        }

        if (warmStart is not null)
            CheckWarmStart(warmStart, featureCount, codecAware, options);
        var (mean, std) = warmStart is null
            ? Standardisation(features, featureCount)
            : (warmStart._featureMean, warmStart._featureStd);
        int inputs = featureCount + (codecAware ? CodecVocabulary.Count : 0);
        var input = BuildInput(features, codecs, featureCount, codecAware, mean, std);

        var (labelOffset, labelScale) = LabelTransform(labels);
        var target = new float[n];
        for (int i = 0; i < n; i++)
            target[i] = (float)((labels[i] - labelOffset) / labelScale);

        int outputs = options.Variance ? 2 : 1;
        int batch = Math.Min(options.BatchSize, n);
        var network = new MlpNetwork<float>(inputs, options.Hidden, options.Depth, outputs, batch);
        var random = new SeededRandom(options.Seed);
        network.Initialise(random);
        if (warmStart is not null)
            LoadWeights(network, warmStart.Weights, labelOffset, labelScale);
        var optimiser = new AdamW(network.Parameters.Length, options.LearningRate, options.WeightDecay,
            options.Beta1, options.Beta2, options.Epsilon);

        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var batchInput = new float[inputs * batch];
        var batchTarget = new float[batch];
        var outputGradient = new float[outputs * batch];
        var epochLoss = new List<double>(options.Epochs);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double lossSum = 0;
            for (int start = 0; start < n; start += batch)
            {
                int rows = Math.Min(batch, n - start);
                for (int i = 0; i < rows; i++)
                {
                    int row = order[start + i];
                    var source = input.AsSpan(row * inputs, inputs);
                    for (int k = 0; k < inputs; k++)
                        batchInput[k * rows + i] = source[k];
                    batchTarget[i] = target[row];
                }
                var output = network.Forward(batchInput, rows, random, options.Dropout);
                double loss = RegressionLoss.Evaluate(output, batchTarget.AsSpan(0, rows), rows, outputGradient);
                network.Backward(batchInput, rows, outputGradient);
                optimiser.Step(network.Parameters, network.Gradients);
                lossSum += loss * rows;
            }
            double meanLoss = lossSum / n;
            if (!double.IsFinite(meanLoss))
                throw new InvalidOperationException($"Training diverged: the loss is {meanLoss} after epoch {epoch + 1}.");
            epochLoss.Add(meanLoss);
        }

        var weights = ToWeights(network, labelOffset, labelScale);
        return new FrRegressor(weights, mean, std, codecAware, labelOffset, labelScale, epochLoss);
    }

    /// <summary>
    /// Scores raw (not yet standardised) features, row-major <c>[N, FeatureCount]</c>; codec indices are
    /// needed only by a codec-aware model. Returns the score per row.
    /// </summary>
    public float[] Predict(ReadOnlySpan<float> features, ReadOnlySpan<int> codecs)
    {
        var outputs = PredictOutputs(features, codecs);
        if (!Variance)
            return outputs;
        var scores = new float[outputs.Length / 2];
        for (int i = 0; i < scores.Length; i++)
            scores[i] = outputs[2 * i];
        return scores;
    }

    /// <summary>Like <see cref="Predict"/>, but every output: <c>[N, 1]</c>, or <c>[N, 2]</c> (score, log-variance).</summary>
    public float[] PredictOutputs(ReadOnlySpan<float> features, ReadOnlySpan<int> codecs)
    {
        if (features.Length % FeatureCount != 0)
            throw new ArgumentException($"Features are not whole rows of {FeatureCount}.", nameof(features));
        int n = features.Length / FeatureCount;
        if (CodecAware && codecs.Length != n)
            throw new ArgumentException($"A codec-aware model needs one codec index per row ({n}), not {codecs.Length}.", nameof(codecs));
        var input = BuildInput(features, codecs, FeatureCount, CodecAware, _featureMean, _featureStd);
        return MlpForward.Run(Weights, input);
    }

    /// <summary>(x − mean)/std in float, as a caller standardises with the sidecar's values.</summary>
    public void Standardise(ReadOnlySpan<float> features, Span<float> destination)
    {
        if (destination.Length < features.Length || features.Length % FeatureCount != 0)
            throw new ArgumentException("Features must be whole rows and fit the destination.");
        for (int i = 0; i < features.Length; i++)
        {
            int f = i % FeatureCount;
            destination[i] = (features[i] - _featureMean[f]) / _featureStd[f];
        }
    }

    internal static (float[] Mean, float[] Std) Standardisation(ReadOnlySpan<float> features, int featureCount)
    {
        int n = features.Length / featureCount;
        var sum = new double[featureCount];
        for (int i = 0; i < features.Length; i++)
            sum[i % featureCount] += features[i];
        var mean = new double[featureCount];
        for (int f = 0; f < featureCount; f++)
            mean[f] = sum[f] / n;
        var squares = new double[featureCount];
        for (int i = 0; i < features.Length; i++)
        {
            double d = features[i] - mean[i % featureCount];
            squares[i % featureCount] += d * d;
        }
        var meanOut = new float[featureCount];
        var stdOut = new float[featureCount];
        for (int f = 0; f < featureCount; f++)
        {
            double std = Math.Sqrt(squares[f] / n);
            meanOut[f] = (float)mean[f];
            stdOut[f] = std < MinimumStd ? 1f : (float)std;
        }
        return (meanOut, stdOut);
    }

    internal static (double Offset, double Scale) LabelTransform(ReadOnlySpan<double> labels)
    {
        double mean = 0;
        foreach (double y in labels)
            mean += y;
        mean /= labels.Length;
        double squares = 0;
        foreach (double y in labels)
            squares += (y - mean) * (y - mean);
        double std = Math.Sqrt(squares / labels.Length);
        double scale = std < MinimumStd ? 1.0 : Math.Pow(2, Math.Round(Math.Log2(std)));
        return (mean, scale);
    }

    private static float[] BuildInput(ReadOnlySpan<float> features, ReadOnlySpan<int> codecs, int featureCount,
        bool codecAware, float[] mean, float[] std)
    {
        int n = features.Length / featureCount;
        int inputs = featureCount + (codecAware ? CodecVocabulary.Count : 0);
        var input = new float[n * inputs];
        for (int row = 0; row < n; row++)
        {
            var source = features.Slice(row * featureCount, featureCount);
            var destination = input.AsSpan(row * inputs, inputs);
            for (int f = 0; f < featureCount; f++)
                destination[f] = (source[f] - mean[f]) / std[f];
            if (codecAware)
                CodecVocabulary.OneHot(codecs[row], destination.Slice(featureCount, CodecVocabulary.Count));
        }
        return input;
    }

    private static void CheckWarmStart(FrRegressor warmStart, int featureCount, bool codecAware, FrRegressorOptions options)
    {
        var layers = warmStart.Weights.Layers;
        bool sameShape = layers.Count == options.Depth + 1
            && layers.Take(options.Depth).All(l => l.Outputs == options.Hidden)
            && layers[^1].Outputs == (options.Variance ? 2 : 1);
        if (warmStart.FeatureCount != featureCount || warmStart.CodecAware != codecAware || !sameShape)
            throw new ArgumentException(
                $"The warm-start model ({warmStart.FeatureCount} features, codec-aware {warmStart.CodecAware}, " +
                $"{layers.Count - 1} hidden layers) does not match this training ({featureCount} features, codec-aware " +
                $"{codecAware}, {options.Depth} × {options.Hidden}, {(options.Variance ? 2 : 1)} outputs).", nameof(warmStart));
    }

    // The inverse of ToWeights' fold: a model on the label's scale back into standardised label units.
    private static void LoadWeights(MlpNetwork<float> network, MlpWeights weights, double labelOffset, double labelScale)
    {
        for (int l = 0; l <= network.Depth; l++)
        {
            var w = network.Weight(l);
            var b = network.Bias(l);
            weights.Layers[l].Weight.CopyTo(w);
            weights.Layers[l].Bias.CopyTo(b);
            if (l == network.Depth)
            {
                float inverse = (float)(1.0 / labelScale);
                int fanIn = weights.Layers[l].Inputs;
                for (int k = 0; k < fanIn; k++)
                    w[k] *= inverse;
                b[0] = (float)((b[0] - labelOffset) / labelScale);
                if (b.Length == 2)
                    b[1] = (float)(b[1] - 2.0 * Math.Log(labelScale));
            }
        }
    }

    private static MlpWeights ToWeights(MlpNetwork<float> network, double labelOffset, double labelScale)
    {
        var layers = new List<DenseLayer>(network.Depth + 1);
        for (int l = 0; l <= network.Depth; l++)
        {
            int fanIn = l == 0 ? network.Inputs : network.Hidden;
            int fanOut = l == network.Depth ? network.Outputs : network.Hidden;
            var w = network.Weight(l).ToArray();
            var b = network.Bias(l).ToArray();
            if (l == network.Depth)
            {
                float scale = (float)labelScale;
                for (int k = 0; k < fanIn; k++)
                    w[k] *= scale;
                b[0] = (float)(b[0] * labelScale + labelOffset);
                if (fanOut == 2)
                    b[1] = (float)(b[1] + 2.0 * Math.Log(labelScale));
            }
            layers.Add(new DenseLayer(fanIn, fanOut, w, b));
        }
        return new MlpWeights(layers);
    }
}
