using ScottPlot;
using SkiaSharp;

namespace TinyVmaf.Cli.Reports;

/// <summary>One named series of a chart, in its colour.</summary>
internal sealed record ChartSeries(string Name, double[] Values, Color Color);

/// <summary>A plot as PNG bytes, the size in CSS pixels it is shown at (the PNG has <see cref="Charts.Density"/> times as many), and its alt text.</summary>
internal sealed record ChartImage(byte[] Png, int Width, int Height, string Alt);

/// <summary>Points of one series of a scatter.</summary>
internal sealed record ScatterSeries(string Name, double[] X, double[] Y, Color Color);

/// <summary>A rate–quality curve: its measured points, and the function drawn through them (rates in kbps).</summary>
internal sealed record RateSeries(string Name, Color Color, double[] PointRates, double[] PointScores, double[] CurveRates, double[] CurveScores);

/// <summary>
/// The report's plots, drawn by ScottPlot and returned as PNG bytes. Pictures rather than SVG so that a page
/// looks the same in every viewer: ScottPlot's SVG names fonts the viewer may not have.
/// </summary>
internal sealed class Charts
{
    public const int Width = 900;
    public const int Height = 360;

    /// <summary>Pixels per layout unit: the PNGs are drawn at twice the size they are shown, for sharp text on dense screens.</summary>
    public const int Density = 2;

    public static readonly Color V1 = Color.FromHex("#1f77b4");
    public static readonly Color V2 = Color.FromHex("#ff7f0e");
    public static readonly Color Baseline = Color.FromHex("#7f7f7f");

    private readonly string? _font;

    private Charts(string? font) => _font = font;

    /// <summary>The font the plots use; null when the machine has none, and then the plots have no text.</summary>
    public string? Font => _font;

    /// <summary>
    /// Picks a sans-serif font once. SkiaSharp's dependency-free native build finds fonts by scanning
    /// /usr/share/fonts, without fontconfig's aliases, so "sans-serif" means nothing to it: DejaVu Sans (Debian's
    /// fonts-dejavu-core) is asked for by name, else any family there is.
    /// </summary>
    public static Charts Create()
    {
        var families = SKFontManager.Default.GetFontFamilies().Where(f => !string.IsNullOrWhiteSpace(f)).ToArray();
        string? font = families.FirstOrDefault(f => f == "DejaVu Sans")
                       ?? families.FirstOrDefault(f => f.Contains("Sans", StringComparison.OrdinalIgnoreCase) && !f.Contains("Mono", StringComparison.OrdinalIgnoreCase))
                       ?? families.FirstOrDefault();
        return new Charts(font);
    }

    /// <summary>A per-frame score over time, its 95% band when given, and the pooled score as a dashed line.</summary>
    public ChartImage OverTime(string metric, double[] frames, double[] scores, double[]? low, double[]? high, double? pooled, string? pooledName)
    {
        var plot = NewPlot();
        if (low is not null && high is not null)
        {
            var band = plot.Add.FillY(frames, low, high);
            band.FillColor = V1.WithAlpha(0.25);
            band.LineWidth = 0;
            band.LegendText = "95% interval";
        }

        var line = plot.Add.Scatter(frames, scores, V1);
        line.LineWidth = 1.5f;
        line.MarkerSize = frames.Length <= 120 ? 4 : 0;
        line.LegendText = metric;
        if (pooled is { } value && double.IsFinite(value))
        {
            var level = plot.Add.HorizontalLine(value, 1.5f, V2, LinePattern.Dashed);
            level.LegendText = $"{pooledName ?? "pooled"} {value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}";
        }

        plot.Title($"{metric} per frame");
        plot.XLabel("frame");
        plot.YLabel(metric);
        // Above the axes, not over them: scores can be anywhere in the frame.
        plot.ShowLegend(Edge.Top);
        return Render(plot, Width, Height, $"{metric} per frame");
    }

    /// <summary>Bars grouped by category (codec, or held-out source), one bar per series; undefined values leave a gap.</summary>
    public ChartImage GroupedBars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        var plot = NewPlot();
        int slots = series.Count + 1;
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (int c = 0; c < categories.Count; c++)
            {
                double value = series[s].Values[c];
                if (double.IsFinite(value))
                {
                    bars.Add(new Bar { Position = c * slots + s, Value = value, FillColor = series[s].Color, LineWidth = 0 });
                }
            }

            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Name;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < categories.Count; c++)
        {
            ticks.AddMajor(c * slots + (series.Count - 1) / 2.0, categories[c]);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (categories.Count > 6)
        {
            // Source names are long: slanted, they do not overlap.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 4 * categories.Max(c => c.Length) + 24;
            plot.Axes.Right.MinimumSize = 6 * categories[^1].Length;
        }

        // Correlations live in [-1, 1]; bars start at zero so their lengths compare.
        var all = series.SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
        double bottom = all.Length > 0 ? Math.Min(0, all.Min()) : 0;
        plot.Axes.Margins(horizontal: 0.02, vertical: 0);
        plot.Axes.SetLimitsY(bottom, 1.05);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Top);
        return Render(plot, Width, categories.Count > 6 ? Height + 60 : Height, title);
    }

    /// <summary>Predicted against actual, one colour per series, with the line where they agree.</summary>
    public ChartImage PredictedVsActual(string title, string xLabel, IReadOnlyList<ScatterSeries> series)
    {
        var plot = NewPlot();
        var all = series.SelectMany(s => s.X.Concat(s.Y)).Where(double.IsFinite).ToArray();
        if (all.Length > 0)
        {
            double lo = all.Min();
            double hi = all.Max();
            var identity = plot.Add.Line(lo, lo, hi, hi);
            identity.Color = Colors.Black.WithAlpha(0.4);
            identity.LinePattern = LinePattern.Dotted;
            identity.LineWidth = 1;
            // One range on both axes, so that agreement is the diagonal and misses read the same either way.
            double pad = Math.Max(hi - lo, 1) * 0.05;
            plot.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad);
        }

        int points = series.Count == 0 ? 0 : series.Max(s => s.X.Length);
        foreach (var s in series)
        {
            var markers = plot.Add.ScatterPoints(s.X, s.Y, s.Color.WithAlpha(points > 200 ? 0.45 : 0.85));
            markers.MarkerSize = points > 200 ? 3 : 6;
            markers.LegendText = s.Name;
        }

        plot.Title(title, 13);
        plot.XLabel(xLabel);
        plot.YLabel("predicted");
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, 440, 400, title);
    }

    /// <summary>
    /// Score over bitrate on a logarithmic rate axis (the axis BD-rate averages over): each curve's points and the
    /// function through them, and dotted lines where the rate range both curves cover begins and ends.
    /// </summary>
    public ChartImage RateQuality(string metric, IReadOnlyList<RateSeries> series, double sharedLowKbps, double sharedHighKbps)
    {
        var plot = NewPlot();
        foreach (double edge in new[] { sharedLowKbps, sharedHighKbps })
        {
            var line = plot.Add.VerticalLine(Math.Log10(edge), 1, Colors.Black.WithAlpha(0.35), LinePattern.Dotted);
            line.LegendText = edge == sharedLowKbps ? "rates both cover" : "";
        }

        foreach (var s in series)
        {
            var curve = plot.Add.ScatterLine(s.CurveRates.Select(Math.Log10).ToArray(), s.CurveScores, s.Color);
            curve.LineWidth = 2;
            curve.LegendText = s.Name;
            var points = plot.Add.ScatterPoints(s.PointRates.Select(Math.Log10).ToArray(), s.PointScores, s.Color);
            points.MarkerSize = 8;
        }

        var rates = series.SelectMany(s => s.PointRates).ToArray();
        plot.Axes.Bottom.TickGenerator = LogTicks(rates.Min(), rates.Max());
        plot.Title($"{metric} over bitrate");
        plot.XLabel("bitrate (kbps, logarithmic)");
        plot.YLabel(metric);
        plot.ShowLegend(Alignment.LowerRight);
        return Render(plot, Width, 420, $"{metric} over bitrate");
    }

    /// <summary>Ticks at 1, 2 and 5 times each power of ten in [low, high] (kbps), minor ones at the other integers.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double low, double high)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(Math.Log10(low)) - 1; decade <= (int)Math.Ceiling(Math.Log10(high)); decade++)
        {
            for (int m = 1; m < 10; m++)
            {
                double value = m * Math.Pow(10, decade);
                if (value < low / 1.5 || value > high * 1.5)
                {
                    continue;
                }

                if (m is 1 or 2 or 5)
                {
                    ticks.AddMajor(Math.Log10(value), value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(Math.Log10(value));
                }
            }
        }

        return ticks;
    }

    private Plot NewPlot()
    {
        var plot = new Plot { ScaleFactor = Density };
        if (_font is not null)
        {
            plot.Font.Set(_font);
        }

        return plot;
    }

    private static ChartImage Render(Plot plot, int width, int height, string alt)
        => new(plot.GetImageBytes(width * Density, height * Density, ImageFormat.Png), width, height, alt);
}
