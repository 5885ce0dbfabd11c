using System.Numerics;

namespace TinyVmaf.Model.Regressor;

/// <summary>The two training losses, each a mean over the batch, with ∂loss/∂output.</summary>
internal static class RegressionLoss
{
    /// <summary>The floor of the predicted log-variance in the Gaussian negative log-likelihood.</summary>
    public const double LogVarianceFloor = -6.0;

    /// <summary>
    /// Mean squared error <c>mean((μ − y)²)</c> over the <c>[1, n]</c> output, or, when the output has two rows
    /// (score μ and raw log-variance), the Gaussian negative log-likelihood
    /// <c>mean(0.5·(lv + (y − μ)²/exp(lv)))</c> with <c>lv = max(raw, −6)</c>. Writes ∂loss/∂output into
    /// <paramref name="outputGradient"/> and returns the loss.
    /// </summary>
    /// <remarks>
    /// The clamp behaves like <c>torch.clamp(min=−6)</c>: where raw &lt; −6 the log-variance row gets no gradient
    /// at all (the loss there does not depend on it), while μ still gets (μ − y)·e⁶, the largest weight the
    /// clamp allows; at raw = −6 exactly the gradient passes through. A row below the floor can only climb
    /// back through weights it shares with other rows. The floor stops the variance from collapsing to zero on
    /// rows the net already fits, which would blow the μ gradient up without bound.
    /// </remarks>
    public static double Evaluate<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> labels, int n, Span<T> outputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = output.Length / n;
        if (outputs is < 1 or > 2 || output.Length != outputs * n || labels.Length < n || outputGradient.Length < output.Length)
            throw new ArgumentException("The output must be [1, n] or [2, n] with n labels and a gradient of the same shape.");
        double sum = 0;
        double inverseN = 1.0 / n;
        if (outputs == 1)
        {
            for (int i = 0; i < n; i++)
            {
                double d = double.CreateTruncating(output[i]) - double.CreateTruncating(labels[i]);
                sum += d * d;
                outputGradient[i] = T.CreateTruncating(2.0 * d * inverseN);
            }
            return sum * inverseN;
        }

        for (int i = 0; i < n; i++)
        {
            double mu = double.CreateTruncating(output[i]);
            double raw = double.CreateTruncating(output[n + i]);
            bool clamped = raw < LogVarianceFloor;
            double lv = clamped ? LogVarianceFloor : raw;
            double inverseVariance = Math.Exp(-lv);
            double d = mu - double.CreateTruncating(labels[i]);
            double weighted = d * d * inverseVariance;
            sum += 0.5 * (lv + weighted);
            outputGradient[i] = T.CreateTruncating(d * inverseVariance * inverseN);
            outputGradient[n + i] = clamped ? T.Zero : T.CreateTruncating(0.5 * (1.0 - weighted) * inverseN);
        }
        return sum * inverseN;
    }
}
