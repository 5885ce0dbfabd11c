using System.Globalization;

namespace TinyVmaf.Corpus.Import;

/// <summary>
/// The scale a table's opinion scores are on, e.g. <c>1:5</c> for ACR; rescaled to 0..100 as
/// <c>(m − Lo) / (Hi − Lo) · 100</c>, the scale the model predicts on.
/// </summary>
public sealed record MosScale(double Lo, double Hi)
{
    public double Rescale(double mos) => (mos - Lo) / (Hi - Lo) * 100.0;

    /// <summary>Parses <c>LO:HI</c> (invariant culture). Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static MosScale Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi))
        {
            throw new FormatException($"'{text}' is not a MOS scale: expected LO:HI, e.g. 1:5");
        }

        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi <= lo)
        {
            throw new FormatException($"'{text}' is not a MOS scale: HI must be a finite number above LO");
        }

        return new MosScale(lo, hi);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Lo:R}:{Hi:R}");
}
