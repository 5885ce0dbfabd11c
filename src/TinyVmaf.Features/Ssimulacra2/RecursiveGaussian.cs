namespace TinyVmaf.Features.Ssimulacra2;

/// <summary>
/// The coefficients of libjxl's recursive Gaussian (<c>CreateRecursiveGaussian</c>): Charalampidis (2016),
/// "Recursive implementation of the Gaussian filter using truncated cosine functions", which sums three
/// second-order IIR filters (k = 1, 3, 5). Per direction and per output n, filter k computes
/// <c>o_k[n] = N2[k]·(x[n − R − 1] + x[n + R − 1]) − D1[k]·o_k[n − 1] − o_k[n − 2]</c>, the output being
/// <c>o_0 + o_1 + o_2</c> once n ≥ 0; outside the row the input is zero.
/// </summary>
/// <remarks>
/// The design is done in double and rounded to float once, as the fork does; equation numbers are the paper's.
/// </remarks>
internal sealed class RecursiveGaussian
{
    /// <summary>SSIMULACRA 2's blur: libjxl's <c>kSigma</c>.</summary>
    public const double Sigma = 1.5;

    public static readonly RecursiveGaussian Ssimulacra2 = new(Sigma);

    public RecursiveGaussian(double sigma)
    {
        // (57): the support half-width N, rounded half away from zero as C's round().
        double radius = Math.Round((3.2795 * sigma) + 0.2546, MidpointRounding.AwayFromZero);

        double halfPiOverRadius = Math.PI / (2.0 * radius);
        double[] omega = [halfPiOverRadius, 3.0 * halfPiOverRadius, 5.0 * halfPiOverRadius];

        // (37) poles and (44) residues of the three cosine terms.
        double p1 = +1.0 / Math.Tan(0.5 * omega[0]);
        double p3 = -1.0 / Math.Tan(0.5 * omega[1]);
        double p5 = +1.0 / Math.Tan(0.5 * omega[2]);
        double r1 = +p1 * p1 / Math.Sin(omega[0]);
        double r3 = -p3 * p3 / Math.Sin(omega[1]);
        double r5 = +p5 * p5 / Math.Sin(omega[2]);

        // (50): the Gaussian's spectrum at each frequency, over the radius.
        // Divisions are multiplications by reciprocals, as in the fork, so the doubles round alike.
        double negHalfSigmaSquared = -0.5 * sigma * sigma;
        double inverseRadius = 1.0 / radius;
        double[] rho = new double[3];
        for (int k = 0; k < 3; k++)
        {
            rho[k] = Math.Exp(negHalfSigmaSquared * omega[k] * omega[k]) * inverseRadius;
        }

        // (52), (55): the 3x3 system A·beta = gamma that fixes the weights of the three terms.
        double d13 = (p1 * r3) - (r1 * p3);
        double d35 = (p3 * r5) - (r3 * p5);
        double d51 = (p5 * r1) - (r5 * p1);
        double inverseD13 = 1.0 / d13;
        double zeta15 = d35 * inverseD13;
        double zeta35 = d51 * inverseD13;
        double[,] a = { { p1, p3, p5 }, { r1, r3, r5 }, { zeta15, zeta35, 1.0 } };
        double[] gamma = [1.0, (radius * radius) - (sigma * sigma), (zeta15 * rho[0]) + (zeta35 * rho[1]) + rho[2]];
        double[] beta = SolveByCramer(a, gamma);

        // (33): the recurrence coefficients.
        Radius = (int)radius;
        for (int k = 0; k < 3; k++)
        {
            N2[k] = (float)(-beta[k] * Math.Cos(omega[k] * (radius + 1.0)));
            D1[k] = (float)(-2.0 * Math.Cos(omega[k]));
        }
    }

    /// <summary>The half-width N of the filter's support: 5 for sigma 1.5.</summary>
    public int Radius { get; }

    /// <summary>Feed-forward coefficient of each of the three filters (applied to the sum of the two taps).</summary>
    public float[] N2 { get; } = new float[3];

    /// <summary>Feedback coefficient of each filter (−2·cos ω_k).</summary>
    public float[] D1 { get; } = new float[3];

    /// <summary>
    /// Filters one row (or any line of samples), zero outside it: the scalar definition of the recurrence, in
    /// the fork's order of operations.
    /// </summary>
    public void FilterLine(ReadOnlySpan<float> input, Span<float> output)
    {
        float n20 = N2[0], n21 = N2[1], n22 = N2[2];
        float d10 = D1[0], d11 = D1[1], d12 = D1[2];
        float p10 = 0, p11 = 0, p12 = 0, p20 = 0, p21 = 0, p22 = 0;
        int size = input.Length;
        for (int n = -Radius + 1; n < size; n++)
        {
            int left = n - Radius - 1, right = n + Radius - 1;
            float sum = (left >= 0 ? input[left] : 0.0f) + (right < size ? input[right] : 0.0f);
            float o0 = (n20 * sum) - (d10 * p10) - p20;
            float o1 = (n21 * sum) - (d11 * p11) - p21;
            float o2 = (n22 * sum) - (d12 * p12) - p22;
            (p20, p21, p22) = (p10, p11, p12);
            (p10, p11, p12) = (o0, o1, o2);
            if (n >= 0)
            {
                output[n] = o0 + o1 + o2;
            }
        }
    }

    private static double[] SolveByCramer(double[,] a, double[] rhs)
    {
        double inverseDet = 1.0 / Determinant(a);
        double[] solution = new double[3];
        for (int column = 0; column < 3; column++)
        {
            double[,] m = (double[,])a.Clone();
            for (int row = 0; row < 3; row++)
            {
                m[row, column] = rhs[row];
            }

            solution[column] = Determinant(m) * inverseDet;
        }

        return solution;
    }

    private static double Determinant(double[,] m) =>
        (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
        - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
        + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
}
