namespace TinyVmaf.Model.Regressor;

/// <summary>
/// AdamW with decoupled weight decay, step for step as <c>torch.optim.AdamW</c> (non-amsgrad, non-fused):
/// <c>p ← p·(1 − lr·wd)</c>, then the bias-corrected Adam step <c>p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)</c>.
/// Decay applies to every parameter, biases included, as it does for <c>model.parameters()</c> in PyTorch.
/// </summary>
internal sealed class AdamW
{
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float _learningRate;
    private readonly float _weightDecay;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private int _step;

    public AdamW(int parameterCount, float learningRate, float weightDecay, float beta1, float beta2, float epsilon)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
        _learningRate = learningRate;
        _weightDecay = weightDecay;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
    }

    public int StepCount => _step;

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != _m.Length || gradients.Length != _m.Length)
            throw new ArgumentException("Parameter and gradient counts differ from the optimiser's.");
        _step++;
        float decay = 1f - _learningRate * _weightDecay;
        float stepSize = (float)(_learningRate / (1.0 - Math.Pow(_beta1, _step)));
        float correction2Sqrt = (float)Math.Sqrt(1.0 - Math.Pow(_beta2, _step));
        float oneMinusBeta1 = 1f - _beta1;
        float oneMinusBeta2 = 1f - _beta2;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float m = _m[i] = _beta1 * _m[i] + oneMinusBeta1 * g;
            float v = _v[i] = _beta2 * _v[i] + oneMinusBeta2 * g * g;
            float denominator = MathF.Sqrt(v) / correction2Sqrt + _epsilon;
            parameters[i] = parameters[i] * decay - stepSize * m / denominator;
        }
    }
}
