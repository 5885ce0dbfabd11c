using System.Globalization;

namespace TinyVmaf.Model.Teacher;

/// <summary>
/// The libsvm model a libvmaf JSON model carries as text in <c>model_dict.model</c> (libsvm's own save
/// format: a header of <c>key value…</c> lines, then <c>SV</c>, then one line per support vector,
/// <c>coefficient index:value …</c>). Only what libvmaf's models use is accepted: a regression model
/// (<c>nu_svr</c> or <c>epsilon_svr</c>, which libsvm predicts the same way) with an RBF kernel.
/// </summary>
internal sealed class LibsvmModel
{
    private readonly double[] _coefficients;

    /// <summary>Support vectors stored dense, row-major <c>[SupportVectorCount, Dimension]</c>; an index a line omits is 0.</summary>
    private readonly double[] _supportVectors;

    private LibsvmModel(string svmType, double gamma, double rho, double[] coefficients, double[] supportVectors, int dimension)
    {
        SvmType = svmType;
        Gamma = gamma;
        Rho = rho;
        _coefficients = coefficients;
        _supportVectors = supportVectors;
        Dimension = dimension;
    }

    public string SvmType { get; }

    public double Gamma { get; }

    public double Rho { get; }

    public int SupportVectorCount => _coefficients.Length;

    /// <summary>The highest 1-based feature index any support vector uses.</summary>
    public int Dimension { get; }

    /// <summary>The dual coefficients, one per support vector.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>The support vectors, row-major <c>[SupportVectorCount, Dimension]</c>.</summary>
    public ReadOnlySpan<double> SupportVectors => _supportVectors;

    /// <summary>
    /// The decision value <c>Σ coef_i · exp(−γ‖x − sv_i‖²) − ρ</c> for the (already normalised) features
    /// <paramref name="x"/>, where <c>x[k]</c> is libsvm's index <c>k + 1</c>.
    /// </summary>
    /// <remarks>
    /// Bit-exact with libsvm's sparse RBF kernel as libvmaf calls it (every feature present in x, indices
    /// ascending): libsvm walks the union of indices in ascending order adding <c>(x−y)²</c> where both have
    /// the index and <c>x²</c> or <c>y²</c> where one lacks it. Storing the absent side as 0 makes every term
    /// <c>(x−y)²</c> with the same rounding (<c>x − 0</c> and <c>0 − y</c> are exact), and an index in neither
    /// adds an exact 0, so the dense loop sums the same terms in the same order.
    /// </remarks>
    public double Predict(ReadOnlySpan<double> x)
    {
        int length = Math.Max(x.Length, Dimension);
        double sum = 0;
        for (int i = 0; i < _coefficients.Length; i++)
        {
            ReadOnlySpan<double> sv = _supportVectors.AsSpan(i * Dimension, Dimension);
            double squaredDistance = 0;
            for (int k = 0; k < length; k++)
            {
                double d = (k < x.Length ? x[k] : 0) - (k < sv.Length ? sv[k] : 0);
                squaredDistance += d * d;
            }

            sum += _coefficients[i] * Math.Exp(-Gamma * squaredDistance);
        }

        return sum - Rho;
    }

    /// <summary>Parses libsvm's model text. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static LibsvmModel Parse(string text)
    {
        string[] lines = text.Split('\n');
        string? svmType = null;
        string? kernelType = null;
        double? gamma = null;
        double? rho = null;
        int? classCount = null;
        int? total = null;
        int line = 0;
        for (; line < lines.Length; line++)
        {
            string[] tokens = Tokens(lines[line]);
            if (tokens.Length == 0)
            {
                continue;
            }

            if (tokens[0] == "SV")
            {
                break;
            }

            switch (tokens[0])
            {
                case "svm_type":
                    svmType = Single(tokens);
                    break;
                case "kernel_type":
                    kernelType = Single(tokens);
                    break;
                case "gamma":
                    gamma = Number(Single(tokens), "gamma");
                    break;
                case "rho":
                    rho = Number(Single(tokens), "rho");
                    break;
                case "nr_class":
                    classCount = Integer(Single(tokens), "nr_class");
                    break;
                case "total_sv":
                    total = Integer(Single(tokens), "total_sv");
                    break;
                case "degree" or "coef0" or "label" or "probA" or "probB" or "nr_sv":
                    // Parameters of other kernels and of classifiers or probability outputs: never used by
                    // an RBF regression's prediction.
                    break;
                default:
                    throw new FormatException($"unknown libsvm header line '{lines[line].Trim()}'");
            }
        }

        if (line == lines.Length)
        {
            throw new FormatException("the libsvm model has no 'SV' line");
        }

        if (svmType is not ("nu_svr" or "epsilon_svr"))
        {
            throw new FormatException($"svm_type is '{svmType ?? "(missing)"}'; a libvmaf model is a regression (nu_svr or epsilon_svr)");
        }

        if (kernelType != "rbf")
        {
            throw new FormatException($"kernel_type is '{kernelType ?? "(missing)"}'; only libvmaf's rbf kernel is supported");
        }

        if (classCount != 2)
        {
            throw new FormatException($"nr_class is {classCount?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"}; a libsvm regression model has 2");
        }

        if (gamma is null || rho is null || total is null)
        {
            throw new FormatException($"the libsvm header lacks {(gamma is null ? "gamma" : rho is null ? "rho" : "total_sv")}");
        }

        if (total < 1)
        {
            throw new FormatException($"total_sv is {total}; the model has no support vectors");
        }

        // total_sv sizes the arrays below: it is checked against the lines that are there before anything is allocated.
        int following = lines.AsSpan(line + 1).ToArray().Count(l => !string.IsNullOrWhiteSpace(l));
        if (total > following)
        {
            throw new FormatException($"total_sv is {total} but {following} support vector lines follow 'SV'");
        }

        var coefficients = new double[total.Value];
        var rows = new List<(int Index, double Value)[]>(total.Value);
        int dimension = 0;
        for (line++; line < lines.Length; line++)
        {
            string[] tokens = Tokens(lines[line]);
            if (tokens.Length == 0)
            {
                continue;
            }

            if (rows.Count == total)
            {
                throw new FormatException($"more support vector lines than total_sv = {total}");
            }

            coefficients[rows.Count] = Number(tokens[0], $"the coefficient of support vector {rows.Count + 1}");
            var row = new (int Index, double Value)[tokens.Length - 1];
            for (int t = 1; t < tokens.Length; t++)
            {
                int colon = tokens[t].IndexOf(':', StringComparison.Ordinal);
                string where = $"support vector {rows.Count + 1}, '{tokens[t]}'";
                if (colon <= 0)
                {
                    throw new FormatException($"{where}: expected index:value");
                }

                int index = Integer(tokens[t][..colon], where);
                // libsvm's kernel merges x and the support vector by walking both in ascending index order;
                // an unordered line would be read differently by libsvm, so refuse it rather than guess.
                if (index < 1 || (t > 1 && index <= row[t - 2].Index))
                {
                    throw new FormatException($"{where}: indices must be positive and ascending");
                }

                // The dense support vectors are as wide as the highest index: one index per model feature, so never
                // wider than the features libvmaf admits.
                if (index > VmafModel.MaxFeatureCount)
                {
                    throw new FormatException($"{where}: index {index} is past the {VmafModel.MaxFeatureCount} features a libvmaf model can have");
                }

                row[t - 1] = (index, Number(tokens[t][(colon + 1)..], where));
                dimension = Math.Max(dimension, index);
            }

            rows.Add(row);
        }

        if (rows.Count != total)
        {
            throw new FormatException($"total_sv is {total} but {rows.Count} support vector lines follow 'SV'");
        }

        var dense = new double[rows.Count * dimension];
        for (int i = 0; i < rows.Count; i++)
        {
            foreach (var (index, value) in rows[i])
            {
                dense[i * dimension + index - 1] = value;
            }
        }

        return new LibsvmModel(svmType, gamma.Value, rho.Value, coefficients, dense, dimension);
    }

    private static string[] Tokens(string line) =>
        line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);

    private static string Single(string[] tokens) =>
        tokens.Length == 2 ? tokens[1] : throw new FormatException($"libsvm header '{tokens[0]}' needs exactly one value");

    private static double Number(string token, string what) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{what}: '{token}' is not a finite number");

    private static int Integer(string token, string what) =>
        int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"{what}: '{token}' is not an integer");
}
