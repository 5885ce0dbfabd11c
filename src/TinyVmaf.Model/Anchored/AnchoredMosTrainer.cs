using TinyVmaf.Model.Codecs;

namespace TinyVmaf.Model.Anchored;

/// <summary>
/// One rated video as the anchored model trains on it: its subjective test (<see cref="Dataset"/>), its MOS
/// (0..100), its codec's vocabulary index, the mean over its frames of the calibrated VMAF for each exponent the
/// trainer tries is computed from <see cref="FrameVmaf"/>, and the mean of its capped correction features.
/// </summary>
public sealed record OpinionVideo(
    string Dataset,
    string Unit,
    string Source,
    int Codec,
    double Mos,
    double[] FrameVmaf,
    double[] MeanCappedFeatures,
    double? BaselineVmaf);

/// <summary>How an anchored model is fitted.</summary>
public sealed record AnchoredMosOptions
{
    /// <summary>Default correction features: at equal VMAF, people rate high-motion clips higher and high-PSNR ones lower.</summary>
    public static readonly IReadOnlyList<string> DefaultCorrections = ["motion2", "psnr_y"];

    public IReadOnlyList<string> CorrectionFeatures { get; init; } = DefaultCorrections;

    public bool CodecAware { get; init; }

    /// <summary>Ridge penalty on the correction weights and codec offsets (in units of the normalised residual).</summary>
    public double Ridge { get; init; } = 0.01;

    /// <summary>A codec gets its own offset only with at least this many training videos; else it borrows (see <see cref="AnchoredMosTrainer.FallbackOf"/>).</summary>
    public int MinCodecVideos { get; init; } = 10;

    /// <summary>Exponents tried for the VMAF calibration; the one with the least normalised residual wins.</summary>
    public IReadOnlyList<double> Exponents { get; init; } = Enumerable.Range(0, 41).Select(i => 1.0 + 0.05 * i).ToArray();

    /// <summary>Alternating least-squares rounds per exponent.</summary>
    public int Iterations { get; init; } = 30;

    internal void Validate()
    {
        if (Ridge < 0 || !double.IsFinite(Ridge))
            throw new ArgumentException($"Ridge must be a finite non-negative number, not {Ridge}.");
        if (Exponents.Count == 0 || Exponents.Any(p => !(p > 0)))
            throw new ArgumentException("Exponents must be positive, and at least one.");
        if (Iterations < 1 || MinCodecVideos < 1)
            throw new ArgumentException("Iterations and MinCodecVideos must be at least 1.");
    }
}

/// <summary>What a fit found beside the parameters: each training dataset's own linear map, and the residual.</summary>
public sealed record AnchoredFit(AnchoredMosParameters Parameters, IReadOnlyDictionary<string, (double Intercept, double Slope)> PerDataset, double Objective);

/// <summary>
/// Fits <see cref="AnchoredMosParameters"/> on rated videos from one or more subjective tests. Each test rates on
/// its own scale (its lab, its anchors), so each gets its own linear map from the shared model score to its MOS:
/// <c>MOS ≈ a_d + b_d · (calibrated VMAF + correction + codec offset)</c>. Given the shared terms, the maps are
/// per-dataset least squares; given the maps, the shared terms are a ridge regression; the two alternate. Every
/// dataset weighs the same whatever its size (residuals divided by its MOS variance and video count). The
/// shipped mapping is the mean of the datasets' maps.
/// </summary>
public static class AnchoredMosTrainer
{
    /// <summary>
    /// Fits on <paramref name="videos"/>, each counted <paramref name="multiplicity"/>[i] times (a bootstrap
    /// resample; null counts each once).
    /// </summary>
    public static AnchoredFit Fit(IReadOnlyList<OpinionVideo> videos, AnchoredMosOptions options, IReadOnlyList<int>? multiplicity = null)
    {
        options.Validate();
        int n = videos.Count;
        var m = multiplicity?.Select(c => (double)c).ToArray() ?? Enumerable.Repeat(1.0, n).ToArray();
        if (m.Length != n)
            throw new ArgumentException($"{n} videos need {n} multiplicities.", nameof(multiplicity));
        int k = options.CorrectionFeatures.Count;
        if (videos.Any(v => v.MeanCappedFeatures.Length != k))
            throw new ArgumentException($"Every video needs {k} correction features ({string.Join(", ", options.CorrectionFeatures)}).", nameof(videos));

        var datasets = videos.Where((_, i) => m[i] > 0).Select(v => v.Dataset).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (datasets.Length == 0)
            throw new ArgumentException("No videos to train on.", nameof(videos));
        var datasetOf = videos.Select(v => Array.IndexOf(datasets, v.Dataset)).ToArray();
        var y = videos.Select(v => v.Mos).ToArray();

        // Correction columns standardised over the (weighted) training videos.
        var mean = new double[k];
        var std = new double[k];
        for (int j = 0; j < k; j++)
        {
            var column = videos.Select(v => v.MeanCappedFeatures[j]).ToArray();
            (mean[j], std[j]) = WeightedMeanStd(column, m);
            if (!(std[j] > 1e-12))
                std[j] = 1.0;
        }

        // Codecs with enough distinct training videos get a column of their own.
        var trainedCodecs = options.CodecAware
            ? Enumerable.Range(0, CodecVocabulary.Count)
                .Where(c => videos.Where((v, i) => m[i] > 0 && v.Codec == c).Select(v => v.Unit).Distinct().Count() >= options.MinCodecVideos)
                .ToArray()
            : [];
        int columns = k + trainedCodecs.Length;
        var design = new double[n * columns];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
                design[i * columns + j] = (videos[i].MeanCappedFeatures[j] - mean[j]) / std[j];
            int slot = Array.IndexOf(trainedCodecs, videos[i].Codec);
            if (slot >= 0)
                design[i * columns + k + slot] = 1.0;
        }

        // Each video's multiplicity within its own dataset (0 elsewhere): the weights of that dataset's line fits.
        var datasetMultiplicity = Enumerable.Range(0, datasets.Length)
            .Select(d => m.Select((w, i) => datasetOf[i] == d ? w : 0).ToArray()).ToArray();

        // Each dataset's MOS variance and (weighted) size normalise its residuals.
        var datasetWeight = new double[datasets.Length];
        for (int d = 0; d < datasets.Length; d++)
        {
            var (_, sd) = WeightedMeanStd(y, datasetMultiplicity[d]);
            datasetWeight[d] = 1.0 / (Math.Max(sd * sd, 1e-9) * datasetMultiplicity[d].Sum());
        }

        AnchoredFit? best = null;
        var calibrated = new double[n];
        foreach (double p in options.Exponents)
        {
            for (int i = 0; i < n; i++)
                calibrated[i] = MeanCalibrated(videos[i].FrameVmaf, p);
            var (theta, maps, objective) = Alternate(calibrated, design, columns, y, m, datasetOf, datasetMultiplicity, datasetWeight, options);
            if (best is null || objective < best.Objective)
            {
                var perDataset = datasets.Select((name, d) => (name, maps[d])).ToDictionary(t => t.name, t => t.Item2, StringComparer.Ordinal);
                best = new AnchoredFit(Parameters(p, theta, maps, options, mean, std, trainedCodecs, videos, m), perDataset, objective);
            }
        }

        return best!;
    }

    /// <summary>
    /// The codec whose offset a codec without opinion data borrows: the nearest generation of the same family
    /// (H.264 and VP9 borrow HEVC's, VVC AV1's and back). <c>unknown</c> and a codec whose fallback is untrained too
    /// take the video-weighted mean of the trained offsets: the model then claims no codec effect it never saw.
    /// </summary>
    public static string? FallbackOf(string codec) => codec switch
    {
        "x264" => "x265",
        "libvpx-vp9" => "x265",
        "x265" => "x264",
        "libvvenc" => "libsvtav1",
        "libsvtav1" => "libvvenc",
        _ => null,
    };

    /// <summary>Mean over a video's frames of <c>(clip(vmaf, 0, 100) / 100)^p</c>.</summary>
    internal static double MeanCalibrated(double[] frameVmaf, double p)
    {
        double sum = 0;
        foreach (double v in frameVmaf)
            sum += Math.Pow(Math.Clamp(v, 0.0, 100.0) / 100.0, p);
        return frameVmaf.Length == 0 ? double.NaN : sum / frameVmaf.Length;
    }

    private static (double[] Theta, (double Intercept, double Slope)[] Maps, double Objective) Alternate(
        double[] calibrated, double[] design, int columns, double[] y, double[] m, int[] datasetOf, double[][] datasetMultiplicity,
        double[] datasetWeight, AnchoredMosOptions options)
    {
        int datasetCount = datasetMultiplicity.Length;
        int n = y.Length;
        var theta = new double[columns];
        var maps = new (double Intercept, double Slope)[datasetCount];
        var h = new double[n];
        for (int round = 0; round < options.Iterations; round++)
        {
            Shared(calibrated, design, columns, theta, h);
            for (int d = 0; d < datasetCount; d++)
                maps[d] = WeightedLine(h, y, datasetMultiplicity[d]);

            // Given the maps: (y − a)/b − calibrated ≈ design · θ, weighted by m·b²·(dataset weight), ridge λ.
            var normal = new double[columns * columns];
            var rhs = new double[columns];
            for (int i = 0; i < n; i++)
            {
                if (m[i] == 0)
                    continue;
                var (a, b) = maps[datasetOf[i]];
                if (!(Math.Abs(b) > 1e-12))
                    continue;
                double w = m[i] * b * b * datasetWeight[datasetOf[i]];
                double target = (y[i] - a) / b - calibrated[i];
                for (int r = 0; r < columns; r++)
                {
                    double xr = design[i * columns + r];
                    rhs[r] += w * xr * target;
                    for (int c = 0; c < columns; c++)
                        normal[r * columns + c] += w * xr * design[i * columns + c];
                }
            }
            for (int r = 0; r < columns; r++)
                normal[r * columns + r] += options.Ridge;
            if (columns > 0)
                theta = Solve(normal, rhs, columns);
        }

        Shared(calibrated, design, columns, theta, h);
        double objective = options.Ridge * theta.Sum(t => t * t);
        for (int d = 0; d < datasetCount; d++)
            maps[d] = WeightedLine(h, y, datasetMultiplicity[d]);
        for (int i = 0; i < n; i++)
        {
            var (a, b) = maps[datasetOf[i]];
            double r = y[i] - a - b * h[i];
            objective += m[i] * datasetWeight[datasetOf[i]] * r * r;
        }
        return (theta, maps, objective);
    }

    private static void Shared(double[] calibrated, double[] design, int columns, double[] theta, double[] h)
    {
        for (int i = 0; i < h.Length; i++)
        {
            double s = calibrated[i];
            for (int c = 0; c < columns; c++)
                s += design[i * columns + c] * theta[c];
            h[i] = s;
        }
    }

    private static AnchoredMosParameters Parameters(double p, double[] theta, (double Intercept, double Slope)[] maps,
        AnchoredMosOptions options, double[] mean, double[] std, int[] trainedCodecs, IReadOnlyList<OpinionVideo> videos, double[] m)
    {
        int k = options.CorrectionFeatures.Count;
        double[]? offsets = null;
        if (options.CodecAware)
        {
            offsets = new double[CodecVocabulary.Count];
            var trained = new bool[CodecVocabulary.Count];
            double weighted = 0, total = 0;
            for (int s = 0; s < trainedCodecs.Length; s++)
            {
                int c = trainedCodecs[s];
                offsets[c] = theta[k + s];
                trained[c] = true;
                double count = m.Where((_, i) => videos[i].Codec == c).Sum();
                weighted += count * offsets[c];
                total += count;
            }
            double fallbackMean = total > 0 ? weighted / total : 0.0;
            for (int c = 0; c < offsets.Length; c++)
            {
                if (trained[c])
                    continue;
                int borrowed = FallbackOf(CodecVocabulary.Names[c]) is { } name ? CodecVocabulary.IndexOf(name) : -1;
                offsets[c] = borrowed >= 0 && trained[borrowed] ? offsets[borrowed] : fallbackMean;
            }
        }

        return new AnchoredMosParameters
        {
            Exponent = p,
            CorrectionFeatures = options.CorrectionFeatures.ToArray(),
            CorrectionMean = mean,
            CorrectionStd = std,
            CorrectionWeights = theta.Take(k).ToArray(),
            CodecOffsets = offsets,
            Intercept = maps.Average(t => t.Intercept),
            Slope = maps.Average(t => t.Slope),
        };
    }

    /// <summary>Weighted least-squares line <c>y ≈ a + b·x</c>; (mean, 0) when x does not vary.</summary>
    private static (double Intercept, double Slope) WeightedLine(double[] x, double[] y, double[] w)
    {
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sw += w[i];
            sx += w[i] * x[i];
            sy += w[i] * y[i];
        }
        if (sw == 0)
            return (0, 0);
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxx += w[i] * (x[i] - mx) * (x[i] - mx);
            sxy += w[i] * (x[i] - mx) * (y[i] - my);
        }
        double b = sxx > 0 ? sxy / sxx : 0;
        return (my - b * mx, b);
    }

    private static (double Mean, double Std) WeightedMeanStd(double[] x, double[] w)
    {
        double sw = w.Sum();
        if (sw == 0)
            return (0, 0);
        double mean = 0;
        for (int i = 0; i < x.Length; i++)
            mean += w[i] * x[i];
        mean /= sw;
        double variance = 0;
        for (int i = 0; i < x.Length; i++)
            variance += w[i] * (x[i] - mean) * (x[i] - mean);
        return (mean, Math.Sqrt(variance / sw));
    }

    /// <summary>Solves the symmetric positive-definite system by Gaussian elimination with partial pivoting.</summary>
    private static double[] Solve(double[] a, double[] b, int n)
    {
        a = (double[])a.Clone();
        b = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[pivot * n + col]))
                    pivot = r;
            }
            if (pivot != col)
            {
                for (int c = 0; c < n; c++)
                    (a[col * n + c], a[pivot * n + c]) = (a[pivot * n + c], a[col * n + c]);
                (b[col], b[pivot]) = (b[pivot], b[col]);
            }
            double diag = a[col * n + col];
            if (Math.Abs(diag) < 1e-300)
                throw new InvalidOperationException("The correction's normal equations are singular.");
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r * n + col] / diag;
                for (int c = col; c < n; c++)
                    a[r * n + c] -= f * a[col * n + c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < n; c++)
                s -= a[r * n + c] * x[c];
            x[r] = s / a[r * n + r];
        }
        return x;
    }
}
