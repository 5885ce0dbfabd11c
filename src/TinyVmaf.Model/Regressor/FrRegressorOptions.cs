namespace TinyVmaf.Model.Regressor;

/// <summary>
/// How to build and train the regressor. Defaults are the design's: two hidden layers of 64, GELU, dropout
/// 0.1, AdamW (lr 1e-3, weight decay 1e-5, β 0.9/0.999, ε 1e-8), batch 256, 30 epochs, MSE.
/// </summary>
public sealed record FrRegressorOptions
{
    public int Hidden { get; init; } = 64;

    public int Depth { get; init; } = 2;

    public float Dropout { get; init; } = 0.1f;

    public float LearningRate { get; init; } = 1e-3f;

    public float WeightDecay { get; init; } = 1e-5f;

    public float Beta1 { get; init; } = 0.9f;

    public float Beta2 { get; init; } = 0.999f;

    public float Epsilon { get; init; } = 1e-8f;

    public int BatchSize { get; init; } = 256;

    public int Epochs { get; init; } = 30;

    /// <summary>
    /// Variance mode: a second output, the log-variance, trained on the Gaussian negative log-likelihood
    /// instead of MSE.
    /// </summary>
    public bool Variance { get; init; }

    /// <summary>The one seed for weight init, shuffling and dropout: same seed and data, same weights.</summary>
    public ulong Seed { get; init; }

    internal void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
                throw new ArgumentException(message);
        }
        Require(Hidden >= 1, $"Hidden must be at least 1, not {Hidden}.");
        Require(Depth >= 1, $"Depth must be at least 1, not {Depth}.");
        Require(Dropout is >= 0f and < 1f, $"Dropout must be in [0, 1), not {Dropout}.");
        Require(LearningRate > 0f && float.IsFinite(LearningRate), $"LearningRate must be positive, not {LearningRate}.");
        Require(WeightDecay >= 0f && float.IsFinite(WeightDecay), $"WeightDecay must be non-negative, not {WeightDecay}.");
        Require(Beta1 is >= 0f and < 1f && Beta2 is >= 0f and < 1f, "Beta1 and Beta2 must be in [0, 1).");
        Require(Epsilon > 0f, $"Epsilon must be positive, not {Epsilon}.");
        Require(BatchSize >= 1, $"BatchSize must be at least 1, not {BatchSize}.");
        Require(Epochs >= 0, $"Epochs must be non-negative, not {Epochs}.");
    }
}
